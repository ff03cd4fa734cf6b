// The first solve's starting basis (engine/src/pairing/start_basis.hpp): a greedy flow worked by
// hand, and on random pairing networks the network simplex started from it reaches the optimum
// of LEMON's own NetworkSimplex (the system package's, from its artificial tree), with the same
// youth paired; the basis is never refused. Capacities bind (places for about half the youth,
// teams with none left, as when kept pairs fill them), some locations reach no team, costs tie.
#include "start_basis.hpp"

#include <gtest/gtest.h>
#include <lemon/network_simplex.h>
#include <lemon/smart_graph.h>
#include <warm_network_simplex.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

namespace sunplan::pairing::detail {
namespace {

using Graph = lemon::SmartDigraph;
using Value = std::int64_t;

// A pairing network as sparse_assignment.cpp builds it: sink, teams, then each location with
// its sink arc and its team arcs (ascending cost).
struct Net {
  std::vector<Value> cap, demand, sink_cost, arc_team, arc_cost;
  std::vector<std::uint64_t> arc_begin{0};

  Graph g;
  Graph::Node sink;
  std::vector<Graph::Node> team_node, loc_node;
  std::vector<Graph::Arc> team_arc, sink_arc, loc_arc;

  void build(Graph::ArcMap<Value>& upper, Graph::ArcMap<Value>& cost,
             Graph::NodeMap<Value>& supply) {
    sink = g.addNode();
    for (std::size_t t = 0; t < cap.size(); ++t) {
      team_node.push_back(g.addNode());
      team_arc.push_back(g.addArc(team_node[t], sink));
      upper.set(team_arc[t], cap[t]);
      cost.set(team_arc[t], 0);
    }
    Value total = 0;
    for (std::size_t l = 0; l < demand.size(); ++l) {
      loc_node.push_back(g.addNode());
      supply.set(loc_node[l], demand[l]);
      total += demand[l];
      sink_arc.push_back(g.addArc(loc_node[l], sink));
      upper.set(sink_arc[l], demand[l]);
      cost.set(sink_arc[l], sink_cost[l]);
      for (auto x = arc_begin[l]; x < arc_begin[l + 1]; ++x) {
        loc_arc.push_back(g.addArc(loc_node[l], team_node[static_cast<std::size_t>(arc_team[x])]));
        upper.set(loc_arc[x], demand[l]);
        cost.set(loc_arc[x], arc_cost[x]);
      }
    }
    supply.set(sink, -total);
  }

