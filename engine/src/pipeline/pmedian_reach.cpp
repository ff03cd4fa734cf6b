#include "pmedian_reach.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sunplan/core/error.hpp"
#include "sunplan/coverage/distance_reach.hpp"

namespace sunplan {

namespace {
// About 1.6 GB of reach entries (8 bytes each), plus the siting models built from them.
constexpr std::uint64_t kMaxOptions = 200'000'000;
}  // namespace

PmedianReach pmedian_reach(const PointSet& demand, std::span<const std::int64_t> weight,
                           const PointSet& facilities, std::span<const std::uint8_t> existing,
                           double radius_m, Progress& progress) {
  PmedianReach out;
  const std::size_t n = demand.size(), f = facilities.size();
  coverage::DistanceReachOptions nearest_only;
  nearest_only.build_matrix = false;
  const std::vector<double> every(f, 0.0);
  const auto nearest = coverage::distance_reach(demand, facilities, every, nearest_only, progress);
  std::vector<double> existing_only(f, -1.0);
  for (std::size_t j = 0; j < f; ++j)
    if (existing[j]) existing_only[j] = 0.0;
  const auto nearest_base =
      coverage::distance_reach(demand, facilities, existing_only, nearest_only, progress);

  double farthest = 0;
  std::int64_t beyond = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (weight[i] > 0 && std::isfinite(nearest.nearest_cost[i]))
      farthest = std::max(farthest, nearest.nearest_cost[i]);
  out.radius_m = radius_m > 0 ? radius_m : std::max(1.0, std::ceil(farthest));
  for (std::size_t i = 0; i < n; ++i)
    if (weight[i] > 0 && !(nearest.nearest_cost[i] <= out.radius_m)) beyond += weight[i];

  const std::vector<double> radius(f, out.radius_m);
  const auto counted = coverage::distance_reach(demand, facilities, radius, nearest_only, progress);
  std::uint64_t options = 0;
  for (auto c : counted.in_reach_count) options += static_cast<std::uint64_t>(c);
  if (options > kMaxOptions)
    throw UsageError(fmt::format(
        "p-median: an assignment radius of {:.0f} m lists {} youth-facility pairs, more than "
        "the {} that fit in memory; set [siting] pmedian_radius_m (metres) to a smaller radius",
        out.radius_m, options, kMaxOptions));
  out.reach = coverage::distance_reach(demand, facilities, radius, {}, progress).reach;

  out.unassigned.assign(n, 2.0 * out.radius_m);
  for (std::size_t i = 0; i < n; ++i)
    if (std::isfinite(nearest_base.nearest_cost[i]) && nearest_base.nearest_cost[i] > out.radius_m)
      out.unassigned[i] = nearest_base.nearest_cost[i];
  out.notes.push_back(
      radius_m > 0 ? fmt::format("p-median assignment radius {:.0f} m ([siting] pmedian_radius_m)",
                                 out.radius_m)
                   : fmt::format("p-median assignment radius {:.0f} m (automatic: the farthest "
                                 "youth's nearest facility)",
                                 out.radius_m));
  if (beyond > 0)
    out.notes.push_back(fmt::format(
        "{} youth have no facility within the assignment radius; they count at their nearest "
        "existing base's distance (twice the radius when there is none)",
        beyond));
  return out;
}

}  // namespace sunplan
