// Internal: pairs collected in any order, laid out per demand point in input order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace sunplan::pairing::detail {

struct PairEntry {
  std::uint32_t point;  // input index of the demand point
  std::uint32_t team;   // team rank (canonical) until lay_out's caller maps it back
  std::int32_t count;
  float cost;
  std::uint8_t kept;
};

// Stable by point: the entries of one point keep the order they were added in.
inline void lay_out(std::vector<PairEntry>& entries, std::size_t points,
                    std::vector<std::uint64_t>& offsets) {
  std::stable_sort(entries.begin(), entries.end(),
                   [](const PairEntry& a, const PairEntry& b) { return a.point < b.point; });
  offsets.assign(points + 1, 0);
  for (const PairEntry& e : entries) ++offsets[e.point + 1];
  for (std::size_t i = 0; i < points; ++i) offsets[i + 1] += offsets[i];
}

}  // namespace sunplan::pairing::detail
