// Internal: the capacitated assignment (most demand served, then least cost) solved separately
// on each connected part of the demand-facility graph, the parts in parallel.
//
//   ComponentFlows f = solve_by_components(count, reach, capacity, cost_unit, progress);
//   flows of demand i: [f.offsets[i], f.offsets[i+1]) of f.facility / f.count / f.cost
//
// Each part is handed to coverage::assign_served() (max flow, then LEMON network simplex on
// demand merged by identical rows), so there is one min-cost-flow implementation in the
// engine. Parts share no facility and no demand, so their optima add up to the optimum of the
// whole; splitting only saves time (network simplex grows faster than linearly) and lets the
// parts use every core. Callers pass demand and facilities in canonical order.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan::pairing::detail {

struct ComponentFlows {
  std::vector<std::uint64_t> offsets;   // size demand + 1
  std::vector<std::uint32_t> facility;  // in row order (cost, facility index)
  std::vector<std::int32_t> count;
  std::vector<float> cost;           // the ReachMatrix cost of the entry
  std::vector<std::int32_t> served;  // per demand
  std::vector<std::int64_t> load;    // per facility
  std::size_t components = 0;
};

ComponentFlows solve_by_components(std::span<const std::int32_t> count, const ReachMatrix& reach,
                                   std::span<const std::int32_t> capacity, double cost_unit,
                                   Progress& progress, std::string_view stage);

}  // namespace sunplan::pairing::detail
