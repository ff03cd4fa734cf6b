#include "sunplan/network/snap.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "ascii_map.hpp"

namespace sunplan::network {
namespace {

TEST(Snap, HandCaseMidSegment) {
  const test::AsciiMap m(R"(
a---------b---------c
)",
                         10.0);
  NullProgress progress;
  auto built =
      build_road_graph({m.line("abc", "residential")}, make_profile(TravelMode::walk), progress);
  SnapIndex index(built.graph);
  // 10 m above x = 150 on a 200 m piece: fraction 0.75, 10 m off road.
  const Location at = index.snap({150.0, 10.0});
  ASSERT_TRUE(at.routable());
  EXPECT_NEAR(at.fraction, 0.75, 1e-12);
  EXPECT_NEAR(at.offroad_m, 10.0, 1e-12);
  EXPECT_NEAR(at.on_road.x, 150.0, 1e-12);
  // Beyond the limit: flagged, never joined.
  EXPECT_FALSE(index.snap({150.0, 600.0}, {.max_snap_m = 500}).routable());
  EXPECT_TRUE(index.snap({150.0, 600.0}, {.max_snap_m = 700}).routable());
  // Past the end: the end point, off-road leg measured to it.
  const Location end = index.snap({230.0, 40.0});
  EXPECT_NEAR(end.fraction, 1.0, 1e-12);
  EXPECT_NEAR(end.offroad_m, 50.0, 1e-12);
}

// The oracle is GEOS (through OGR), not sunplan's code: each piece as a line string, the
// distance from the point to it (OGRGeometry::Distance) and the position along it
// (OGRLineString::Project, linear referencing). The index must find a piece at the least
// distance, with the off-road leg equal to it; where that piece is the only one at that
// distance, its fraction must equal GEOS's projected length over the piece's length.
TEST(Snap, IndexAgreesWithGeosOnRandomNetworks) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    NullProgress progress;
    auto built = build_road_graph(test::random_grid_lines(seed, 12, 10, 150.0, 0.0),
                                  make_profile(TravelMode::walk), progress,
                                  {.keep_largest_scc_only = false});
    const RoadGraph& g = built.graph;
    std::vector<OGRLineString> pieces(g.piece_count());
    for (std::uint32_t p = 0; p < g.piece_count(); ++p)
      for (auto k = g.piece_point_offsets[p]; k < g.piece_point_offsets[p + 1]; ++k)
        pieces[p].addPoint(g.piece_points[k].x, g.piece_points[k].y);
    SnapIndex index(g);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> ux(-300, 2000), uy(-300, 1700);
    for (int k = 0; k < 400; ++k) {
      const Vec2 p{ux(rng), uy(rng)};
      const OGRPoint point(p.x, p.y);
      std::vector<double> d(pieces.size());
      for (std::size_t i = 0; i < pieces.size(); ++i) d[i] = pieces[i].Distance(&point);
      const auto nearest = std::min_element(d.begin(), d.end());
      const double least = *nearest;
      const auto at_least =
          std::count_if(d.begin(), d.end(), [&](double x) { return x <= least + 1e-9; });
      const SnapOptions o{.max_snap_m = 120};
      const Location a = index.snap(p, o);
      SCOPED_TRACE("seed " + std::to_string(seed) + " point " + std::to_string(p.x) + "," +
                   std::to_string(p.y));
      if (least > 120.0 + 1e-9) {
        EXPECT_FALSE(a.routable());
        continue;
      }
      if (least < 120.0 - 1e-9) {
        ASSERT_TRUE(a.routable());
      }
      if (!a.routable()) continue;
      EXPECT_NEAR(a.offroad_m, least, 1e-9);
      EXPECT_NEAR(d[a.piece], least, 1e-9);
      if (at_least == 1) {
        const auto piece = static_cast<std::size_t>(nearest - d.begin());
        EXPECT_EQ(a.piece, piece);
        EXPECT_NEAR(a.fraction, pieces[piece].Project(&point) / pieces[piece].get_Length(), 1e-9);
      }
      const Vec2 q = point_at(g, a.piece, a.fraction);
      EXPECT_NEAR(q.x, a.on_road.x, 1e-6);
      EXPECT_NEAR(q.y, a.on_road.y, 1e-6);
    }
  }
}

}  // namespace
}  // namespace sunplan::network
