#include "sunplan/geo/chinese_datums.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

namespace sunplan::geo {
namespace {

// Metres between two nearby lon/lat points (equirectangular: exact enough below 1 km).
double metres(Vec2 a, Vec2 b) {
  constexpr double r = 6371008.8, d2r = std::numbers::pi / 180.0;
  const double dx = (b.x - a.x) * d2r * std::cos((a.y + b.y) / 2 * d2r) * r;
  const double dy = (b.y - a.y) * d2r * r;
  return std::hypot(dx, dy);
}

// Published pairs. wandergis/coordtransform, test/app.js (input 116.404, 39.915):
//   wgs84togcj02 -> [116.41024449916938, 39.91640428150164]
//   gcj02tobd09  -> [116.41036949371029, 39.92133699351021]
//   bd09togcj02  -> [116.39762729119315, 39.90865673957631] (their one-step approximation)
//   gcj02towgs84 -> [116.39775550083061, 39.91359571849836] (their one-step approximation)
TEST(ChineseDatums, WgsToGcjMatchesCoordtransform) {
  const Vec2 g = wgs84_to_gcj02({116.404, 39.915});
  EXPECT_NEAR(g.x, 116.41024449916938, 1e-11);
  EXPECT_NEAR(g.y, 39.91640428150164, 1e-11);
}

TEST(ChineseDatums, GcjToBdMatchesCoordtransform) {
  const Vec2 b = gcj02_to_bd09({116.404, 39.915});
  EXPECT_NEAR(b.x, 116.41036949371029, 1e-11);
  EXPECT_NEAR(b.y, 39.92133699351021, 1e-11);
}

// The published inverses are one-step approximations (metres off); ours is exact, so it
// must be within a few metres of theirs and map forward onto the input exactly.
TEST(ChineseDatums, InversesRefinePublishedApproximations) {
  const Vec2 in{116.404, 39.915};
  const Vec2 w = gcj02_to_wgs84(in);
  EXPECT_LT(metres(w, {116.39775550083061, 39.91359571849836}), 10.0);
  EXPECT_LT(metres(wgs84_to_gcj02(w), in), 1e-4);
  const Vec2 g = bd09_to_gcj02(in);
  EXPECT_LT(metres(g, {116.39762729119315, 39.90865673957631}), 10.0);
  EXPECT_LT(metres(gcj02_to_bd09(g), in), 1e-4);
}

// googollee/eviltransform, go/transform_test.go: (wgsLat, wgsLng) -> (gcjLat, gcjLng), and
// its exact inverse must come back within 0.5 m (we require 1 cm).
TEST(ChineseDatums, MatchesEviltransformCities) {
  struct Case {
    double wgs_lat, wgs_lon, gcj_lat, gcj_lon;
  };
  const Case cases[] = {
      {31.1774276, 121.5272106, 31.17530398364597, 121.531541859215},  // shanghai
      {22.543847, 113.912316, 22.540796131694766, 113.9171764808363},  // shenzhen
      {39.911954, 116.377817, 39.91334545536069, 116.38404722455657},  // beijing
  };
  for (const Case& c : cases) {
    const Vec2 g = wgs84_to_gcj02({c.wgs_lon, c.wgs_lat});
    EXPECT_NEAR(g.x, c.gcj_lon, 1e-9);
    EXPECT_NEAR(g.y, c.gcj_lat, 1e-9);
    EXPECT_LT(metres(gcj02_to_wgs84({c.gcj_lon, c.gcj_lat}), {c.wgs_lon, c.wgs_lat}), 0.01);
  }
}

// hujiulong/gcoord, test/unit/crs/BD09.spec.js: BD09 (123, 45) -> GCJ02 (122.99363304,
// 44.99365430) and -> WGS84 (122.98762210, 44.99171540), checked there to 5 decimals with
// gcoord's one-step inverses. Ours iterate to the exact inverse, so we ask for sub-metre
// agreement and an exact forward round trip. (googollee/eviltransform's BD pairs are not
// used: its Python bd2gcj multiplies by pi instead of x_pi, a different variant.)
TEST(ChineseDatums, BdInversesMatchGcoord) {
  const Vec2 bd{123.0, 45.0};
  const Vec2 g = bd09_to_gcj02(bd);
  EXPECT_LT(metres(g, {122.99363304, 44.99365430}), 1.0);
  const Vec2 w = bd09_to_wgs84(bd);
  EXPECT_LT(metres(w, {122.98762210, 44.99171540}), 1.0);
  EXPECT_LT(metres(wgs84_to_bd09(w), bd), 1e-4);
}

// hujiulong/gcoord, test/unit/crs/GCJ02.spec.js: GCJ02 -> BD09 of (123, 45).
TEST(ChineseDatums, GcjToBdMatchesGcoord) {
  const Vec2 b = gcj02_to_bd09({123.0, 45.0});
  EXPECT_NEAR(b.x, 123.00636499, 1e-7);
  EXPECT_NEAR(b.y, 45.00636899, 1e-7);
}

TEST(ChineseDatums, OutsideChinaIsIdentity) {
  EXPECT_FALSE(in_china_rough(2.35, 48.85));  // Paris
  EXPECT_TRUE(in_china_rough(121.47, 31.23));
  const Vec2 paris{2.35, 48.85};
  EXPECT_EQ(wgs84_to_gcj02(paris), paris);
  EXPECT_EQ(gcj02_to_wgs84(paris), paris);
  // gcoord: GCJ02 -> WGS84 of (183, 45) is returned unchanged (not in China).
  EXPECT_EQ(gcj02_to_wgs84({183.0, 45.0}), (Vec2{183.0, 45.0}));
}

// Round trips over a 0.25-degree grid covering China: max error below 1 cm.
TEST(ChineseDatums, RoundTripsBelowOneCentimetreOverChina) {
  double worst_gcj = 0, worst_bd = 0, worst_gcj_inv = 0;
  for (double lon = 73.5; lon <= 135.0; lon += 0.25)
    for (double lat = 18.0; lat <= 53.5; lat += 0.25) {
      const Vec2 p{lon, lat};
      worst_gcj = std::max(worst_gcj, metres(gcj02_to_wgs84(wgs84_to_gcj02(p)), p));
      worst_bd = std::max(worst_bd, metres(bd09_to_wgs84(wgs84_to_bd09(p)), p));
      worst_gcj_inv = std::max(worst_gcj_inv, metres(wgs84_to_gcj02(gcj02_to_wgs84(p)), p));
    }
  EXPECT_LT(worst_gcj, 0.01);
  EXPECT_LT(worst_bd, 0.01);
  EXPECT_LT(worst_gcj_inv, 0.01);
  RecordProperty("worst_wgs_gcj_wgs_m", std::to_string(worst_gcj));
  RecordProperty("worst_wgs_bd_wgs_m", std::to_string(worst_bd));
}

}  // namespace
}  // namespace sunplan::geo
