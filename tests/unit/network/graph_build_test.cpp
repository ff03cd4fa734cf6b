#include <gtest/gtest.h>

#include <random>

#include "ascii_map.hpp"
#include "sunplan/network/road_graph.hpp"
#include "way_soup.hpp"

namespace sunplan::network {
namespace {

using test::AsciiMap;

const AsciiMap kTee(R"(
a---b---c
    |
    d
)",
                    10.0);

float piece_seconds_between(const RoadGraph& g, Vec2 p, Vec2 q) {
  for (std::uint32_t i = 0; i < g.piece_count(); ++i) {
    const Vec2 a = g.nodes[g.piece_from[i]], b = g.nodes[g.piece_to[i]];
    if (a == p && b == q) return g.piece_forward_s[i];
    if (a == q && b == p) return g.piece_backward_s[i];
  }
  return -1.0f;
}

TEST(GraphBuild, TeeSplitsAtSharedVertexWithHandTimes) {
  NullProgress progress;
  auto built = build_road_graph({kTee.line("abc", "residential"), kTee.line("bd", "residential")},
                                make_profile(TravelMode::walk), progress);
  const RoadGraph& g = built.graph;
  EXPECT_EQ(g.node_count(), 4u);
  EXPECT_EQ(g.piece_count(), 3u);
  EXPECT_EQ(g.arc_count(), 6u);
  // 40 m at 5 km/h = 40 / (5/3.6) = 28.8 s; 20 m = 14.4 s.
  EXPECT_NEAR(piece_seconds_between(g, kTee.at('a'), kTee.at('b')), 28.8, 1e-4);
  EXPECT_NEAR(piece_seconds_between(g, kTee.at('c'), kTee.at('b')), 28.8, 1e-4);
  EXPECT_NEAR(piece_seconds_between(g, kTee.at('b'), kTee.at('d')), 14.4, 1e-4);
  EXPECT_EQ(built.report.ways_used, 2u);
  EXPECT_EQ(built.report.nodes_dropped, 0u);
}

TEST(GraphBuild, UnsharedVerticesStayInsideOnePiece) {
  NullProgress progress;
  auto built =
      build_road_graph({kTee.line("abc", "residential")}, make_profile(TravelMode::walk), progress);
  EXPECT_EQ(built.graph.node_count(), 2u);
  ASSERT_EQ(built.graph.piece_count(), 1u);
  EXPECT_EQ(built.graph.piece_point_count(0), 3u);  // a, b, c kept as geometry
  EXPECT_NEAR(built.graph.piece_length_m[0], 80.0, 1e-9);
}

TEST(GraphBuild, AccessByClassPerProfile) {
  NullProgress progress;
  const std::vector<RoadLine> lines{kTee.line("abc", "motorway"), kTee.line("bd", "footway")};
  auto walk = build_road_graph(lines, make_profile(TravelMode::walk), progress,
                               {.keep_largest_scc_only = false});
  auto car = build_road_graph(lines, make_profile(TravelMode::car), progress,
                              {.keep_largest_scc_only = false});
  EXPECT_EQ(walk.report.ways_used, 1u);  // footway only: no motorways on foot
  EXPECT_EQ(walk.graph.piece_count(), 1u);
  EXPECT_EQ(car.report.ways_used, 1u);  // motorway only: no footways by car
  EXPECT_NEAR(car.graph.piece_length_m[0], 80.0, 1e-9);
}

TEST(GraphBuild, OnewayAndSpeedOverrideForCar) {
  NullProgress progress;
  RoadLine fast = kTee.line("ab", "residential", +1);
  fast.speed_kmh = 36.0;  // 10 m/s
  auto built =
      build_road_graph({fast, kTee.line("bc", "residential", -1)}, make_profile(TravelMode::car),
                       progress, {.keep_largest_scc_only = false});
  const RoadGraph& g = built.graph;
  EXPECT_NEAR(piece_seconds_between(g, kTee.at('a'), kTee.at('b')), 4.0, 1e-5);
  EXPECT_EQ(piece_seconds_between(g, kTee.at('b'), kTee.at('a')), kUnreachable);
  EXPECT_EQ(piece_seconds_between(g, kTee.at('b'), kTee.at('c')), kUnreachable);
  EXPECT_NEAR(piece_seconds_between(g, kTee.at('c'), kTee.at('b')), 40.0 / (25 / 3.6), 1e-4);
  EXPECT_EQ(built.report.oneway_ways, 2u);
  // Walkers ignore oneway.
  auto walk = build_road_graph({fast, kTee.line("bc", "residential", -1)},
                               make_profile(TravelMode::walk), progress);
  EXPECT_EQ(walk.graph.arc_count(), 4u);
}

TEST(GraphBuild, LargestStronglyConnectedComponentKeptAndDropsReported) {
  const AsciiMap m(R"(
a---b   e---f
 \ /
  c---d
)",
                   10.0);
  NullProgress progress;
  // Triangle abc two-way, one-way spur c->d (d is a dead end), separate island e-f.
  auto built = build_road_graph(
      {m.line("ab", "residential"), m.line("bc", "residential"), m.line("ca", "residential"),
       m.line("cd", "residential", +1), m.line("ef", "residential")},
      make_profile(TravelMode::car), progress);
  EXPECT_EQ(built.graph.node_count(), 3u);
  EXPECT_EQ(built.graph.piece_count(), 3u);
  EXPECT_EQ(built.report.nodes_before, 6u);
  EXPECT_EQ(built.report.nodes_dropped, 3u);   // d, e, f
  EXPECT_EQ(built.report.pieces_dropped, 2u);  // cd, ef
  EXPECT_EQ(built.report.arcs_dropped, 3u);    // c->d, e->f, f->e
  EXPECT_EQ(built.report.components, 3u);      // {a,b,c}, {d}, {e,f}
}

