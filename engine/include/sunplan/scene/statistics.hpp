// Statistics by admin level from a unit layer's division codes: the drill-down table.
//
//   StatTable t = summarize(scene, *townships, AdminLevel::county, "3101",
//                           {"youth", "served", "unserved"});
//   for (const StatRow& r : t.rows) print(r.code, r.name, r.sums[1] / r.sums[0]);
//
// Groups the features whose `code` starts with `parent_code` by the code's prefix at
// `level` (2 digits province, 4 city, 6 county, 9 township). Names come from the
// scene's provinces/cities/counties layers when present, then from the townships'
// own `county` field for counties, else the code itself. NULL values add nothing.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

struct StatRow {
  std::string code;
  std::string name;
  std::vector<double> sums;  // aligned with StatTable::fields
  std::size_t features = 0;  // unit features in the group
  bool withheld = false;     // aggregate mode: the run withholds the group's counts (disclosed.hpp)
  Box bounds;                // for "click to zoom"
};

struct StatTable {
  AdminLevel level = AdminLevel::township;
  std::string parent_code;
  std::vector<std::string> fields;  // those present in the layer, in the order asked
  std::vector<StatRow> rows;        // sorted by code
};

StatTable summarize(const Scene& scene, const Layer& units, AdminLevel level,
                    std::string_view parent_code, const std::vector<std::string>& fields);

}  // namespace sunplan::scene
