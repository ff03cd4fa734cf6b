// Nearest base and every base within its own catchment radius, for each demand point,
// by straight-line distance in the projected working CRS.
//
//   std::vector<double> r = base_radii_m(d.bases, d.admin, CatchmentRadii{});
//   DistanceReach reach = distance_reach(d.youth.pos, d.bases.pos, r, {}, progress);
//   reach.nearest[i], reach.nearest_cost[i], reach.in_reach_count[i], reach.reach (ReachMatrix)
//
// A facility with a negative (or NaN) radius is left out entirely. Distances are
// sunplan::distance() in double; "in reach" means distance <= radius (inclusive).
// Ties for the nearest base go to the lower facility index, and ReachMatrix rows are
// sorted by (float cost, facility index), so the result depends only on the data.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan::coverage {

struct DistanceReachOptions {
  bool build_matrix = true;          // false: only nearest + counts (less memory)
  std::size_t chunk_points = 65536;  // points per progress step; each chunk runs on all cores
};

struct DistanceReach {
  std::vector<std::int32_t> nearest;         // facility index, kNone when no facility is active
  std::vector<double> nearest_cost;          // metres here; +infinity when nearest is kNone
  std::vector<std::int32_t> in_reach_count;  // facilities whose radius covers the point
  ReachMatrix reach;                         // no rows at all (demand_count() 0) when !build_matrix
};

DistanceReach distance_reach(const PointSet& demand, const PointSet& facilities,
                             std::span<const double> radius_m, const DistanceReachOptions& options,
                             Progress& progress);

}  // namespace sunplan::coverage