// Strong components against reachability closure (Floyd-Warshall) on random digraphs.
TEST(GraphBuild, StrongComponentsMatchReachabilityClosure) {
  for (unsigned seed = 1; seed <= 20; ++seed) {
    NullProgress progress;
    auto lines = test::random_grid_lines(seed, 5, 4, 100.0, 0.6);
    auto built = build_road_graph(lines, make_profile(TravelMode::car), progress,
                                  {.keep_largest_scc_only = false});
    const RoadGraph& g = built.graph;
    const std::size_t n = g.node_count();
    std::vector<std::vector<char>> reach(n, std::vector<char>(n, 0));
    for (std::size_t v = 0; v < n; ++v) {
      reach[v][v] = 1;
      for (auto a = g.arc_offsets[v]; a < g.arc_offsets[v + 1]; ++a) reach[v][g.arcs[a].head] = 1;
    }
    for (std::size_t k = 0; k < n; ++k)
      for (std::size_t i = 0; i < n; ++i)
        if (reach[i][k])
          for (std::size_t j = 0; j < n; ++j)
            if (reach[k][j]) reach[i][j] = 1;
    std::vector<std::uint32_t> comp;
    detail::strong_components(g, comp);
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        ASSERT_EQ(comp[i] == comp[j], reach[i][j] && reach[j][i]) << "seed " << seed;
  }
}

TEST(GraphBuild, ReversedSwapsDirections) {
  NullProgress progress;
  auto built = build_road_graph({kTee.line("ab", "residential", +1)}, make_profile(TravelMode::car),
                                progress, {.keep_largest_scc_only = false});
  const RoadGraph r = reversed(built.graph);
  ASSERT_EQ(r.arc_count(), 1u);
  EXPECT_EQ(r.nodes[r.arcs[0].head], kTee.at('a'));
  EXPECT_EQ(built.graph.nodes[built.graph.arcs[0].head], kTee.at('b'));
}

TEST(GraphBuild, DegenerateLinesAreCountedNotSilentlyDropped) {
  NullProgress progress;
  RoadLine dot;
  dot.points = {{1, 1}, {1, 1}};
  dot.road_class = "residential";
  auto built = build_road_graph({dot, kTee.line("ab", "residential")},
                                make_profile(TravelMode::walk), progress);
  EXPECT_EQ(built.report.ways_degenerate, 1u);
  EXPECT_EQ(built.report.ways_used, 1u);
}

}  // namespace
}  // namespace sunplan::network
