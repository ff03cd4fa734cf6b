// Who is actually served: youth assigned to bases in reach under base capacities, so that
// the number served is maximal and, among those assignments, the total distance is minimal.
//
//   DistanceReach reach = distance_reach(...);
//   ServedAssignment s = assign_served(d.youth.count, reach.reach, d.bases.capacity, {}, progress);
//   s.served[i], s.facility[i], s.reason[i], s.load[j]; flows of point i in
//   [s.flow_offsets[i], s.flow_offsets[i+1]) of s.flow_facility / s.flow_count
//
// Method: demand points with identical reach rows (same facilities at the same costs) are
// merged; the network splits into independent components (solved in parallel); in each, one
// LEMON NetworkSimplex run with a source->sink bypass arc priced above any augmenting path
// gives the most youth served at the least total cost. Costs are integers:
// llround(cost / cost_unit), decimetres by default (see docs/coverage.md).
// Split back to points: within a merged group, lower point indexes take units first and
// take the group's flows in row order (cost, facility index). Totals do not depend on
// input order; which of several identical points is served does (lowest index first).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan::coverage {

enum class UnservedReason : std::uint8_t {
  none,              // every youth of the point is served
  no_base_in_reach,  // the point's reach row is empty
  bases_full,        // bases are in reach but all of them are at capacity
};
const char* to_string(UnservedReason r);

struct ServedOptions {
  double cost_unit = 0.1;  // metres per integer cost step (0.1 = decimetres)
};

struct ServedAssignment {
  std::vector<std::int32_t> served;          // per demand point
  std::vector<std::int32_t> facility;        // the facility serving the most of it, kNone if none
  std::vector<UnservedReason> reason;        // why count - served are not served
  std::vector<std::uint64_t> flow_offsets;   // CSR per demand point, size demand + 1
  std::vector<std::uint32_t> flow_facility;  // in row order (cost, facility index)
  std::vector<std::int32_t> flow_count;
  std::vector<std::int64_t> load;  // youth assigned to each facility
  std::int64_t total_demand = 0;
  std::int64_t total_served = 0;
  std::int64_t total_cost_units = 0;  // objective: sum count * llround(cost / unit)
  double total_cost = 0.0;            // sum count * ReachMatrix cost (metres or seconds)
  std::size_t groups = 0;             // merged demand groups in the flow network
};

// count: per demand point (>= 0); capacity: per facility, kUnlimited allowed, size must cover
// every facility index in reach.
ServedAssignment assign_served(std::span<const std::int32_t> count, const ReachMatrix& reach,
                               std::span<const std::int32_t> capacity, const ServedOptions& options,
                               Progress& progress);

}  // namespace sunplan::coverage
