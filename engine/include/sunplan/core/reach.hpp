// Which facilities each demand point can reach, and at what cost: the one structure that
// distance catchments and road-network catchments both produce, and that coverage,
// siting and pairing all consume.
//
//   ReachMatrix r = ...;                       // demand i -> facilities within the limit
//   for (auto k = r.offsets[i]; k < r.offsets[i + 1]; ++k) use(r.facility[k], r.cost[k]);
//
// Rows are sorted by cost, then facility index, so results never depend on input order.
#pragma once

#include <cstdint>
#include <vector>

namespace sunplan {

struct ReachMatrix {
  std::vector<std::uint64_t> offsets{0};  // size demand_count() + 1
  std::vector<std::uint32_t> facility;
  std::vector<float> cost;  // metres (distance mode) or seconds (network mode)

  std::size_t demand_count() const { return offsets.size() - 1; }
  std::size_t entry_count() const { return facility.size(); }
  std::size_t row_size(std::size_t i) const { return offsets[i + 1] - offsets[i]; }
};

}  // namespace sunplan
