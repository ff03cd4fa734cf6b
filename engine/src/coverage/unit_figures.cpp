#include "sunplan/coverage/unit_figures.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "sunplan/coverage/catchment_radius.hpp"

namespace sunplan::coverage {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double zone_weight(double d, double r, const E2sfcaOptions& o) {
  for (std::size_t k = 0; k < o.zone_fraction.size(); ++k)
    if (d <= o.zone_fraction[k] * r) return o.zone_weight[k];
  return 0.0;
}

// Sums accumulated per unit before the rates are derived.
struct Acc {
  UnitFigures f;
  double sum_nearest_m = 0.0;
  std::int64_t youth_with_nearest = 0;
  double sum_access = 0.0;

  void add(const Acc& o) {
    f.youth += o.f.youth;
    f.in_reach += o.f.in_reach;
    f.served += o.f.served;
    f.unserved_no_base += o.f.unserved_no_base;
    f.unserved_full += o.f.unserved_full;
    for (int c = 0; c < 3; ++c) {
      f.by_class[c].youth += o.f.by_class[c].youth;
      f.by_class[c].in_reach += o.f.by_class[c].in_reach;
      f.by_class[c].served += o.f.by_class[c].served;
    }
    for (int t = 0; t < kBaseTypeCount; ++t)
      for (int s = 0; s < 3; ++s) f.bases[t][s] += o.f.bases[t][s];
    f.base_load += o.f.base_load;
    sum_nearest_m += o.sum_nearest_m;
    youth_with_nearest += o.youth_with_nearest;
    sum_access += o.sum_access;
  }

  UnitFigures finish() const {
    UnitFigures out = f;
    const auto youth = static_cast<double>(f.youth);
    out.reach_rate = f.youth > 0 ? static_cast<double>(f.in_reach) / youth : kNaN;
    out.served_rate = f.youth > 0 ? static_cast<double>(f.served) / youth : kNaN;
    out.accessibility = f.youth > 0 ? sum_access / youth : kNaN;
    out.mean_nearest =
        youth_with_nearest > 0 ? sum_nearest_m / static_cast<double>(youth_with_nearest) : kNaN;
    out.p90_nearest = kNaN;  // filled by the percentile sweep
    return out;
  }
};

}  // namespace

E2sfcaResult e2sfca(std::span<const std::int32_t> demand, const ReachMatrix& reach,
                    std::span<const double> radius_m, std::span<const double> supply,
                    const E2sfcaOptions& options) {
  if (options.zone_fraction.size() != options.zone_weight.size())
    throw std::invalid_argument("e2sfca: zone fractions and weights differ in size");
  if (demand.size() != reach.demand_count() || supply.size() != radius_m.size())
    throw std::invalid_argument("e2sfca: sizes differ");
  E2sfcaResult out;
  const std::size_t n = demand.size();
  // Step 1: each facility's supply over the decay-weighted demand in its catchment.
  std::vector<double> weighted_demand(supply.size(), 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (auto k = reach.offsets[i]; k < reach.offsets[i + 1]; ++k) {
      const auto j = reach.facility[k];
      weighted_demand[j] += demand[i] * zone_weight(reach.cost[k], radius_m[j], options);
    }
  out.facility_ratio.assign(supply.size(), 0.0);
  for (std::size_t j = 0; j < supply.size(); ++j)
    if (weighted_demand[j] > 0) out.facility_ratio[j] = supply[j] / weighted_demand[j];
  // Step 2: each point sums the ratios of the facilities reaching it, decay-weighted again.
  out.point_score.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i)
    for (auto k = reach.offsets[i]; k < reach.offsets[i + 1]; ++k) {
      const auto j = reach.facility[k];
      out.point_score[i] +=
          out.facility_ratio[j] * zone_weight(reach.cost[k], radius_m[j], options);
    }
  return out;
}

