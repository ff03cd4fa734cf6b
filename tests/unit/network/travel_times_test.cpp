#include "sunplan/network/travel_times.hpp"

#include <gtest/gtest.h>

#include <random>

#include "ascii_map.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan::network {
namespace {

using test::AsciiMap;

const AsciiMap kTeeJunction(R"(
a---b---c
    |
    d
)",
                            10.0);

std::uint32_t node_at(const RoadGraph& g, Vec2 p) {
  for (std::uint32_t v = 0; v < g.node_count(); ++v)
    if (distance(g.nodes[v], p) < 1e-9) return v;
  return kNone;
}

TEST(TravelTimes, HandComputedTeeWithMidPieceSourceAndOffroadLeg) {
  NullProgress progress;
  auto built = build_road_graph(
      {kTeeJunction.line("abc", "residential"), kTeeJunction.line("bd", "residential")},
      make_profile(TravelMode::walk), progress);
  const RoadGraph& g = built.graph;
  SnapIndex index(g);
  // Midway between a and b, 10 m off the road: 10 m walk = 7.2 s, then 20 m to a or b = 14.4 s.
  const Location src = index.snap({20.0, 10.0});
  ASSERT_TRUE(src.routable());
  const std::vector<Location> sources{src};
  auto t = multi_source_times(g, sources, {}, {}, progress);
  EXPECT_NEAR(t.node_seconds[node_at(g, kTeeJunction.at('a'))], 21.6, 1e-4);
  EXPECT_NEAR(t.node_seconds[node_at(g, kTeeJunction.at('b'))], 21.6, 1e-4);
  EXPECT_NEAR(t.node_seconds[node_at(g, kTeeJunction.at('c'))], 50.4, 1e-4);
  EXPECT_NEAR(t.node_seconds[node_at(g, kTeeJunction.at('d'))], 36.0, 1e-4);
  // A point on the same piece, 10 m from the source position, 5 m off road: 7.2+7.2+3.6.
  const Arrival same = arrival(g, t, index.snap({30.0, -5.0}), {});
  EXPECT_NEAR(same.seconds, 18.0, 1e-4);
  EXPECT_EQ(same.source, 0u);

  // Two sources, the second with a 20 s start delay at d.
  const std::vector<Location> two{index.snap(kTeeJunction.at('a')),
                                  index.snap(kTeeJunction.at('d'))};
  const std::vector<double> delays{0.0, 20.0};
  auto u = multi_source_times(g, two, delays, {}, progress);
  EXPECT_NEAR(u.node_seconds[node_at(g, kTeeJunction.at('b'))], 28.8, 1e-4);  // vs 20 + 14.4
  EXPECT_EQ(u.node_source[node_at(g, kTeeJunction.at('b'))], 0u);
  EXPECT_NEAR(u.node_seconds[node_at(g, kTeeJunction.at('c'))], 57.6, 1e-4);  // vs 63.2
  EXPECT_NEAR(u.node_seconds[node_at(g, kTeeJunction.at('d'))], 20.0, 1e-4);
  EXPECT_EQ(u.node_source[node_at(g, kTeeJunction.at('d'))], 1u);

  // Cutoff 30 s: c (57.6) stays unreached; several cutoffs from one search.
  auto w = multi_source_times(g, two, delays, {.cutoff_s = 30.0}, progress);
  EXPECT_EQ(w.node_seconds[node_at(g, kTeeJunction.at('c'))], kUnreachable);
  const std::vector<double> cutoffs{15.0, 25.0, 60.0};
  const auto bands = cutoff_bands(u, cutoffs);
  EXPECT_EQ(bands[node_at(g, kTeeJunction.at('a'))], 0);
  EXPECT_EQ(bands[node_at(g, kTeeJunction.at('d'))], 1);
  EXPECT_EQ(bands[node_at(g, kTeeJunction.at('b'))], 2);
  EXPECT_EQ(bands[node_at(g, kTeeJunction.at('c'))], 2);
}

