// Catchment and gap polygons for the result layers, one path for both catchment modes (GEOS
// through the geo module).
//
//   CoverageGeometry g = coverage_geometry(d, c, distance_catchments(d, c, progress), progress);
//   // network mode: the per-base isochrones at the cutoff instead of the discs
//
// Catchments are clipped to the townships their boxes touch (an R-tree, not the union of every
// township: that union is costly for a whole country); gaps are found per township against
// the catchments whose boxes touch it, so the work scales with the data. Progress is reported
// and may cancel (CancelledError) in both steps.
#pragma once

#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/coverage/coverage.hpp"

namespace sunplan {

struct CoverageGeometry {
  std::vector<std::int32_t> catchment_base;  // base index of each catchment polygon
  std::vector<MultiPolygon> catchments;      // the base's area clipped to the study area
  MultiPolygon catchment_union;
  std::vector<std::int32_t> gap_township;  // unit index of each gap polygon
  std::vector<std::int64_t> gap_unserved;  // unserved youth inside it
  std::vector<MultiPolygon> gaps;
};

// The area one base reaches before clipping: a disc of its radius (distance mode) or its
// isochrone at the cutoff (network mode).
struct CatchmentArea {
  std::int32_t base = 0;
  MultiPolygon area;
};

// Distance mode's areas: a disc of c.radius[i] around every base with a positive radius.
std::vector<CatchmentArea> distance_catchments(const Dataset& d, const coverage::CoverageResult& c,
                                               Progress& progress);

// Each area clipped to the townships its box touches (kept whole when no township has an
// outline; dropped when it touches none), their union, and the gaps: for each township with
// youth that no base reaches, the parts of the township outside every catchment that hold at
// least one such youth point.
CoverageGeometry coverage_geometry(const Dataset& d, const coverage::CoverageResult& c,
                                   std::vector<CatchmentArea> areas, Progress& progress);

}  // namespace sunplan
