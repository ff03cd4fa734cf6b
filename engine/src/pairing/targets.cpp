#include "sunplan/pairing/targets.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "sunplan/coverage/catchment_radius.hpp"

namespace sunplan::pairing {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Smallest whole number of items that reaches `rate` of `of` (the 1e-9 absorbs 0.7 * 10 = 6.999…).
std::int64_t needed(double rate, std::int64_t of) {
  return static_cast<std::int64_t>(std::ceil(rate * static_cast<double>(of) - 1e-9));
}

double ratio(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : kNaN;
}

void add(UnitProgress& to, const UnitProgress& from) {
  to.youth += from.youth;
  to.paired += from.paired;
  to.urban_youth += from.urban_youth;
  to.urban_in_reach += from.urban_in_reach;
  to.bases += from.bases;
  to.teams += from.teams;
  to.paired_teams += from.paired_teams;
  to.paired_teams_with_specialist += from.paired_teams_with_specialist;
  to.specialists += from.specialists;
}

void finish(UnitProgress& p, const Targets& t, bool have_reach) {
  p.pairing_rate = ratio(p.paired, p.youth);
  p.paired_short = std::max<std::int64_t>(0, needed(t.pairing_rate, p.youth) - p.paired);
  p.pairing_met = p.youth > 0 && p.paired_short == 0;
  p.urban_reach_rate = have_reach ? ratio(p.urban_in_reach, p.urban_youth) : kNaN;
  p.urban_reach_met = have_reach && p.urban_youth > 0 &&
                      p.urban_in_reach >= needed(t.urban_reach_rate, p.urban_youth);
  p.bases_met = p.bases >= static_cast<std::int64_t>(std::ceil(p.base_quota - 1e-9));
  p.paired_team_specialist_rate = ratio(p.paired_teams_with_specialist, p.paired_teams);
  p.specialist_teams_met =
      p.paired_teams > 0 &&
      p.paired_teams_with_specialist >= needed(t.paired_team_specialist_rate, p.paired_teams);
  p.specialists_met =
      p.specialists >= static_cast<std::int64_t>(std::ceil(p.specialist_quota - 1e-9));
}

double national_share(std::int64_t national_count, std::int64_t youth,
                      std::int64_t national_youth) {
  return national_youth > 0 ? static_cast<double>(national_count) * static_cast<double>(youth) /
                                  static_cast<double>(national_youth)
                            : 0.0;
}

}  // namespace

TargetsProgress target_progress(const TargetsInput& in, const Targets& t) {
  const std::size_t n = in.youth_count.size();
  const std::size_t units = in.admin.size();
  if (in.youth_township.size() != n || in.youth_paired.size() != n ||
      (!in.youth_in_reach.empty() && in.youth_in_reach.size() != n))
    throw std::invalid_argument("target_progress: youth columns differ in size");
  if (!in.team_load.empty() && in.team_load.size() != in.teams.size())
    throw std::invalid_argument("target_progress: one team load per team expected");
  const bool have_reach = !in.youth_in_reach.empty();

  TargetsProgress out;
  out.units.assign(units, UnitProgress{});
  auto check_unit = [units](std::int32_t u) {
    if (u != kNone && (u < 0 || static_cast<std::size_t>(u) >= units))
      throw std::invalid_argument("target_progress: admin unit index out of range");
  };

  // 1. Each item to the unit it lies in (and to the total).
  std::vector<UrbanRural> cls(units);
  for (std::size_t u = 0; u < units; ++u)
    cls[u] = coverage::unit_class(in.admin, static_cast<std::int32_t>(u));
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t u = in.youth_township[i];
    check_unit(u);
    UnitProgress one;
    one.youth = in.youth_count[i];
    one.paired = std::min(in.youth_paired[i], in.youth_count[i]);
    if (u != kNone && cls[static_cast<std::size_t>(u)] == UrbanRural::urban) {
      one.urban_youth = one.youth;
      one.urban_in_reach = have_reach && in.youth_in_reach[i] ? one.youth : 0;
    }
    add(out.total, one);
    if (u != kNone) add(out.units[static_cast<std::size_t>(u)], one);
  }
  for (std::size_t b = 0; b < in.bases.size(); ++b) {
    if (!t.count_status[static_cast<std::size_t>(in.bases.status[b])]) continue;
    const std::int32_t u = in.bases.township[b];
    check_unit(u);
    ++out.total.bases;
    if (u != kNone) ++out.units[static_cast<std::size_t>(u)].bases;
  }
  for (std::size_t k = 0; k < in.teams.size(); ++k) {
    UnitProgress one;
    one.teams = 1;
    const bool specialist = k < in.teams.has_specialist.size() && in.teams.has_specialist[k];
    one.specialists = specialist ? 1 : 0;
    const bool paired = !in.team_load.empty() && in.team_load[k] > 0;
    one.paired_teams = paired ? 1 : 0;
    one.paired_teams_with_specialist = paired && specialist ? 1 : 0;
    const std::int32_t u = in.teams.township[k];
    check_unit(u);
    add(out.total, one);
    if (u != kNone) add(out.units[static_cast<std::size_t>(u)], one);
  }

  // 2. Roll up: parents come before children, so children are summed into parents backwards.
  for (std::size_t u = units; u-- > 0;) {
    const std::int32_t parent = in.admin.units[u].parent;
    if (parent == kNone) continue;
    if (static_cast<std::size_t>(parent) >= u)
      throw std::invalid_argument("target_progress: a unit's parent must come before it");
    add(out.units[static_cast<std::size_t>(parent)], out.units[u]);
  }

  // 3. Quotas top-down, then the comparisons.
  for (std::size_t u = 0; u < units; ++u) {
    UnitProgress& p = out.units[u];
    const std::string& code = in.admin.units[u].code;
    const std::int32_t parent = in.admin.units[u].parent;
    const UnitProgress* up =
        parent == kNone ? nullptr : &out.units[static_cast<std::size_t>(parent)];
    auto quota = [&](const std::map<std::string, double>& explicit_quota, std::int64_t national,
                     double parent_quota, bool& is_explicit) {
      if (auto it = explicit_quota.find(code); it != explicit_quota.end()) {
        is_explicit = true;
        return it->second;
      }
      if (up != nullptr && up->youth > 0)
        return parent_quota * static_cast<double>(p.youth) / static_cast<double>(up->youth);
      return national_share(national, p.youth, t.national_youth);
    };
    p.base_quota =
        quota(t.base_quota, t.national_bases, up ? up->base_quota : 0.0, p.base_quota_explicit);
    p.specialist_quota = quota(t.specialist_quota, t.national_specialists,
                               up ? up->specialist_quota : 0.0, p.specialist_quota_explicit);
    finish(p, t, have_reach);
  }
  out.total.base_quota = national_share(t.national_bases, out.total.youth, t.national_youth);
  out.total.specialist_quota =
      national_share(t.national_specialists, out.total.youth, t.national_youth);
  finish(out.total, t, have_reach);
  return out;
}

}  // namespace sunplan::pairing