namespace {

bool figures_valid_unit(std::int32_t u, std::size_t units) {
  return u >= 0 && static_cast<std::size_t>(u) < units;
}

// Each base's supply for the accessibility score (none without a radius).
std::vector<double> figures_base_supply(const UnitFiguresInput& in,
                                        const UnitFiguresOptions& options) {
  std::vector<double> supply(in.bases.size(), 0.0);
  for (std::size_t j = 0; j < in.bases.size(); ++j) {
    if (!(in.radius_m[j] >= 0.0)) continue;
    if (!options.e2sfca.supply_is_capacity)
      supply[j] = 1.0;
    else if (in.bases.capacity[j] == kUnlimited)
      supply[j] = options.e2sfca.unlimited_supply;
    else
      supply[j] = std::max(0, in.bases.capacity[j]);
  }
  return supply;
}

// The sums of every unit (its own youth and bases first, then rolled up) and of the whole
// area.
struct FiguresSums {
  std::vector<Acc> units;
  Acc total;
};

// Each youth point's and each base's figures, added to its township and the total.
FiguresSums figures_own_sums(const UnitFiguresInput& in, const E2sfcaResult& access) {
  const std::size_t units = in.admin.units.size();
  FiguresSums sums;
  sums.units.resize(units);
  std::vector<std::uint8_t> class_of_unit(units);
  for (std::size_t u = 0; u < units; ++u)
    class_of_unit[u] =
        static_cast<std::uint8_t>(unit_class(in.admin, static_cast<std::int32_t>(u)));
  for (std::size_t i = 0; i < in.youth_count.size(); ++i) {
    const std::int64_t c = in.youth_count[i];
    if (c <= 0) continue;
    const std::int32_t u = in.youth_township[i];
    const int cls = figures_valid_unit(u, units) ? class_of_unit[static_cast<std::size_t>(u)] : 0;
    const bool reached = in.reach.in_reach_count[i] > 0;
    const std::int64_t served = in.served.served[i];
    Acc a;
    a.f.youth = c;
    a.f.in_reach = reached ? c : 0;
    a.f.served = served;
    (reached ? a.f.unserved_full : a.f.unserved_no_base) = c - served;
    a.f.by_class[cls] = {c, a.f.in_reach, served};
    if (std::isfinite(in.reach.nearest_cost[i])) {
      a.sum_nearest_m = static_cast<double>(c) * in.reach.nearest_cost[i];
      a.youth_with_nearest = c;
    }
    a.sum_access = static_cast<double>(c) * access.point_score[i];
    sums.total.add(a);
    if (figures_valid_unit(u, units)) sums.units[static_cast<std::size_t>(u)].add(a);
  }
  for (std::size_t j = 0; j < in.bases.size(); ++j) {
    Acc a;
    a.f.bases[static_cast<int>(in.bases.type[j])][static_cast<int>(in.bases.status[j])] = 1;
    a.f.base_load = in.served.load[j];
    sums.total.add(a);
    const std::int32_t u = in.bases.township[j];
    if (figures_valid_unit(u, units)) sums.units[static_cast<std::size_t>(u)].add(a);
  }
  return sums;
}

// Roll up deepest first, so the order of AdminUnits::units does not matter.
void figures_roll_up(const AdminUnits& admin, std::vector<Acc>& acc) {
  const std::size_t units = admin.units.size();
  std::vector<int> depth(units, 0);
  for (std::size_t u = 0; u < units; ++u)
    for (std::int32_t p = admin.units[u].parent; figures_valid_unit(p, units) && depth[u] < 64;
         p = admin.units[static_cast<std::size_t>(p)].parent)
      ++depth[u];
  std::vector<std::size_t> order(units);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return depth[a] > depth[b]; });
  for (std::size_t u : order) {
    const std::int32_t p = admin.units[u].parent;
    if (figures_valid_unit(p, units)) acc[static_cast<std::size_t>(p)].add(acc[u]);
  }
}

// Percentile of nearest distance, nearest-rank: sweep points by distance and record, for
// every unit on the point's chain, the distance at which its running count first reaches
// ceil(p * N).
void figures_nearest_percentile(const UnitFiguresInput& in, const UnitFiguresOptions& options,
                                const FiguresSums& sums, UnitFiguresResult& out) {
  const std::size_t n = in.youth_count.size(), units = in.admin.units.size();
  std::vector<std::uint32_t> by_distance;
  by_distance.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    if (in.youth_count[i] > 0 && std::isfinite(in.reach.nearest_cost[i]))
      by_distance.push_back(static_cast<std::uint32_t>(i));
  std::sort(by_distance.begin(), by_distance.end(), [&](std::uint32_t a, std::uint32_t b) {
    const double da = in.reach.nearest_cost[a], db = in.reach.nearest_cost[b];
    return da != db ? da < db : a < b;
  });
  auto rank_needed = [&](std::int64_t n_youth) {
    auto r = static_cast<std::int64_t>(
        std::ceil(options.percentile * static_cast<double>(n_youth) - 1e-9));
    return std::clamp<std::int64_t>(r, 1, n_youth);
  };
  std::vector<std::int64_t> running(units, 0);
  std::int64_t running_total = 0;
  const std::int64_t total_needed =
      sums.total.youth_with_nearest > 0 ? rank_needed(sums.total.youth_with_nearest) : 0;
  for (std::uint32_t i : by_distance) {
    const std::int64_t c = in.youth_count[i];
    const double d = in.reach.nearest_cost[i];
    if (running_total < total_needed && running_total + c >= total_needed)
      out.total.p90_nearest = d;
    running_total += c;
    for (std::int32_t u = in.youth_township[i]; figures_valid_unit(u, units);
         u = in.admin.units[static_cast<std::size_t>(u)].parent) {
      const auto uu = static_cast<std::size_t>(u);
      const std::int64_t need = rank_needed(sums.units[uu].youth_with_nearest);
      if (running[uu] < need && running[uu] + c >= need) out.units[uu].p90_nearest = d;
      running[uu] += c;
    }
  }
}

}  // namespace

UnitFiguresResult unit_figures(const UnitFiguresInput& in, const UnitFiguresOptions& options,
                               Progress& progress) {
  const std::size_t n = in.youth_count.size();
  const std::size_t units = in.admin.units.size();
  if (in.youth_township.size() != n || in.reach.nearest_cost.size() != n ||
      in.reach.in_reach_count.size() != n || in.served.served.size() != n ||
      in.reach.reach.demand_count() != n)
    throw std::invalid_argument("unit_figures: youth columns, reach and served differ in size");
  if (in.radius_m.size() != in.bases.size() || in.served.load.size() != in.bases.size())
    throw std::invalid_argument("unit_figures: radii, loads and bases differ in size");

  // Accessibility per point.
  const std::vector<double> supply = figures_base_supply(in, options);
  E2sfcaResult access = e2sfca(in.youth_count, in.reach.reach, in.radius_m, supply, options.e2sfca);
  report_or_cancel(progress, 0.3, "unit figures");

  FiguresSums sums = figures_own_sums(in, access);
  figures_roll_up(in.admin, sums.units);
  UnitFiguresResult out;
  out.units.resize(units);
  for (std::size_t u = 0; u < units; ++u) out.units[u] = sums.units[u].finish();
  out.total = sums.total.finish();
  report_or_cancel(progress, 0.6, "unit figures");

  figures_nearest_percentile(in, options, sums, out);
  out.point_accessibility = std::move(access.point_score);
  out.facility_ratio = std::move(access.facility_ratio);
  report_or_cancel(progress, 1.0, "unit figures");
  return out;
}

}  // namespace sunplan::coverage