  StartBasis basis() const {
    return start_basis(
        cap, demand, sink_cost, arc_begin,
        [&](std::uint64_t x) { return static_cast<std::size_t>(arc_team[x]); },
        [&](std::uint64_t x) { return arc_cost[x]; });
  }
};

struct Parents {
  const Graph& g;
  std::vector<Graph::Arc> v;
  Graph::Arc operator[](Graph::Node n) const { return v[static_cast<std::size_t>(g.id(n))]; }
};

// Loads b into ns; returns loadBasis()'s answer.
bool load(lemon::WarmNetworkSimplex<Graph, Value, Value>& ns, const Net& net, const StartBasis& b) {
  Graph::ArcMap<Value> flow(net.g, 0);
  Parents parent{net.g, std::vector<Graph::Arc>(static_cast<std::size_t>(net.g.maxNodeId() + 1),
                                                Graph::Arc(lemon::INVALID))};
  auto arc = [&](std::int64_t x, Graph::Arc to_sink) {
    if (x == kParentSink) return to_sink;
    return x == kParentRoot ? Graph::Arc(lemon::INVALID) : net.loc_arc[static_cast<std::size_t>(x)];
  };
  for (std::size_t t = 0; t < net.cap.size(); ++t) {
    flow[net.team_arc[t]] = b.load[t];
    parent.v[static_cast<std::size_t>(net.g.id(net.team_node[t]))] =
        arc(b.team_parent[t], net.team_arc[t]);
  }
  for (std::size_t l = 0; l < net.demand.size(); ++l) {
    flow[net.sink_arc[l]] = b.sink_flow[l];
    parent.v[static_cast<std::size_t>(net.g.id(net.loc_node[l]))] =
        arc(b.loc_parent[l], net.sink_arc[l]);
  }
  for (std::size_t x = 0; x < net.loc_arc.size(); ++x) flow[net.loc_arc[x]] = b.arc_flow[x];
  return ns.loadBasis(flow, parent);
}

// Team A (place 2), team B (5); location 0 (2 youth: A at 1, B at 4), location 1 (3: A at 2,
// B at 3), location 2 (1: A at 5); unpaired costs 100. By ascending cost: location 0 fills A,
// location 1 finds A full and goes whole to B, location 2 finds A full: unpaired. The optimum
// pairs everyone: location 2 at A, one of location 0's youth moved to B: 5 + 1 + 4 + 9 = 19.
TEST(StartBasis, HandWorkedGreedyAndTree) {
  Net net;
  net.cap = {2, 5};
  net.demand = {2, 3, 1};
  net.sink_cost = {100, 100, 100};
  net.arc_team = {0, 1, 0, 1, 0};
  net.arc_cost = {1, 4, 2, 3, 5};
  net.arc_begin = {0, 2, 4, 5};
  const StartBasis b = net.basis();
  EXPECT_EQ(b.arc_flow, (std::vector<Value>{2, 0, 0, 3, 0}));
  EXPECT_EQ(b.sink_flow, (std::vector<Value>{0, 0, 1}));
  EXPECT_EQ(b.load, (std::vector<Value>{2, 3}));
  // B has room: under the sink. Location 0 hangs by its empty arc to B (potential -4), A below
  // it by the arc that fills it (-4 + 1 = -3); locations 1 and 2 by their only empty arcs, to A
  // (location 1's arc to B carries its youth).
  EXPECT_EQ(b.team_parent, (std::vector<std::int64_t>{0, kParentSink}));
  EXPECT_EQ(b.loc_parent, (std::vector<std::int64_t>{1, 2, 4}));

  Graph::ArcMap<Value> upper(net.g), cost(net.g);
  Graph::NodeMap<Value> supply(net.g, 0);
  net.build(upper, cost, supply);
  lemon::WarmNetworkSimplex<Graph, Value, Value> ns(net.g);
  ns.upperMap(upper).costMap(cost).supplyMap(supply);
  ASSERT_TRUE(load(ns, net, b));
  ASSERT_EQ(ns.runFromBasis(), decltype(ns)::OPTIMAL);
  EXPECT_EQ(ns.totalCost(), 19);
  for (const Graph::Arc a : net.sink_arc) EXPECT_EQ(ns.flow(a), 0);
}

constexpr Value kM = 100000;  // unpaired: more than any path of arcs (< 20 each, 13 at most)

// Fills an empty net (a LEMON graph cannot be returned: it has no move).
void random_net(std::mt19937& rng, bool tight, Net& net) {
  const auto T = 1 + rng() % 12, L = 1 + rng() % 60;
  Value demand_total = 0;
  for (std::size_t l = 0; l < L; ++l) {
    net.demand.push_back(1 + static_cast<Value>(rng() % 4));
    demand_total += net.demand.back();
    std::vector<std::pair<Value, Value>> arcs;  // (cost, team)
    if (rng() % 8 != 0)                         // else: reaches no team
      for (std::size_t t = 0; t < T; ++t)
        if (rng() % 3 != 0) arcs.emplace_back(static_cast<Value>(rng() % 20), t);
    std::sort(arcs.begin(), arcs.end());
    Value largest = 0;
    for (const auto& [c, t] : arcs) {
      net.arc_cost.push_back(c);
      net.arc_team.push_back(t);
      largest = std::max(largest, c);
    }
    net.arc_begin.push_back(net.arc_cost.size());
    // unpaired (M, above any path of arcs) or an open team no nearer than the arcs
    net.sink_cost.push_back(rng() % 4 == 0 ? largest + static_cast<Value>(rng() % 5) : kM);
  }
  const Value share = std::max<Value>(1, demand_total / static_cast<Value>(T));
  for (std::size_t t = 0; t < T; ++t) {
    Value c = static_cast<Value>(rng() % static_cast<std::uint64_t>(tight ? share + 1 : 3 * share));
    if (rng() % 6 == 0) c = 0;  // filled by kept pairs
    net.cap.push_back(c);
  }
}

TEST(StartBasis, SameOptimumAsLemonsNetworkSimplex) {
  std::mt19937 rng(20261207);
  int improved = 0;
  for (int trial = 0; trial < 400; ++trial) {
    Net net;
    random_net(rng, trial % 2 == 0, net);
    Graph::ArcMap<Value> upper(net.g), cost(net.g);
    Graph::NodeMap<Value> supply(net.g, 0);
    net.build(upper, cost, supply);

    lemon::NetworkSimplex<Graph, Value, Value> plain(net.g);
    plain.upperMap(upper).costMap(cost).supplyMap(supply);
    ASSERT_EQ(plain.run(), decltype(plain)::OPTIMAL);
    // unpaired: on a sink arc at M (the others are open teams, which may tie with a team arc)
    Value plain_unpaired = 0, unpaired = 0, greedy = 0;
    for (std::size_t l = 0; l < net.demand.size(); ++l)
      if (net.sink_cost[l] == kM) plain_unpaired += plain.flow(net.sink_arc[l]);

    const StartBasis b = net.basis();
    lemon::WarmNetworkSimplex<Graph, Value, Value> warm(net.g);
    warm.upperMap(upper).costMap(cost).supplyMap(supply);
    ASSERT_TRUE(load(warm, net, b)) << "trial " << trial;
    ASSERT_EQ(warm.runFromBasis(), decltype(warm)::OPTIMAL);
    for (std::size_t l = 0; l < net.demand.size(); ++l)
      if (net.sink_cost[l] == kM) unpaired += warm.flow(net.sink_arc[l]);
    for (std::size_t l = 0; l < net.demand.size(); ++l) greedy += b.sink_flow[l] * net.sink_cost[l];
    for (std::size_t x = 0; x < net.loc_arc.size(); ++x) greedy += b.arc_flow[x] * net.arc_cost[x];
    EXPECT_EQ(warm.totalCost(), plain.totalCost()) << "trial " << trial;
    EXPECT_EQ(unpaired, plain_unpaired) << "trial " << trial;
    if (greedy > warm.totalCost()) ++improved;
  }
  EXPECT_GT(improved, 50);  // the pivots had work to do, not only a greedy optimum to confirm
}

// loadBasis() checks what it is given: an arc strictly between its bounds left out of the tree,
// and a flow that breaks a supply, are refused (and run() still solves from scratch).
TEST(StartBasis, RefusesABasisThatIsNotOne) {
  Net net;
  net.cap = {3, 3};
  net.demand = {2};
  net.sink_cost = {100};
  net.arc_team = {0, 1};
  net.arc_cost = {1, 2};
  net.arc_begin = {0, 2};
  Graph::ArcMap<Value> upper(net.g), cost(net.g);
  Graph::NodeMap<Value> supply(net.g, 0);
  net.build(upper, cost, supply);
  lemon::WarmNetworkSimplex<Graph, Value, Value> ns(net.g);
  ns.upperMap(upper).costMap(cost).supplyMap(supply);
  StartBasis b = net.basis();
  ASSERT_TRUE(load(ns, net, b));

  StartBasis split = b;  // one youth to each team: both location arcs between their bounds
  split.arc_flow = {1, 1};
  split.load = {1, 1};
  EXPECT_FALSE(load(ns, net, split));
  StartBasis lost = b;  // a youth vanishes
  lost.arc_flow = {1, 0};
  lost.load = {1, 0};
  EXPECT_FALSE(load(ns, net, lost));
  ASSERT_EQ(ns.run(), decltype(ns)::OPTIMAL);
  EXPECT_EQ(ns.totalCost(), 2);
}

}  // namespace
}  // namespace sunplan::pairing::detail
