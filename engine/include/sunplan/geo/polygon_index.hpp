// Which polygon contains a point: build once from the admin units, query many times.
//
//   sunplan::geo::PolygonIndex index(township_geometries);      // working CRS metres
//   std::int32_t unit = index.locate({x_m, y_m});                // kNone when outside all
//   std::vector<std::int32_t> units = index.locate_all(youth.pos, progress);  // all cores
//
// A packed R-tree (Boost.Geometry, STR bulk loading) over the polygons' boxes finds the
// candidates; each candidate is tested exactly by crossing parity over all its rings (so
// holes and multipolygon parts work), with the polygon's edges bucketed into horizontal
// bands so only the edges that can cross the point's horizontal ray are looked at.
//
// Overlaps: the LOWEST polygon index that contains the point wins.
// Boundaries: a point exactly on an edge belongs to the polygon that lies immediately
// east of it (north of it on a horizontal edge; the north-east one at a shared corner), so
// a point on the border shared by two units of a tiling goes to exactly one of them. This is
// the half-open crossing rule with each edge evaluated in one canonical direction, so the
// two neighbours compute the same crossing bit for bit.
//
// Thread-safe for concurrent queries once built (queries only read).
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::geo {

class PolygonIndex {
 public:
  PolygonIndex();
  explicit PolygonIndex(const std::vector<MultiPolygon>& polygons);
  ~PolygonIndex();
  PolygonIndex(PolygonIndex&&) noexcept;
  PolygonIndex& operator=(PolygonIndex&&) noexcept;

  std::size_t size() const;          // number of polygons it was built from (empty ones included)
  std::size_t memory_bytes() const;  // heap held by the index (edges, bands, tree estimate)

  // Lowest index of a polygon containing p, or kNone.
  std::int32_t locate(Vec2 p) const;
  // locate() for every point, in parallel (TBB); reports progress as "locate points" and
  // throws CancelledError when asked to stop. Same output whatever the thread count.
  std::vector<std::int32_t> locate_all(const PointSet& points, Progress& progress) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

}  // namespace sunplan::geo
