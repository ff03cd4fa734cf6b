#include "sunplan/network/snap.hpp"

#include <gtest/gtest.h>

#include <random>

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

TEST(Snap, IndexAgreesWithBruteForceOnRandomNetworks) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    NullProgress progress;
    auto built = build_road_graph(test::random_grid_lines(seed, 12, 10, 150.0, 0.0),
                                  make_profile(TravelMode::walk), progress,
                                  {.keep_largest_scc_only = false});
    SnapIndex index(built.graph);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> ux(-300, 2000), uy(-300, 1700);
    for (int k = 0; k < 2000; ++k) {
      const Vec2 p{ux(rng), uy(rng)};
      const SnapOptions o{.max_snap_m = 120};
      const Location a = index.snap(p, o), b = snap_brute_force(built.graph, p, o);
      ASSERT_EQ(a.piece, b.piece) << "seed " << seed << " point " << p.x << "," << p.y;
      EXPECT_EQ(a.fraction, b.fraction);
      EXPECT_EQ(a.offroad_m, b.offroad_m);
      if (a.routable()) {
        EXPECT_LE(a.offroad_m, 120.0);
        const Vec2 q = point_at(built.graph, a.piece, a.fraction);
        EXPECT_NEAR(q.x, a.on_road.x, 1e-6);
        EXPECT_NEAR(q.y, a.on_road.y, 1e-6);
      }
    }
  }
}

}  // namespace
}  // namespace sunplan::network
