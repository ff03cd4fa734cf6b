#include "sunplan/geo/geos_ops.hpp"

#include <geos_c.h>
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <cstdarg>
#include <cstdio>
#include <map>
#include <memory>
#include <utility>

#include "sunplan/core/error.hpp"

namespace sunplan::geo {
namespace {

// One GEOS context per call: created and destroyed here, never shared between threads.
class Geos {
 public:
  Geos() : m_h(GEOS_init_r()) {
    if (!m_h) throw ResourceError("cannot create a GEOS context");
    GEOSContext_setErrorMessageHandler_r(m_h, &Geos::on_error, this);
  }
  ~Geos() { GEOS_finish_r(m_h); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;

  GEOSContextHandle_t h() const { return m_h; }
  [[noreturn]] void fail(const char* what) const {
    throw Error(ExitCode::failure, std::string("GEOS ") + what + " failed: " + m_last_error);
  }

 private:
  static void on_error(const char* message, void* user) {
    static_cast<Geos*>(user)->m_last_error = message ? message : "";
  }
  GEOSContextHandle_t m_h;
  std::string m_last_error;
};

struct GeomDeleter {
  GEOSContextHandle_t h;
  void operator()(GEOSGeometry* g) const {
    if (g) GEOSGeom_destroy_r(h, g);
  }
};
using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GeomPtr own(const Geos& g, GEOSGeometry* p, const char* what) {
  if (!p) g.fail(what);
  return GeomPtr(p, GeomDeleter{g.h()});
}

GEOSGeometry* make_ring(const Geos& g, const Ring& ring) {
  const bool closed = !ring.empty() && ring.front() == ring.back();
  const unsigned n = static_cast<unsigned>(ring.size() + (closed || ring.empty() ? 0 : 1));
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h(), n, 2);
  if (!seq) g.fail("CoordSeq_create");
  for (unsigned i = 0; i < ring.size(); ++i)
    GEOSCoordSeq_setXY_r(g.h(), seq, i, ring[i].x, ring[i].y);
  if (!closed && !ring.empty())
    GEOSCoordSeq_setXY_r(g.h(), seq, n - 1, ring.front().x, ring.front().y);
  GEOSGeometry* r = GEOSGeom_createLinearRing_r(g.h(), seq);  // takes ownership of seq
  if (!r) g.fail("createLinearRing");
  return r;
}

GEOSGeometry* make_polygon(const Geos& g, const Polygon& poly) {
  if (poly.rings.empty()) return GEOSGeom_createEmptyPolygon_r(g.h());
  GEOSGeometry* shell = make_ring(g, poly.rings[0]);
  std::vector<GEOSGeometry*> holes;
  for (std::size_t i = 1; i < poly.rings.size(); ++i) holes.push_back(make_ring(g, poly.rings[i]));
  GEOSGeometry* p = GEOSGeom_createPolygon_r(g.h(), shell, holes.empty() ? nullptr : holes.data(),
                                             static_cast<unsigned>(holes.size()));
  if (!p) g.fail("createPolygon");
  return p;
}

GeomPtr to_geos(const Geos& g, const MultiPolygon& mp) {
  std::vector<GEOSGeometry*> parts;
  parts.reserve(mp.size());
  for (const Polygon& poly : mp) parts.push_back(make_polygon(g, poly));
  return own(
      g,
      GEOSGeom_createCollection_r(g.h(), GEOS_MULTIPOLYGON, parts.empty() ? nullptr : parts.data(),
                                  static_cast<unsigned>(parts.size())),
      "createCollection");
}

Ring from_ring(const Geos& g, const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(g.h(), ring);
  unsigned n = 0;
  GEOSCoordSeq_getSize_r(g.h(), seq, &n);
  Ring out(n);
  for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(g.h(), seq, i, &out[i].x, &out[i].y);
  return out;
}

// Appends the polygonal parts of any geometry (collections are walked recursively).
void append_polygons(const Geos& g, const GEOSGeometry* geom, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(g.h(), geom);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(g.h(), geom)) return;
    Polygon poly;
    poly.rings.push_back(from_ring(g, GEOSGetExteriorRing_r(g.h(), geom)));
    const int holes = GEOSGetNumInteriorRings_r(g.h(), geom);
    for (int i = 0; i < holes; ++i)
      poly.rings.push_back(from_ring(g, GEOSGetInteriorRingN_r(g.h(), geom, i)));
    out.push_back(std::move(poly));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(g.h(), geom);
    for (int i = 0; i < n; ++i) append_polygons(g, GEOSGetGeometryN_r(g.h(), geom, i), out);
  }
}

