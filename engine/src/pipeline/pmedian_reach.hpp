// Who a youth may be assigned to in the p-median model (straight-line mode), internal to the
// pipeline: every facility within the assignment radius. The radius is automatic by default:
// the farthest youth's nearest facility, so that every youth has a facility to go to. A youth
// with no facility within an explicit radius, or none of its facilities open, counts at its
// nearest existing base's distance (where it would go), or at twice the radius when there is
// no existing base; the notes say how many youth that concerns.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan {

struct PmedianReach {
  ReachMatrix reach;
  double radius_m = 0;
  std::vector<double> unassigned;  // per demand point
  std::vector<std::string> notes;
};

// radius_m: 0 = automatic. Throws UsageError when the radius would list more assignment
// options than fit in memory (set [siting] pmedian_radius_m then).
PmedianReach pmedian_reach(const PointSet& demand, std::span<const std::int64_t> weight,
                           const PointSet& facilities, std::span<const std::uint8_t> existing,
                           double radius_m, Progress& progress);

}  // namespace sunplan
