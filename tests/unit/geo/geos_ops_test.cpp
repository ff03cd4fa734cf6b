#include "sunplan/geo/geos_ops.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <thread>

namespace sunplan::geo {
namespace {

MultiPolygon box_mp(double x0, double y0, double x1, double y1) {
  return {Polygon{{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}}}}};
}

// Area of a regular n-gon inscribed in a circle of radius r.
double inscribed_area(int n, double r) {
  return 0.5 * n * r * r * std::sin(2 * std::numbers::pi / n);
}

TEST(GeosOps, BufferPointIsInscribedRegularPolygon) {
  for (int q : {1, 4, 8, 16, 32}) {
    const MultiPolygon disc = buffer_point({500'000.0, 3'400'000.0}, 1000.0, q);
    ASSERT_EQ(disc.size(), 1u);
    EXPECT_EQ(disc[0].rings[0].size(), static_cast<std::size_t>(4 * q + 1));
    EXPECT_NEAR(area(disc), inscribed_area(4 * q, 1000.0), 1e-6) << "q=" << q;
    EXPECT_LT(area(disc), std::numbers::pi * 1e6);  // inscribed: always a little less
  }
}

TEST(GeosOps, BufferLinesIsRectanglePlusRoundCaps) {
  // One 100 m segment buffered by 10 m: a 100 x 20 rectangle and two half discs of radius 10,
  // each cap an inscribed half of a 4q-gon.
  const MultiPolygon corridor = buffer_lines({{{0, 0}, {100, 0}}}, 10.0, 8);
  EXPECT_NEAR(area(corridor), 100 * 20 + inscribed_area(32, 10.0), 1e-6);
  // Two disjoint lines give two parts.
  EXPECT_EQ(buffer_lines({{{0, 0}, {10, 0}}, {{0, 100}, {10, 100}}}, 1.0).size(), 2u);
  // A single point is no line: nothing to buffer.
  EXPECT_TRUE(buffer_lines({{{5, 5}}}, 1.0).empty());
}

TEST(GeosOps, OverlaysOnSquares) {
  const MultiPolygon a = box_mp(0, 0, 2, 2), b = box_mp(1, 0, 3, 2);
  EXPECT_NEAR(area(union_all({a, b})), 6.0, 1e-12);
  EXPECT_NEAR(area(intersection(a, b)), 2.0, 1e-12);
  EXPECT_NEAR(area(difference(a, b)), 2.0, 1e-12);
  EXPECT_NEAR(area(difference(b, a)), 2.0, 1e-12);
  // A + B = (A u B) + (A n B)
  EXPECT_NEAR(area(a) + area(b), area(union_all({a, b})) + area(intersection(a, b)), 1e-12);
  // Disjoint squares: the intersection is empty, the union has two parts.
  const MultiPolygon far = box_mp(10, 10, 11, 11);
  EXPECT_TRUE(intersection(a, far).empty());
  EXPECT_EQ(union_all({a, far}).size(), 2u);
  // Touching along an edge only: a line, which is dropped (polygonal parts only).
  EXPECT_TRUE(intersection(a, box_mp(2, 0, 4, 2)).empty());
  EXPECT_TRUE(union_all({}).empty());
}

TEST(GeosOps, MakeValidSplitsBowTie) {
  const MultiPolygon bowtie{Polygon{{{{0, 0}, {2, 2}, {2, 0}, {0, 2}, {0, 0}}}}};
  EXPECT_FALSE(is_valid(bowtie));
  const MakeValidResult r = make_valid(bowtie);
  EXPECT_FALSE(r.was_valid);
  EXPECT_NE(r.reason.find("Self-intersection"), std::string::npos) << r.reason;
  ASSERT_EQ(r.geometry.size(), 2u);  // two triangles of area 1 meeting at (1, 1)
  EXPECT_NEAR(area(r.geometry), 2.0, 1e-12);
  EXPECT_TRUE(is_valid(r.geometry));

  const MakeValidResult ok = make_valid(box_mp(0, 0, 1, 1));
  EXPECT_TRUE(ok.was_valid);
  EXPECT_TRUE(ok.reason.empty());
  EXPECT_NEAR(area(ok.geometry), 1.0, 1e-15);
}

TEST(GeosOps, SimplifyDropsSmallWiggles) {
  // A unit square whose bottom edge has 0.001 wiggles: tolerance 0.01 removes them.
  MultiPolygon wiggly{
      Polygon{{{{0, 0}, {0.25, 0.001}, {0.5, 0}, {0.75, 0.001}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}}}};
  const MultiPolygon s = simplify(wiggly, 0.01);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].rings[0].size(), 5u);
  EXPECT_NEAR(area(s), 1.0, 1e-12);
}

double triangulation_area(const Triangulation& t, bool& all_ccw) {
  double sum = 0;
  all_ccw = true;
  for (std::size_t k = 0; k + 2 < t.indices.size(); k += 3) {
    const Vec2 a = t.vertices[t.indices[k]], b = t.vertices[t.indices[k + 1]],
               c = t.vertices[t.indices[k + 2]];
    const double twice = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
    all_ccw = all_ccw && twice > 0;
    sum += twice / 2;
  }
  return sum;
}