MultiPolygon from_geos(const Geos& g, const GEOSGeometry* geom) {
  MultiPolygon out;
  append_polygons(g, geom, out);
  return out;
}

template <class Op>
MultiPolygon binary(const MultiPolygon& a, const MultiPolygon& b, Op op, const char* what) {
  Geos g;
  GeomPtr ga = to_geos(g, a), gb = to_geos(g, b);
  GeomPtr r = own(g, op(g.h(), ga.get(), gb.get()), what);
  return from_geos(g, r.get());
}

}  // namespace

MakeValidResult make_valid(const MultiPolygon& mp) {
  Geos g;
  GeomPtr geom = to_geos(g, mp);
  MakeValidResult out;
  const char v = GEOSisValid_r(g.h(), geom.get());
  if (v == 2) g.fail("isValid");
  if (v == 1) {
    out.geometry = mp;
    return out;
  }
  out.was_valid = false;
  if (char* reason = GEOSisValidReason_r(g.h(), geom.get())) {
    out.reason = reason;
    GEOSFree_r(g.h(), reason);
  }
  GeomPtr fixed = own(g, GEOSMakeValid_r(g.h(), geom.get()), "MakeValid");
  out.geometry = from_geos(g, fixed.get());
  // GEOS 3.11's MakeValid can leave a sub-nanometre spike that GEOS itself calls invalid
  // (tests/fuzz/known_bugs); a zero-width buffer removes it. What still fails is dropped,
  // so the caller rejects the row instead of passing an invalid polygon on.
  GeomPtr polygonal = to_geos(g, out.geometry);
  if (GEOSisValid_r(g.h(), polygonal.get()) != 1) {
    GeomPtr buffered = own(g, GEOSBuffer_r(g.h(), polygonal.get(), 0.0, 8), "Buffer");
    out.geometry = from_geos(g, buffered.get());
    GeomPtr again = to_geos(g, out.geometry);
    if (GEOSisValid_r(g.h(), again.get()) != 1) {
      out.geometry.clear();
      out.reason += "; MakeValid and buffer(0) could not repair it";
    }
  }
  return out;
}

bool is_valid(const MultiPolygon& mp) {
  Geos g;
  GeomPtr geom = to_geos(g, mp);
  const char v = GEOSisValid_r(g.h(), geom.get());
  if (v == 2) g.fail("isValid");
  return v == 1;
}

MultiPolygon buffer_point(Vec2 centre, double radius_m, int quadrant_segments) {
  Geos g;
  GeomPtr pt = own(g, GEOSGeom_createPointFromXY_r(g.h(), centre.x, centre.y), "createPoint");
  GeomPtr r = own(g, GEOSBuffer_r(g.h(), pt.get(), radius_m, quadrant_segments), "Buffer");
  return from_geos(g, r.get());
}