TEST(TravelTimes, OnewayPieceSameSourceAheadAndBehind) {
  const AsciiMap m(R"(
a---------b
|         |
d---------c
)",
                   10.0);
  NullProgress progress;
  // A one-way loop a->b->c->d->a (car, 25 km/h residential).
  auto built = build_road_graph({m.line("ab", "residential", 1), m.line("bc", "residential", 1),
                                 m.line("cd", "residential", 1), m.line("da", "residential", 1)},
                                make_profile(TravelMode::car), progress);
  const RoadGraph& g = built.graph;
  ASSERT_EQ(g.node_count(), 4u);
  SnapIndex index(g);
  const std::vector<Location> src{index.snap({40.0, 0.0})};
  auto t = multi_source_times(g, src, {}, {}, progress);
  const double mps = 25 / 3.6;
  // Ahead on the same piece: 20 m. Behind (x = 20): all the way round, 60+20+100+20+20 = 220 m;
  // a is 60+20+100+20 = 200 m.
  EXPECT_NEAR(arrival(g, t, index.snap({60.0, 0.0}), {}).seconds, 20.0 / mps, 1e-3);
  EXPECT_NEAR(arrival(g, t, index.snap({20.0, 0.0}), {}).seconds, 220.0 / mps, 1e-3);
  EXPECT_NEAR(t.node_seconds[node_at(g, m.at('a'))], 200.0 / mps, 1e-3);
}

// Bellman-Ford from the same seeds: the oracle for the multi-source Dijkstra.
std::vector<double> bellman_ford(const RoadGraph& g, const std::vector<Seed>& seeds) {
  std::vector<double> d(g.node_count(), std::numeric_limits<double>::infinity());
  for (const Seed& s : seeds) {
    const auto p = s.piece;
    d[g.piece_from[p]] =
        std::min(d[g.piece_from[p]], along(s.start_s, s.fraction, g.piece_backward_s[p]));
    d[g.piece_to[p]] =
        std::min(d[g.piece_to[p]], along(s.start_s, 1 - s.fraction, g.piece_forward_s[p]));
  }
  for (std::size_t round = 0; round < g.node_count(); ++round) {
    bool changed = false;
    for (std::uint32_t v = 0; v < g.node_count(); ++v)
      for (auto a = g.arc_offsets[v]; a < g.arc_offsets[v + 1]; ++a)
        if (d[v] + g.arcs[a].seconds < d[g.arcs[a].head]) {
          d[g.arcs[a].head] = d[v] + g.arcs[a].seconds;
          changed = true;
        }
    if (!changed) break;
  }
  return d;
}

TEST(TravelTimes, MultiSourceMatchesBellmanFordAndPerSourceMinimum) {
  for (unsigned seed = 1; seed <= 12; ++seed) {
    NullProgress progress;
    auto built = build_road_graph(test::random_grid_lines(seed, 14, 11, 120.0, 0.3),
                                  make_profile(TravelMode::car), progress);
    const RoadGraph& g = built.graph;
    SnapIndex index(g);
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> ux(0, 1600), uy(0, 1250), ud(0, 60);
    std::vector<Location> sources;
    std::vector<double> delays;
    for (int k = 0; k < 6; ++k) {
      sources.push_back(index.snap({ux(rng), uy(rng)}));
      delays.push_back(ud(rng));
    }
    const TravelOptions o;
    auto t = multi_source_times(g, sources, delays, o, progress);
    const auto bf = bellman_ford(g, t.seeds);
    auto trees = per_source_trees(g, sources, delays, o, progress);
    std::vector<TravelTimes> dense;
    for (const auto& tree : trees) dense.push_back(tree.as_times(g.node_count()));
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
      ASSERT_NEAR(t.node_seconds[v], bf[v], 1e-3 * (1 + bf[v])) << "seed " << seed << " node " << v;
      double best = std::numeric_limits<double>::infinity(), second = best;
      std::uint32_t best_source = kNone;
      for (std::uint32_t s = 0; s < dense.size(); ++s) {
        const double x = dense[s].node_seconds[v];
        if (x < best) {
          second = best;
          best = x;
          best_source = s;
        } else if (x < second) {
          second = x;
        }
      }
      ASSERT_NEAR(t.node_seconds[v], best, 1e-3 * (1 + best));
      if (second - best > 1e-2) {
        EXPECT_EQ(t.node_source[v], best_source);
      }
    }
    // With a cutoff every reached node is within it, and the rest are beyond it.
    const TravelOptions cut{.cutoff_s = 150.0};
    auto c = multi_source_times(g, sources, delays, cut, progress);
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
      if (c.node_seconds[v] != kUnreachable) {
        EXPECT_LE(c.node_seconds[v], 150.0f);
        EXPECT_NEAR(c.node_seconds[v], bf[v], 1e-3 * (1 + bf[v]));
      } else {
        EXPECT_GT(bf[v], 150.0 - 1e-3);
      }
    }
  }
}

