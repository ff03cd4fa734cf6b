#include "sunplan/core/geometry.hpp"

#include <gtest/gtest.h>

#include <random>

namespace sunplan {
namespace {

MultiPolygon square_with_hole() {
  // 10x10 square with a 2x2 hole at (4..6, 4..6): area 100 - 4 = 96 by hand.
  Polygon p;
  p.rings.push_back({{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}});
  p.rings.push_back({{4, 4}, {4, 6}, {6, 6}, {6, 4}, {4, 4}});
  return {p};
}

TEST(Geometry, AreaOfSquareWithHoleIsWorkedByHand) {
  EXPECT_DOUBLE_EQ(area(square_with_hole()), 96.0);
}

TEST(Geometry, SignedAreaSignFollowsOrientation) {
  Ring ccw{{0, 0}, {2, 0}, {2, 3}, {0, 3}, {0, 0}};
  Ring cw(ccw.rbegin(), ccw.rend());
  EXPECT_DOUBLE_EQ(signed_area(ccw), 6.0);
  EXPECT_DOUBLE_EQ(signed_area(cw), -6.0);
}

TEST(Geometry, ContainsRespectsHoles) {
  const auto mp = square_with_hole();
  EXPECT_TRUE(contains(mp, {1, 1}));
  EXPECT_FALSE(contains(mp, {5, 5}));
  EXPECT_FALSE(contains(mp, {11, 5}));
  EXPECT_TRUE(contains(mp, {5, 7}));
}

TEST(Geometry, ContainsMatchesAnalyticDiskTest) {
  // A 64-gon inscribed in the unit circle: points well inside r=0.99 are in, beyond r=1 out.
  Polygon p;
  Ring ring;
  for (int i = 0; i <= 64; ++i) {
    const double a = 2 * M_PI * (i % 64) / 64.0;
    ring.push_back({std::cos(a), std::sin(a)});
  }
  p.rings.push_back(ring);
  const MultiPolygon mp{p};
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(-1.2, 1.2);
  for (int i = 0; i < 2000; ++i) {
    const Vec2 q{u(rng), u(rng)};
    const double r = std::hypot(q.x, q.y);
    if (r < 0.99) {
      EXPECT_TRUE(contains(mp, q)) << q.x << "," << q.y;
    }
    if (r > 1.0) {
      EXPECT_FALSE(contains(mp, q)) << q.x << "," << q.y;
    }
  }
}

TEST(Geometry, BoundsOfPoints) {
  PointSet pts;
  pts.push_back({3, -1});
  pts.push_back({-2, 4});
  const Box b = bounds(pts);
  EXPECT_EQ(b.min_x, -2);
  EXPECT_EQ(b.max_y, 4);
}

}  // namespace
}  // namespace sunplan

namespace sunplan {
namespace {

TEST(DistanceToEdges, HandComputed) {
  const MultiPolygon square{Polygon{{{{0, 0}, {10, 0}, {10, 10}, {0, 10}, {0, 0}}}}};
  EXPECT_DOUBLE_EQ(distance_to_edges(square, {13, 5}), 3.0);   // beside an edge
  EXPECT_DOUBLE_EQ(distance_to_edges(square, {13, 14}), 5.0);  // off a corner: 3-4-5
  EXPECT_DOUBLE_EQ(distance_to_edges(square, {5, 10}), 0.0);   // on the boundary
  EXPECT_DOUBLE_EQ(distance_to_edges(square, {5, 4}), 4.0);    // inside: to the nearest edge
}

}  // namespace
}  // namespace sunplan
