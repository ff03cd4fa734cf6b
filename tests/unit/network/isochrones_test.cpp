#include "sunplan/network/isochrones.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ascii_map.hpp"
#include "sunplan/geo/geos_ops.hpp"
#include "sunplan/network/reached_parts.hpp"
#include "sunplan/network/travel_time_grid.hpp"

namespace sunplan::network {
namespace {

double point_segment_distance(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y, l2 = dx * dx + dy * dy;
  const double t = l2 > 0 ? std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / l2, 0.0, 1.0) : 0.0;
  return distance(p, {a.x + t * dx, a.y + t * dy});
}

TEST(ReachedParts, PartlyReachedPieceIsCutAtTheHandComputedPoint) {
  const test::AsciiMap m(R"(
a---b---c
)",
                         10.0);
  NullProgress progress;
  auto built =
      build_road_graph({m.line("abc", "residential")}, make_profile(TravelMode::walk), progress);
  SnapIndex index(built.graph);
  const std::vector<Location> src{index.snap(m.at('a'))};
  auto t = multi_source_times(built.graph, src, {}, {}, progress);
  // 20 s at 5 km/h = 27.78 m along the 80 m piece.
  auto parts = reached_parts(built.graph, t, 20.0, false);
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_NEAR(parts[0].to_fraction, 20.0 * 5 / 3.6 / 80.0, 1e-6);
  ASSERT_EQ(parts[0].points.size(), 2u);                        // b (x = 40) is beyond the cut
  EXPECT_NEAR(parts[0].points.back().x, 20.0 * 5 / 3.6, 1e-4);  // float seconds
  // Two sources at the ends split the piece at the middle when by_source.
  const std::vector<Location> two{index.snap(m.at('a')), index.snap(m.at('c'))};
  auto u = multi_source_times(built.graph, two, {}, {}, progress);
  auto split = reached_parts(built.graph, u, 1000.0, true);
  ASSERT_EQ(split.size(), 2u);
  EXPECT_NEAR(split[0].to_fraction, 0.5, 1e-9);
  EXPECT_EQ(split[0].source, 0u);
  EXPECT_EQ(split[1].source, 1u);
}

struct Fixture {
  NullProgress progress;
  BuiltGraph built;
  std::vector<Location> sources;
  explicit Fixture(unsigned seed) {
    built = build_road_graph(test::random_grid_lines(seed, 10, 10, 150.0, 0.0),
                             make_profile(TravelMode::walk), progress);
    SnapIndex index(built.graph);
    sources = {index.snap({300, 300}), index.snap({1100, 1000})};
  }
};

TEST(Isochrones, NestedAndWithinTolerance) {
  Fixture f(3);
  const RoadGraph& g = f.built.graph;
  IsochroneOptions o;
  o.cutoffs_s = {300, 600, 900};
  o.buffer_m = 40;
  o.mode = IsochroneMode::dissolved;
  auto isos = isochrones(g, f.sources, {}, o, f.progress);
  ASSERT_EQ(isos.size(), 3u);
  TravelOptions travel;
  auto times = multi_source_times(g, f.sources, {}, travel, f.progress);
  for (std::size_t k = 0; k < isos.size(); ++k) {
    ASSERT_FALSE(isos[k].area.empty());
    if (k > 0) {
      // Nesting: nothing of the smaller area lies outside the larger one.
      EXPECT_NEAR(area(geo::difference(isos[k - 1].area, isos[k].area)), 0.0, 1e-6);
      EXPECT_GT(area(isos[k].area), area(isos[k - 1].area));
    }
    // Tolerance: every sampled point inside lies within buffer_m of a road point reached
    // within the cutoff (parts checked by arrival at their ends).
    const auto parts = reached_parts(g, times, o.cutoffs_s[k], false);
    for (const auto& part : parts) {
      for (double fr : {part.from_fraction, part.to_fraction}) {
        Location at{part.piece, fr, 0.0, point_at(g, part.piece, fr)};
        EXPECT_LE(arrival(g, times, at, travel).seconds, o.cutoffs_s[k] + 1e-6);
      }
    }
    const Box b = bounds(isos[k].area);
    std::mt19937 rng(k);
    std::uniform_real_distribution<double> ux(b.min_x, b.max_x), uy(b.min_y, b.max_y);
    int inside = 0;
    for (int s = 0; s < 1500; ++s) {
      const Vec2 p{ux(rng), uy(rng)};
      if (!contains(isos[k].area, p)) continue;
      ++inside;
      double d = std::numeric_limits<double>::infinity();
      for (const auto& part : parts)
        for (std::size_t i = 0; i + 1 < part.points.size(); ++i)
          d = std::min(d, point_segment_distance(p, part.points[i], part.points[i + 1]));
      // For k > 0 a point may come from a smaller cutoff's parts, which are a subset.
      EXPECT_LE(d, o.buffer_m + 1e-6);
    }
    EXPECT_GT(inside, 10);
    // Every reached node is inside its area.
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
      if (times.node_seconds[v] <= o.cutoffs_s[k]) {
        EXPECT_TRUE(contains(isos[k].area, g.nodes[v]));
      }
    }
  }
}

