// GEOS operations on core geometry types, so no other module needs GEOS headers.
//
//   auto fixed = sunplan::geo::make_valid(unit.geometry);      // at load time, once
//   if (!fixed.was_valid) report(fixed.reason);
//   MultiPolygon disc = sunplan::geo::buffer_point({x_m, y_m}, 3000.0);
//   MultiPolygon gaps = sunplan::geo::difference(study_area, sunplan::geo::union_all(discs));
//   Triangulation t = sunplan::geo::triangulate(unit.geometry); // for the viewer
//
// Every call makes its own GEOS context (GEOS_init_r) and frees it before returning, so
// the functions are safe to call from any number of threads at once: no context is ever
// shared (qgis/QGIS#57082). Results keep only polygonal parts (a line or point left by
// an overlay is dropped). Coordinates are working-CRS metres. GEOS failures throw
// sunplan::Error (ExitCode::failure) with GEOS's message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::geo {

struct MakeValidResult {
  MultiPolygon geometry;  // the input itself when it was valid
  bool was_valid = true;
  std::string reason;  // GEOS's validity reason, e.g. "Self-intersection[1 1]"; empty if valid
};

MakeValidResult make_valid(const MultiPolygon& mp);
bool is_valid(const MultiPolygon& mp);

// A disc approximated by a regular polygon with 4 * quadrant_segments vertices on the circle.
MultiPolygon buffer_point(Vec2 centre, double radius_m, int quadrant_segments = 16);
// Every point within distance_m of the polylines (round caps and joins), as one area: the
// lines are buffered together, so GEOS unions the offset curves in one pass. A radius, like
// buffer_point's: a 100 m segment buffered by 10 m is a 100 x 20 corridor plus two half
// discs. Lines of fewer than two points are ignored.
MultiPolygon buffer_lines(const std::vector<std::vector<Vec2>>& lines, double distance_m,
                          int quadrant_segments = 8);

MultiPolygon union_all(const std::vector<MultiPolygon>& parts);
// a ∪ b (GEOSUnion); a or b when the other is empty.
MultiPolygon unite(const MultiPolygon& a, const MultiPolygon& b);
MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b);
// a − b; a itself when either is empty.
MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b);
// Douglas-Peucker that keeps topology valid (GEOSTopologyPreserveSimplify).
MultiPolygon simplify(const MultiPolygon& mp, double tolerance_m);

// Pairs of polygons whose interiors overlap by more than `min_area_m2` (a tiling's neighbours,
// which share only edges, are not reported): an R-tree of boxes finds the candidate pairs, GEOS
// measures each pair's intersection, in parallel. a < b; `at` is a point on the overlap's
// largest part. Sorted by a, then b.
struct Overlap {
  std::int32_t a = 0, b = 0;
  double area_m2 = 0;
  Vec2 at;
};
std::vector<Overlap> overlapping_pairs(const std::vector<MultiPolygon>& polygons,
                                       double min_area_m2, Progress& progress);

// Constrained Delaunay triangulation of the polygon's interior (holes respected):
// triangle k is vertices[indices[3k]], [3k+1], [3k+2], counter-clockwise.
struct Triangulation {
  std::vector<Vec2> vertices;
  std::vector<std::uint32_t> indices;
};
Triangulation triangulate(const MultiPolygon& mp);
// triangulate, or when GEOS refuses the polygon (an invalid one), the triangulation of its
// make_valid repair; throws only when the repair fails too.
Triangulation triangulate_robust(const MultiPolygon& mp);

}  // namespace sunplan::geo
