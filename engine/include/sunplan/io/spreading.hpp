// What loading asks of a spreading rule: youth given as counts per township, and rows placed
// from their address only to a township, are put at points by a rule the caller passes in
// (sunplan run passes coverage's spread_counts, pipeline/load.hpp), so io only reads.
//
//   SpreadCounts spread = [](const AdminUnits& admin, const CountsToSpread& c, Progress& p) {
//     SpreadPoints s;   // e.g. every count at its first anchor
//     ...
//     return s;
//   };
//   LoadResult r = load_dataset(scenario, spread, progress);
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan {

// One entry per unit to place people in, and the points the rule may anchor them to.
struct CountsToSpread {
  std::vector<std::int32_t> unit;         // index into AdminUnits::units
  std::vector<std::int64_t> count;        // how many to place in it
  PointSet anchor_pos;                    // working CRS, e.g. village points
  std::vector<std::int32_t> anchor_unit;  // the unit of each anchor
};

struct SpreadPoints {
  PointSet pos;                        // working CRS
  std::vector<std::int32_t> count;     // how many at each point (> 0)
  std::vector<std::int32_t> township;  // the unit each point was placed for
  std::vector<std::int32_t> entry;     // index of its CountsToSpread entry
  std::vector<std::int32_t> unplaced;  // entries that could not be placed
};

using SpreadCounts =
    std::function<SpreadPoints(const AdminUnits& admin, const CountsToSpread& counts, Progress&)>;

}  // namespace sunplan