MultiPolygon buffer_lines(const std::vector<std::vector<Vec2>>& lines, double distance_m,
                          int quadrant_segments) {
  Geos g;
  std::vector<GEOSGeometry*> parts;
  parts.reserve(lines.size());
  for (const auto& line : lines) {
    if (line.size() < 2) continue;
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(g.h(), static_cast<unsigned>(line.size()), 2);
    if (!seq) g.fail("CoordSeq_create");
    for (unsigned i = 0; i < line.size(); ++i)
      GEOSCoordSeq_setXY_r(g.h(), seq, i, line[i].x, line[i].y);
    GEOSGeometry* geom = GEOSGeom_createLineString_r(g.h(), seq);  // takes ownership of seq
    if (!geom) g.fail("createLineString");
    parts.push_back(geom);
  }
  if (parts.empty()) return {};
  GeomPtr multi = own(g,
                      GEOSGeom_createCollection_r(g.h(), GEOS_MULTILINESTRING, parts.data(),
                                                  static_cast<unsigned>(parts.size())),
                      "createCollection");
  GeomPtr r = own(g, GEOSBuffer_r(g.h(), multi.get(), distance_m, quadrant_segments), "Buffer");
  return from_geos(g, r.get());
}

MultiPolygon union_all(const std::vector<MultiPolygon>& parts) {
  Geos g;
  std::vector<GEOSGeometry*> polys;
  for (const MultiPolygon& mp : parts)
    for (const Polygon& p : mp) polys.push_back(make_polygon(g, p));
  GeomPtr coll = own(g,
                     GEOSGeom_createCollection_r(g.h(), GEOS_GEOMETRYCOLLECTION,
                                                 polys.empty() ? nullptr : polys.data(),
                                                 static_cast<unsigned>(polys.size())),
                     "createCollection");
  GeomPtr r = own(g, GEOSUnaryUnion_r(g.h(), coll.get()), "UnaryUnion");
  return from_geos(g, r.get());
}

MultiPolygon unite(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return binary(a, b, GEOSUnion_r, "Union");
}

MultiPolygon intersection(const MultiPolygon& a, const MultiPolygon& b) {
  return binary(a, b, GEOSIntersection_r, "Intersection");
}

MultiPolygon difference(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.empty() || b.empty()) return a;
  return binary(a, b, GEOSDifference_r, "Difference");
}

MultiPolygon simplify(const MultiPolygon& mp, double tolerance_m) {
  Geos g;
  GeomPtr geom = to_geos(g, mp);
  GeomPtr r = own(g, GEOSTopologyPreserveSimplify_r(g.h(), geom.get(), tolerance_m), "Simplify");
  return from_geos(g, r.get());
}