TEST(TravelTimes, FasterProfileNeverSlower) {
  for (unsigned seed = 1; seed <= 5; ++seed) {
    NullProgress progress;
    const auto lines = test::random_grid_lines(seed, 10, 10, 100.0, 0.3);
    Profile slow = make_profile(TravelMode::car), fast = slow;
    for (auto& [cls, kmh] : fast.speed_kmh) kmh *= 1.5;
    auto gs = build_road_graph(lines, slow, progress, {.keep_largest_scc_only = false});
    auto gf = build_road_graph(lines, fast, progress, {.keep_largest_scc_only = false});
    ASSERT_EQ(gs.graph.nodes.x, gf.graph.nodes.x);
    SnapIndex is(gs.graph), isf(gf.graph);
    const std::vector<Location> ss{is.snap({300, 400})}, sf{isf.snap({300, 400})};
    auto ts = multi_source_times(gs.graph, ss, {}, {}, progress);
    auto tf = multi_source_times(gf.graph, sf, {}, {}, progress);
    for (std::size_t v = 0; v < ts.node_seconds.size(); ++v) {
      EXPECT_LE(tf.node_seconds[v], ts.node_seconds[v] * (1 + 1e-6) + 1e-4);
    }
  }
}

// A point in the middle of a piece versus the same point made a junction (a stub road
// there): arrival() must equal the node time of the split graph.
TEST(TravelTimes, ArrivalMidPieceEqualsSplitGraphNodeTime) {
  for (unsigned seed = 1; seed <= 8; ++seed) {
    NullProgress progress;
    const auto lines = test::random_grid_lines(seed, 9, 8, 130.0, 0.3);
    const Profile car = make_profile(TravelMode::car);
    auto g1 = build_road_graph(lines, car, progress, {.keep_largest_scc_only = false});
    std::mt19937 rng(seed);
    for (int k = 0; k < 10; ++k) {
      const RoadLine& host = lines[rng() % lines.size()];
      const Vec2 mid = host.points[1];  // never a junction in random_grid_lines
      auto split_lines = lines;
      RoadLine stub;
      stub.points = {mid, {mid.x + 0.5, mid.y + 0.5}};
      stub.road_class = "service";
      split_lines.push_back(stub);
      auto g2 = build_road_graph(split_lines, car, progress, {.keep_largest_scc_only = false});
      SnapIndex i1(g1.graph), i2(g2.graph);
      std::uniform_real_distribution<double> u(0, 1000);
      const Vec2 p{u(rng), u(rng)};
      const std::vector<Location> s1{i1.snap(p)}, s2{i2.snap(p)};
      if (!s1[0].routable() || s2[0].piece == g2.graph.piece_count() - 1) continue;
      auto t1 = multi_source_times(g1.graph, s1, {}, {}, progress);
      auto t2 = multi_source_times(g2.graph, s2, {}, {}, progress);
      const Location target = i1.snap(mid);
      ASSERT_NEAR(target.offroad_m, 0.0, 1e-9);
      const double expected = t2.node_seconds[node_at(g2.graph, mid)];
      const Arrival a = arrival(g1.graph, t1, target, {});
      if (expected == kUnreachable) {
        EXPECT_FALSE(a.reached());
      } else {
        EXPECT_NEAR(a.seconds, expected, 1e-3 * (1 + expected)) << "seed " << seed << " k " << k;
      }
    }
  }
}

}  // namespace
}  // namespace sunplan::network

namespace sunplan::network {
namespace {

class CancelAfter final : public Progress {
 public:
  explicit CancelAfter(int calls) : m_left(calls) {}
  bool update(double, std::string_view) override { return m_left-- > 0; }

 private:
  int m_left;
};

TEST(TravelTimes, CancelThroughProgressStopsTheSearch) {
  NullProgress quiet;
  // 400 x 400 grid = 160,000 nodes: the search reports every 65,536 settled nodes.
  auto built = build_road_graph(test::random_grid_lines(1, 400, 400, 100.0, 0.0),
                                make_profile(TravelMode::walk), quiet);
  SnapIndex index(built.graph);
  const std::vector<Location> src{index.snap({20000, 20000})};
  CancelAfter cancel(1);  // the start report passes, the first in-search report cancels
  EXPECT_THROW(multi_source_times(built.graph, src, {}, {}, cancel), CancelledError);
  CancelAfter never(1000);
  EXPECT_NO_THROW(multi_source_times(built.graph, src, {}, {}, never));
}

}  // namespace
}  // namespace sunplan::network
