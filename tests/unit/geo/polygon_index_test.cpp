#include "sunplan/geo/polygon_index.hpp"

#include <gdal.h>
#include <geos_c.h>
#include <gtest/gtest.h>
#include <ogr_api.h>

#include <cmath>
#include <numbers>
#include <random>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"
#include "test_data.hpp"

namespace sunplan::geo {
namespace {

// Brute force: the lowest index whose core contains() says yes.
std::int32_t brute_force(const std::vector<MultiPolygon>& polys, Vec2 p) {
  for (std::size_t i = 0; i < polys.size(); ++i)
    if (contains(polys[i], p)) return static_cast<std::int32_t>(i);
  return kNone;
}

Ring star(std::mt19937_64& rng, Vec2 c, double r_min, double r_max, int n, bool clockwise) {
  std::uniform_real_distribution<double> rad(r_min, r_max);
  Ring ring;
  for (int k = 0; k < n; ++k) {
    const double a = 2 * std::numbers::pi * k / n * (clockwise ? -1 : 1);
    const double r = rad(rng);
    ring.push_back({c.x + r * std::cos(a), c.y + r * std::sin(a)});
  }
  ring.push_back(ring.front());
  return ring;
}

Ring square(double x0, double y0, double x1, double y1, bool clockwise = false) {
  if (clockwise) return {{x0, y0}, {x0, y1}, {x1, y1}, {x1, y0}, {x0, y0}};
  return {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
}

TEST(PolygonIndex, MatchesBruteForceOnRandomOverlappingPolygons) {
  const std::uint64_t seed = 20261129;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> pos(0.0, 10'000.0);
  std::uniform_int_distribution<int> verts(3, 400);
  std::vector<MultiPolygon> polys(300);
  for (std::size_t i = 0; i < polys.size(); ++i) {
    const Vec2 c{pos(rng), pos(rng)};
    Polygon p;
    p.rings.push_back(star(rng, c, 200, 900, verts(rng), i % 2 == 0));
    if (i % 3 == 0) p.rings.push_back(star(rng, c, 50, 150, 12, i % 2 == 1));  // a hole
    polys[i].push_back(std::move(p));
    if (i % 5 == 0) {  // a second part elsewhere
      Polygon q;
      q.rings.push_back(star(rng, {pos(rng), pos(rng)}, 100, 400, verts(rng), false));
      polys[i].push_back(std::move(q));
    }
  }
  polys[7].clear();  // an empty unit must never be found
  const PolygonIndex index(polys);
  EXPECT_EQ(index.size(), polys.size());

  PointSet pts;
  std::uniform_real_distribution<double> wide(-500.0, 10'500.0);
  for (int i = 0; i < 30'000; ++i) pts.push_back({wide(rng), wide(rng)});
  NullProgress progress;
  const std::vector<std::int32_t> all = index.locate_all(pts, progress);
  ASSERT_EQ(all.size(), pts.size());
  int located = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    const std::int32_t want = brute_force(polys, pts[i]);
    ASSERT_EQ(index.locate(pts[i]), want) << "seed " << seed << " point " << i;
    ASSERT_EQ(all[i], want) << "seed " << seed << " point " << i;
    located += want != kNone;
    ASSERT_NE(want, 7);
  }
  EXPECT_GT(located, 5'000);  // the sample really exercises containment
}

TEST(PolygonIndex, ManyVertexPolygonUsesBandsCorrectly) {
  std::mt19937_64 rng(7);
  std::vector<MultiPolygon> polys(1);
  polys[0].push_back(Polygon{{star(rng, {0, 0}, 500, 1000, 5000, false)}});
  const PolygonIndex index(polys);
  std::uniform_real_distribution<double> d(-1100, 1100);
  for (int i = 0; i < 20'000; ++i) {
    const Vec2 p{d(rng), d(rng)};
    ASSERT_EQ(index.locate(p), brute_force(polys, p)) << i;
  }
}

// 3x3 tiling of unit squares, alternating orientation. Index of square (col, row) = row*3+col.
TEST(PolygonIndex, SharedBoundaryGoesToExactlyOneUnitEastThenNorth) {
  std::vector<MultiPolygon> grid;
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 3; ++col)
      grid.push_back({Polygon{{square(col, row, col + 1, row + 1, (row + col) % 2 == 1)}}});
  const PolygonIndex index(grid);
  auto at = [](int col, int row) { return row * 3 + col; };
  EXPECT_EQ(index.locate({1.0, 0.5}), at(1, 0));  // vertical edge: the unit to the east
  EXPECT_EQ(index.locate({2.0, 2.5}), at(2, 2));
  EXPECT_EQ(index.locate({0.5, 1.0}), at(0, 1));  // horizontal edge: the unit to the north
  EXPECT_EQ(index.locate({1.0, 1.0}), at(1, 1));  // shared corner: north-east
  EXPECT_EQ(index.locate({2.0, 2.0}), at(2, 2));
  EXPECT_EQ(index.locate({0.0, 0.5}), at(0, 0));  // west and south outer edges are in
  EXPECT_EQ(index.locate({0.5, 0.0}), at(0, 0));
  EXPECT_EQ(index.locate({3.0, 0.5}), kNone);  // east and north outer edges are out
  EXPECT_EQ(index.locate({0.5, 3.0}), kNone);
  EXPECT_EQ(index.locate({-0.1, 0.5}), kNone);
  EXPECT_EQ(index.locate({std::nan(""), 0.5}), kNone);
  // Every lattice point in [0, 3) is in exactly the unit whose lower-left corner it is.
  for (int row = 0; row < 3; ++row)
    for (int col = 0; col < 3; ++col) EXPECT_EQ(index.locate({1.0 * col, 1.0 * row}), at(col, row));
}

TEST(PolygonIndex, DiagonalSharedEdgeGoesToOneSide) {
  // Two triangles sharing a diagonal; points on the diagonal must land in exactly one.
  std::vector<MultiPolygon> tris{{Polygon{{{{0, 0}, {10, 0}, {10, 7}, {0, 0}}}}},
                                 {Polygon{{{{0, 0}, {10, 7}, {0, 7}, {0, 0}}}}}};
  const PolygonIndex index(tris);
  for (int i = 1; i < 1000; ++i) {
    const double t = i / 1000.0;
    const Vec2 p{10 * t, 7 * t};
    EXPECT_NE(index.locate(p), kNone) << "t=" << t;
  }
}

class CancelAtOnce final : public Progress {
 public:
  bool update(double, std::string_view) override { return false; }
};

TEST(PolygonIndex, LocateAllCancels) {
  std::vector<MultiPolygon> one{{Polygon{{square(0, 0, 1, 1)}}}};
  const PolygonIndex index(one);
  PointSet pts;
  pts.push_back({0.5, 0.5});
  CancelAtOnce cancel;
  EXPECT_THROW(index.locate_all(pts, cancel), CancelledError);
}

// ---- real data: Shanghai's township cells, checked point by point against GEOSContains.

MultiPolygon from_ogr(OGRGeometryH g) {
  MultiPolygon out;
  if (!g) return out;
  const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
  auto add_polygon = [&](OGRGeometryH poly) {
    Polygon p;
    for (int r = 0; r < OGR_G_GetGeometryCount(poly); ++r) {
      OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
      Ring ring_out;
      for (int k = 0; k < OGR_G_GetPointCount(ring); ++k)
        ring_out.push_back({OGR_G_GetX(ring, k), OGR_G_GetY(ring, k)});
      p.rings.push_back(std::move(ring_out));
    }
    out.push_back(std::move(p));
  };
  if (type == wkbPolygon) add_polygon(g);
  if (type == wkbMultiPolygon)
    for (int i = 0; i < OGR_G_GetGeometryCount(g); ++i) add_polygon(OGR_G_GetGeometryRef(g, i));
  return out;
}

std::string to_wkt(const MultiPolygon& mp) {
  std::string s = "MULTIPOLYGON(";
  char buf[64];
  for (std::size_t i = 0; i < mp.size(); ++i) {
    s += i ? ",(" : "(";
    for (std::size_t r = 0; r < mp[i].rings.size(); ++r) {
      s += r ? ",(" : "(";
      for (std::size_t k = 0; k < mp[i].rings[r].size(); ++k) {
        std::snprintf(buf, sizeof buf, "%s%.17g %.17g", k ? "," : "", mp[i].rings[r][k].x,
                      mp[i].rings[r][k].y);
        s += buf;
      }
      s += ")";
    }
    s += ")";
  }
  return s + ")";
}

TEST(PolygonIndex, ShanghaiTownshipsAgreeWithGeos) {
  const auto path = sunplan::test::shared_data("shanghai-demo/shanghai_demo_wgs84.gpkg");
  if (!path)
    GTEST_SKIP() << sunplan::test::missing_message("shanghai-demo/shanghai_demo_wgs84.gpkg");
  GDALAllRegister();
  GDALDatasetH ds =
      GDALOpenEx(path->c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  ASSERT_NE(ds, nullptr);
  OGRLayerH layer = GDALDatasetGetLayerByName(ds, "township_voronoi_DERIVED");
  ASSERT_NE(layer, nullptr);
  const Transformer to_utm("EPSG:4326", "EPSG:32651");
  std::vector<MultiPolygon> polys;
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    MultiPolygon mp = from_ogr(OGR_F_GetGeometryRef(f));
    for (Polygon& p : mp)
      for (Ring& r : p.rings) {
        std::vector<double> x, y;
        for (const Vec2& v : r) x.push_back(v.x), y.push_back(v.y);
        ASSERT_EQ(to_utm.transform(x, y), 0u);
        for (std::size_t k = 0; k < r.size(); ++k) r[k] = {x[k], y[k]};
      }
    polys.push_back(std::move(mp));
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  ASSERT_EQ(polys.size(), 216u);
  const PolygonIndex index(polys);

  GEOSContextHandle_t h = GEOS_init_r();
  GEOSWKTReader* reader = GEOSWKTReader_create_r(h);
  std::vector<GEOSGeometry*> geoms;
  std::vector<const GEOSPreparedGeometry*> prepared;
  Box extent;
  for (const MultiPolygon& mp : polys) {
    extent.expand(bounds(mp));
    geoms.push_back(GEOSWKTReader_read_r(h, reader, to_wkt(mp).c_str()));
    ASSERT_NE(geoms.back(), nullptr);
    prepared.push_back(GEOSPrepare_r(h, geoms.back()));
  }
  std::mt19937_64 rng(31);
  std::uniform_real_distribution<double> dx(extent.min_x, extent.max_x),
      dy(extent.min_y, extent.max_y);
  PointSet pts;
  for (int i = 0; i < 3000; ++i) pts.push_back({dx(rng), dy(rng)});
  NullProgress progress;
  const auto found = index.locate_all(pts, progress);
  int inside = 0;
  for (std::size_t i = 0; i < pts.size(); ++i) {
    std::int32_t want = kNone;
    GEOSGeometry* pt = GEOSGeom_createPointFromXY_r(h, pts.x[i], pts.y[i]);
    for (std::size_t k = 0; k < prepared.size() && want == kNone; ++k)
      if (GEOSPreparedContains_r(h, prepared[k], pt) == 1) want = static_cast<std::int32_t>(k);
    GEOSGeom_destroy_r(h, pt);
    EXPECT_EQ(found[i], want) << "point " << i << " (" << pts.x[i] << ", " << pts.y[i] << ")";
    inside += want != kNone;
  }
  EXPECT_GT(inside, 500);  // Shanghai fills a good part of its box
  for (std::size_t k = 0; k < geoms.size(); ++k) {
    GEOSPreparedGeom_destroy_r(h, prepared[k]);
    GEOSGeom_destroy_r(h, geoms[k]);
  }
  GEOSWKTReader_destroy_r(h, reader);
  GEOS_finish_r(h);
}

}  // namespace
}  // namespace sunplan::geo