TEST(GeosOps, TriangulationAreaEqualsPolygonArea) {
  // 4 x 4 square with a 2 x 2 hole: area 12. A constrained Delaunay triangulation without
  // Steiner points has n + 2h - 2 triangles: 8 vertices, 1 hole -> 8.
  MultiPolygon holed{Polygon{
      {{{0, 0}, {4, 0}, {4, 4}, {0, 4}, {0, 0}}, {{1, 1}, {1, 3}, {3, 3}, {3, 1}, {1, 1}}}}};
  Triangulation t = triangulate(holed);
  bool ccw = false;
  EXPECT_NEAR(triangulation_area(t, ccw), 12.0, 1e-12);
  EXPECT_TRUE(ccw);
  EXPECT_EQ(t.indices.size(), 8u * 3);
  EXPECT_EQ(t.vertices.size(), 8u);

  // A concave L (area 3) plus a separate unit square: two parts, area 4.
  MultiPolygon parts{Polygon{{{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}, {0, 0}}}},
                     Polygon{{{{5, 5}, {6, 5}, {6, 6}, {5, 6}, {5, 5}}}}};
  t = triangulate(parts);
  EXPECT_NEAR(triangulation_area(t, ccw), area(parts), 1e-12);
  EXPECT_NEAR(area(parts), 4.0, 1e-12);
  EXPECT_TRUE(ccw);
}

TEST(GeosOps, ConcurrentCallsUseTheirOwnContexts) {
  double areas[2] = {0, 0};
  std::thread a([&] {
    for (int i = 0; i < 200; ++i) areas[0] += area(buffer_point({0, 0}, 10.0, 8));
  });
  std::thread b([&] {
    for (int i = 0; i < 200; ++i)
      areas[1] += area(union_all({box_mp(0, 0, 2, 2), box_mp(1, 1, 3, 3)}));
  });
  a.join();
  b.join();
  EXPECT_NEAR(areas[0], 200 * inscribed_area(32, 10.0), 1e-6);
  EXPECT_NEAR(areas[1], 200 * 7.0, 1e-9);
}

}  // namespace
}  // namespace sunplan::geo

namespace sunplan::geo {
namespace {

// A 3 x 2 grid of 100 m squares tiles: neighbours share edges and never overlap. Square 6 lies
// over squares 0 and 1 by 50 x 100 m each; square 7 sits inside square 4 (a duplicate, smaller).
TEST(Overlaps, HandComputedPairsAndAreas) {
  std::vector<MultiPolygon> p;
  for (int row = 0; row < 2; ++row)
    for (int col = 0; col < 3; ++col)
      p.push_back(box_mp(100.0 * col, 100.0 * row, 100.0 * (col + 1), 100.0 * (row + 1)));
  p.push_back(box_mp(50, 0, 150, 100));     // 6: half of 0 and half of 1
  p.push_back(box_mp(110, 110, 130, 190));  // 7: inside 4, 20 x 80 m
  p.push_back({});                          // 8: empty, ignored
  NullProgress progress;
  const auto pairs = overlapping_pairs(p, 0.0, progress);
  ASSERT_EQ(pairs.size(), 3u);
  EXPECT_EQ(pairs[0].a, 0);
  EXPECT_EQ(pairs[0].b, 6);
  EXPECT_NEAR(pairs[0].area_m2, 5000.0, 1e-6);
  EXPECT_TRUE(contains(box_mp(50, 0, 100, 100), pairs[0].at));
  EXPECT_EQ(pairs[1].a, 1);
  EXPECT_EQ(pairs[1].b, 6);
  EXPECT_NEAR(pairs[1].area_m2, 5000.0, 1e-6);
  EXPECT_EQ(pairs[2].a, 4);
  EXPECT_EQ(pairs[2].b, 7);
  EXPECT_NEAR(pairs[2].area_m2, 1600.0, 1e-6);
  // The floor leaves out what is smaller.
  EXPECT_EQ(overlapping_pairs(p, 2000.0, progress).size(), 2u);
}

// Against brute force (every pair, GEOS intersection area) on random rectangles.
TEST(Overlaps, EqualsBruteForceOnRandomRectangles) {
  std::vector<MultiPolygon> p;
  std::uint64_t s = 12345;
  auto next = [&] {
    s = s * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(s >> 11) / static_cast<double>(1ULL << 53);
  };
  for (int i = 0; i < 120; ++i) {
    const double x = 1000 * next(), y = 1000 * next();
    p.push_back(box_mp(x, y, x + 20 + 80 * next(), y + 20 + 80 * next()));
  }
  NullProgress progress;
  const auto pairs = overlapping_pairs(p, 10.0, progress);
  std::size_t k = 0;
  for (std::size_t a = 0; a < p.size(); ++a)
    for (std::size_t b = a + 1; b < p.size(); ++b) {
      const double area_m2 = area(intersection(p[a], p[b]));
      if (!(area_m2 > 10.0)) continue;
      ASSERT_LT(k, pairs.size());
      EXPECT_EQ(pairs[k].a, static_cast<std::int32_t>(a));
      EXPECT_EQ(pairs[k].b, static_cast<std::int32_t>(b));
      EXPECT_NEAR(pairs[k].area_m2, area_m2, 1e-6);
      ++k;
    }
  EXPECT_EQ(k, pairs.size());
  EXPECT_GT(k, 10u);
}

}  // namespace
}  // namespace sunplan::geo