std::vector<Overlap> overlapping_pairs(const std::vector<MultiPolygon>& polygons,
                                       double min_area_m2, Progress& progress) {
  namespace bg = boost::geometry;
  namespace bgi = boost::geometry::index;
  using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
  using BBox = bg::model::box<BPoint>;
  std::vector<std::pair<BBox, std::int32_t>> boxes;
  std::vector<Box> box_of(polygons.size());
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    if (polygons[i].empty()) continue;
    const Box b = box_of[i] = bounds(polygons[i]);
    boxes.emplace_back(BBox(BPoint(b.min_x, b.min_y), BPoint(b.max_x, b.max_y)),
                       static_cast<std::int32_t>(i));
  }
  const bgi::rtree<std::pair<BBox, std::int32_t>, bgi::rstar<16>> tree(boxes.begin(), boxes.end());

  std::vector<std::vector<Overlap>> found(polygons.size());
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, polygons.size(), 64),
      [&](const tbb::blocked_range<std::size_t>& range) {
        Geos g;
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          if (polygons[i].empty()) continue;
          std::vector<std::int32_t> partners;
          const Box& bi = box_of[i];
          const BBox query(BPoint(bi.min_x, bi.min_y), BPoint(bi.max_x, bi.max_y));
          tree.query(bgi::intersects(query), boost::make_function_output_iterator(
                                                 [&](const std::pair<BBox, std::int32_t>& v) {
                                                   if (static_cast<std::size_t>(v.second) > i)
                                                     partners.push_back(v.second);
                                                 }));
          if (partners.empty()) continue;
          std::sort(partners.begin(), partners.end());
          GeomPtr a = to_geos(g, polygons[i]);
          const GEOSPreparedGeometry* prepared = GEOSPrepare_r(g.h(), a.get());
          for (std::int32_t j : partners) {
            // The overlap is no larger than the boxes' common part: skip when that is small.
            const Box& bj = box_of[static_cast<std::size_t>(j)];
            const double w = std::min(bi.max_x, bj.max_x) - std::max(bi.min_x, bj.min_x);
            const double h = std::min(bi.max_y, bj.max_y) - std::max(bi.min_y, bj.min_y);
            if (!(w > 0 && h > 0 && w * h > min_area_m2)) continue;
            GeomPtr b = to_geos(g, polygons[static_cast<std::size_t>(j)]);
            if (GEOSPreparedIntersects_r(g.h(), prepared, b.get()) != 1) continue;
            GeomPtr both = own(g, GEOSIntersection_r(g.h(), a.get(), b.get()), "Intersection");
            double area_m2 = 0;
            GEOSArea_r(g.h(), both.get(), &area_m2);
            if (!(area_m2 > min_area_m2)) continue;
            Overlap o{static_cast<std::int32_t>(i), j, area_m2, {}};
            const MultiPolygon part = from_geos(g, both.get());
            const Polygon* largest = nullptr;
            double largest_area = -1;
            for (const Polygon& p : part)
              if (const double pa = std::abs(signed_area(p.rings.front())); pa > largest_area) {
                largest_area = pa;
                largest = &p;
              }
            if (largest) {
              GeomPtr lp = to_geos(g, MultiPolygon{*largest});
              GeomPtr c = own(g, GEOSPointOnSurface_r(g.h(), lp.get()), "PointOnSurface");
              GEOSGeomGetX_r(g.h(), c.get(), &o.at.x);
              GEOSGeomGetY_r(g.h(), c.get(), &o.at.y);
            }
            found[i].push_back(o);
          }
          GEOSPreparedGeom_destroy_r(g.h(), prepared);
        }
      });
  report_or_cancel(progress, 1.0, "township overlaps");
  std::vector<Overlap> out;
  for (auto& v : found) out.insert(out.end(), v.begin(), v.end());
  return out;
}

Triangulation triangulate(const MultiPolygon& mp) {
  Geos g;
  GeomPtr geom = to_geos(g, mp);
  GeomPtr tris =
      own(g, GEOSConstrainedDelaunayTriangulation_r(g.h(), geom.get()), "ConstrainedDelaunay");
  Triangulation out;
  std::map<std::pair<double, double>, std::uint32_t> ids;  // shared vertices stored once
  const int n = GEOSGetNumGeometries_r(g.h(), tris.get());
  for (int t = 0; t < n; ++t) {
    const GEOSGeometry* tri = GEOSGetGeometryN_r(g.h(), tris.get(), t);
    if (GEOSGeomTypeId_r(g.h(), tri) != GEOS_POLYGON || GEOSisEmpty_r(g.h(), tri)) continue;
    Ring ring = from_ring(g, GEOSGetExteriorRing_r(g.h(), tri));
    if (ring.size() < 4) continue;
    std::uint32_t idx[3];
    for (int k = 0; k < 3; ++k) {
      auto [it, inserted] =
          ids.try_emplace({ring[k].x, ring[k].y}, static_cast<std::uint32_t>(out.vertices.size()));
      if (inserted) out.vertices.push_back(ring[k]);
      idx[k] = it->second;
    }
    const Vec2 a = ring[0], b = ring[1], c = ring[2];
    const double cross = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
    if (cross < 0) std::swap(idx[1], idx[2]);  // the viewer expects counter-clockwise
    out.indices.insert(out.indices.end(), idx, idx + 3);
  }
  return out;
}

Triangulation triangulate_robust(const MultiPolygon& mp) {
  try {
    return triangulate(mp);
  } catch (const Error&) {
    return triangulate(make_valid(mp).geometry);
  }
}

}  // namespace sunplan::geo
