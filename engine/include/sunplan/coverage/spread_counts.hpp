// Places youth known only as counts per township at points, so the point-based analyses
// (reach, served, figures) can run on aggregate registries.
//
//   SpreadAnchors villages{pos, unit_of_each, weight_of_each};   // may be empty
//   SpreadResult s = spread_counts(d.admin, {townships, counts}, villages, {}, progress);
//   // s.pos, s.count, s.township: append to Youth (count > 0 only)
//
// Rule, per (township, count) entry:
//  1. If anchor points of that township exist (e.g. village points), the count goes to them
//     in proportion to their weights (all 1 when no weights or all weights are 0).
//  2. Otherwise to the centres of a regular square grid over the township polygon that fall
//     inside it (core contains()); the step gives about min(count, max_grid_points) cells.
//     If no centre falls inside (a sliver), one interior point found on a scan line is used.
//  3. Township with no anchors and no geometry: nothing placed, listed in `unplaced`.
// The integer count is split by largest remainder, ties to the lower point index; with equal
// weights the remainder is spread evenly along the point order instead (every remainder ties).
// Totals are exact, output is deterministic, and points with a zero share are not emitted.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::coverage {

struct UnitCounts {
  std::span<const std::int32_t> unit;   // index into AdminUnits::units
  std::span<const std::int64_t> count;  // youth in that unit
};

struct SpreadAnchors {
  PointSet pos;
  std::vector<std::int32_t> unit;  // which unit each anchor belongs to
  std::vector<double> weight;      // empty = all 1; negative treated as 0
};

struct SpreadOptions {
  int max_grid_points = 64;  // per township, on the grid fallback
};

struct SpreadResult {
  PointSet pos;
  std::vector<std::int32_t> count;
  std::vector<std::int32_t> township;  // the unit each point was placed for
  std::vector<std::int32_t> entry;     // index of the input (unit, count) entry
  std::vector<std::int32_t> unplaced;  // entries that could not be placed (no anchors, no geometry)
};

SpreadResult spread_counts(const AdminUnits& admin, const UnitCounts& counts,
                           const SpreadAnchors& anchors, const SpreadOptions& options,
                           Progress& progress);

// Largest-remainder split of `total` over `weights` (exact sum; ties to the lower index; equal
// weights spread the remainder evenly). Exposed for tests and for other modules.
std::vector<std::int64_t> split_largest_remainder(std::int64_t total,
                                                  std::span<const double> weights);

}  // namespace sunplan::coverage
