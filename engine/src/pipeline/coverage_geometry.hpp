// Catchment and gap polygons for the result layers (GEOS through the geo module).
#pragma once

#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/coverage/coverage.hpp"

namespace sunplan {

struct CoverageGeometry {
  std::vector<std::int32_t> catchment_base;  // base index of each catchment polygon
  std::vector<MultiPolygon> catchments;      // buffer of the radius clipped to the study area
  MultiPolygon catchment_union;
  std::vector<std::int32_t> gap_township;    // unit index of each gap polygon
  std::vector<std::int64_t> gap_unserved;    // unserved youth inside it
  std::vector<MultiPolygon> gaps;
};

// Gaps: for each township with youth that no base reaches, the parts of the township
// outside every catchment that hold at least one such youth point. Work is per
// township against the catchments whose boxes touch it, so it scales with the data.
CoverageGeometry coverage_geometry(const Dataset& d, const coverage::CoverageResult& c, Progress& progress);

}  // namespace sunplan