TEST(Isochrones, PerSourceOverlapsAndServiceAreasAreDisjoint) {
  Fixture f(5);
  IsochroneOptions o;
  o.cutoffs_s = {600, 1200};
  o.buffer_m = 50;
  o.mode = IsochroneMode::per_source;
  auto per = isochrones(f.built.graph, f.sources, {}, o, f.progress);
  ASSERT_EQ(per.size(), 4u);
  EXPECT_EQ(per[0].source, 0u);
  EXPECT_EQ(per[1].source, 1u);
  o.mode = IsochroneMode::dissolved;
  auto dis = isochrones(f.built.graph, f.sources, {}, o, f.progress);
  o.mode = IsochroneMode::by_nearest_source;
  auto split = isochrones(f.built.graph, f.sources, {}, o, f.progress);
  ASSERT_EQ(split.size(), 4u);
  for (std::size_t k = 0; k < 2; ++k) {
    const auto& a = split[2 * k].area;
    const auto& b = split[2 * k + 1].area;
    const double uab = area(geo::unite(a, b));
    EXPECT_NEAR(area(a) + area(b), uab, 1e-3 * uab);  // disjoint
    EXPECT_NEAR(uab, area(dis[k].area), 1e-3 * uab);  // together they are the dissolved area
    // Dissolved = union of the per-source ones.
    const double up = area(geo::unite(per[2 * k].area, per[2 * k + 1].area));
    EXPECT_NEAR(up, area(dis[k].area), 1e-3 * up);
  }
  // Each source's service area holds its own start.
  EXPECT_TRUE(contains(split[2].area, f.sources[0].on_road));
  EXPECT_TRUE(contains(split[3].area, f.sources[1].on_road));
}

TEST(TravelTimeGrid, CellsEqualArrivalAtTheirCentres) {
  Fixture f(7);
  const RoadGraph& g = f.built.graph;
  SnapIndex index(g);
  auto times = multi_source_times(g, f.sources, {}, {}, f.progress);
  const GridSpec spec{.origin_x = -500, .origin_y = 1900, .cell_m = 75, .cols = 40, .rows = 36};
  GridOptions opts;
  opts.max_snap_m = 200;
  auto grid = travel_time_grid(g, index, times, spec, opts, f.progress);
  int values = 0, empty = 0;
  for (std::uint32_t r = 0; r < spec.rows; ++r) {
    for (std::uint32_t c = 0; c < spec.cols; ++c) {
      const Vec2 centre{-500 + (c + 0.5) * 75, 1900 - (r + 0.5) * 75};
      const Location at =
          index.snap(centre, {.max_snap_m = 200});  // checked against GEOS in snap_test
      const Arrival a = arrival(g, times, at, {});
      const float v = grid.minutes[r * spec.cols + c];
      if (a.reached()) {
        ++values;
        EXPECT_NEAR(v, a.seconds / 60.0, 1e-4);
      } else {
        ++empty;
        EXPECT_TRUE(std::isnan(v));
      }
    }
  }
  EXPECT_GT(values, 100);
  EXPECT_GT(empty, 10);  // the margin beyond max_snap_m
}

}  // namespace
}  // namespace sunplan::network
