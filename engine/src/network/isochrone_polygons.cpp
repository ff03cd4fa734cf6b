// The only GEOS user of the network module (so the lead can move it onto geo/ later). Each
// call makes its own reentrant GEOS context: safe from any thread, nothing shared.
#include <geos_c.h>

#include <cstdarg>
#include <cstdio>
#include <memory>
#include <string>

#include "sunplan/core/error.hpp"
#include "sunplan/network/isochrones.hpp"

namespace sunplan::network {

namespace {

void on_geos_error(const char* message, void* userdata) {
  *static_cast<std::string*>(userdata) = message ? message : "GEOS error";
}

class Geos {
 public:
  Geos() : m_ctx(GEOS_init_r()) {
    GEOSContext_setErrorMessageHandler_r(m_ctx, on_geos_error, &m_error);
  }
  ~Geos() { GEOS_finish_r(m_ctx); }
  Geos(const Geos&) = delete;
  Geos& operator=(const Geos&) = delete;
  GEOSContextHandle_t ctx() const { return m_ctx; }

  GEOSGeometry* check(GEOSGeometry* g) const {
    if (!g) throw Error(ExitCode::failure, "GEOS: " + m_error);
    return g;
  }

  struct Deleter {
    GEOSContextHandle_t ctx;
    void operator()(GEOSGeometry* g) const {
      if (g) GEOSGeom_destroy_r(ctx, g);
    }
  };
  using Ptr = std::unique_ptr<GEOSGeometry, Deleter>;
  Ptr own(GEOSGeometry* g) const { return Ptr(check(g), Deleter{m_ctx}); }

  GEOSGeometry* line(const std::vector<Vec2>& pts) const {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(m_ctx, static_cast<unsigned>(pts.size()), 2);
    for (unsigned i = 0; i < pts.size(); ++i)
      GEOSCoordSeq_setXY_r(m_ctx, seq, i, pts[i].x, pts[i].y);
    return check(GEOSGeom_createLineString_r(m_ctx, seq));
  }

  GEOSGeometry* ring(const Ring& r) const {
    GEOSCoordSequence* seq = GEOSCoordSeq_create_r(m_ctx, static_cast<unsigned>(r.size()), 2);
    for (unsigned i = 0; i < r.size(); ++i) GEOSCoordSeq_setXY_r(m_ctx, seq, i, r[i].x, r[i].y);
    return check(GEOSGeom_createLinearRing_r(m_ctx, seq));
  }

  Ptr from(const MultiPolygon& mp) const {
    std::vector<GEOSGeometry*> polys;
    for (const Polygon& p : mp) {
      if (p.rings.empty()) continue;
      GEOSGeometry* shell = ring(p.rings[0]);
      std::vector<GEOSGeometry*> holes;
      for (std::size_t k = 1; k < p.rings.size(); ++k) holes.push_back(ring(p.rings[k]));
      polys.push_back(check(GEOSGeom_createPolygon_r(m_ctx, shell, holes.data(),
                                                     static_cast<unsigned>(holes.size()))));
    }
    return own(GEOSGeom_createCollection_r(m_ctx, GEOS_MULTIPOLYGON, polys.data(),
                                           static_cast<unsigned>(polys.size())));
  }

  Ring to_ring(const GEOSGeometry* r) const {
    const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(m_ctx, r);
    unsigned n = 0;
    GEOSCoordSeq_getSize_r(m_ctx, seq, &n);
    Ring out(n);
    for (unsigned i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(m_ctx, seq, i, &out[i].x, &out[i].y);
    return out;
  }

  void collect(const GEOSGeometry* g, MultiPolygon& out) const {
    const int type = GEOSGeomTypeId_r(m_ctx, g);
    if (type == GEOS_POLYGON) {
      if (GEOSisEmpty_r(m_ctx, g)) return;
      Polygon p;
      p.rings.push_back(to_ring(GEOSGetExteriorRing_r(m_ctx, g)));
      const int holes = GEOSGetNumInteriorRings_r(m_ctx, g);
      for (int k = 0; k < holes; ++k)
        p.rings.push_back(to_ring(GEOSGetInteriorRingN_r(m_ctx, g, k)));
      out.push_back(std::move(p));
    } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
      const int n = GEOSGetNumGeometries_r(m_ctx, g);
      for (int k = 0; k < n; ++k) collect(GEOSGetGeometryN_r(m_ctx, g, k), out);
    }
  }

  MultiPolygon to_multipolygon(const GEOSGeometry* g) const {
    MultiPolygon out;
    collect(g, out);
    return out;
  }

 private:
  GEOSContextHandle_t m_ctx;
  std::string m_error;
};

}  // namespace

MultiPolygon buffer_union(const std::vector<std::vector<Vec2>>& lines, double buffer_m,
                          int quadrant_segments) {
  if (lines.empty()) return {};
  Geos geos;
  std::vector<GEOSGeometry*> parts;
  parts.reserve(lines.size());
  for (const auto& l : lines) {
    if (l.size() >= 2) parts.push_back(geos.line(l));
  }
  if (parts.empty()) return {};
  auto multi = geos.own(GEOSGeom_createCollection_r(geos.ctx(), GEOS_MULTILINESTRING, parts.data(),
                                                    static_cast<unsigned>(parts.size())));
  // Buffering the whole multi-line lets GEOS union the offset curves in one pass.
  auto area = geos.own(GEOSBuffer_r(geos.ctx(), multi.get(), buffer_m, quadrant_segments));
  return geos.to_multipolygon(area.get());
}

MultiPolygon polygon_union(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  Geos geos;
  auto ga = geos.from(a), gb = geos.from(b);
  auto u = geos.own(GEOSUnion_r(geos.ctx(), ga.get(), gb.get()));
  return geos.to_multipolygon(u.get());
}

MultiPolygon polygon_difference(const MultiPolygon& a, const MultiPolygon& b) {
  if (a.empty() || b.empty()) return a;
  Geos geos;
  auto ga = geos.from(a), gb = geos.from(b);
  auto d = geos.own(GEOSDifference_r(geos.ctx(), ga.get(), gb.get()));
  return geos.to_multipolygon(d.get());
}

}  // namespace sunplan::network
