// Internal: the starting basis of a part's first network-simplex solve (issue #17). LEMON
// starts from an artificial tree where every youth is unpaired at an artificial cost, so every
// location costs pivots before it sends anything to a team: 57 s on the national set's largest
// part. Here each location sends its youth greedily to its cheapest teams with room, the rest to
// its sink arc (unpaired or open team), and a strongly feasible spanning tree holding that flow
// is built, with node potentials as close to optimal as the greedy allows. The network simplex
// (WarmNetworkSimplex::loadBasis) pivots on from there to the same optimum.
//
// The network (sparse_assignment.cpp): a sink; team t -> sink (capacity[t], cost 0); location l
// with supply demand[l] -> sink (demand[l], sink_cost[l]) and -> each of its teams (demand[l],
// its cost), its arcs [arc_begin[l], arc_begin[l+1]) in ascending cost.
//
//   StartBasis b = start_basis(cap, demand, sink_cost, arc_begin, team_of, cost_of);
//   b.loc_parent[l] == kParentSink: l hangs from the sink by its sink arc
//   b.team_parent[t] == x (>= 0): t hangs from location arc x's location by that arc
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <utility>
#include <vector>

namespace sunplan::pairing::detail {

// A node's parent in the starting tree: its arc to the sink (a team's arc, a location's sink
// arc), LEMON's artificial root, or (>= 0) a location arc: a location's parent is then the
// arc's team, a team's parent the arc's location.
constexpr std::int64_t kParentSink = -1;
constexpr std::int64_t kParentRoot = -2;

struct StartBasis {
  std::vector<std::int64_t> arc_flow;   // per location arc
  std::vector<std::int64_t> sink_flow;  // per location
  std::vector<std::int64_t> load;       // per team
  std::vector<std::int64_t> team_parent, loc_parent;
};

namespace start_basis_detail {

// The tree around the greedy flow. Strong feasibility (what LEMON's pivots keep): an arc to the
// parent carries less than its capacity, an arc from the parent more than 0. Every arc strictly
// between its bounds must be a tree arc; the greedy makes those arcs a forest (each location
// fills every team it splits over but the last, so a component of split arcs has at most one
// team with room, or else one sink arc), which LEMON checks again.
template <class TeamOf, class CostOf>
struct TreeBuilder {
  std::span<const std::int64_t> capacity, demand, sink_cost;
  std::span<const std::uint64_t> arc_begin;
  TeamOf team_of;
  CostOf cost_of;
  StartBasis& b;
  std::vector<std::int64_t> pi_team, pi_loc;  // LEMON's potentials: rc = c + pi(tail) - pi(head)
  std::vector<char> team_in, loc_in;
  std::vector<std::uint64_t> split_begin, split_arc;  // per team: its split location arcs
  std::vector<std::uint32_t> split_loc;
  std::vector<std::uint64_t> queue;  // teams t, locations T + l

  bool split(std::size_t l, std::uint64_t x) const {
    return b.arc_flow[x] > 0 && b.arc_flow[x] < demand[l];
  }
  void team(std::size_t t, std::int64_t parent, std::int64_t pi) {
    b.team_parent[t] = parent;
    pi_team[t] = pi;
    team_in[t] = 1;
    queue.push_back(t);
  }
  void loc(std::size_t l, std::int64_t parent, std::int64_t pi) {
    b.loc_parent[l] = parent;
    pi_loc[l] = pi;
    loc_in[l] = 1;
    queue.push_back(capacity.size() + l);
  }

  void index_split_arcs() {
    const std::size_t T = capacity.size(), L = demand.size();
    split_begin.assign(T + 1, 0);
    for (std::size_t l = 0; l < L; ++l)
      for (auto x = arc_begin[l]; x < arc_begin[l + 1]; ++x)
        if (split(l, x)) ++split_begin[team_of(x) + 1];
    for (std::size_t t = 0; t < T; ++t) split_begin[t + 1] += split_begin[t];
    split_arc.resize(split_begin[T]);
    split_loc.resize(split_begin[T]);
    std::vector<std::uint64_t> fill(split_begin.begin(), split_begin.end() - 1);
    for (std::size_t l = 0; l < L; ++l)
      for (auto x = arc_begin[l]; x < arc_begin[l + 1]; ++x)
        if (split(l, x)) {
          const std::uint64_t k = fill[team_of(x)]++;
          split_arc[k] = x;
          split_loc[k] = static_cast<std::uint32_t>(l);
        }
  }

  // Everything the queued nodes reach by split arcs, and the full teams their locations send a
  // whole location to (an arc from the parent carrying flow).
  void spread() {
    const std::size_t T = capacity.size();
    while (!queue.empty()) {
      const std::uint64_t u = queue.back();
      queue.pop_back();
      if (u < T) {
        for (auto k = split_begin[u]; k < split_begin[u + 1]; ++k)
          if (!loc_in[split_loc[k]])
            loc(split_loc[k], static_cast<std::int64_t>(split_arc[k]),
                pi_team[u] - cost_of(split_arc[k]));
        continue;
      }
      const std::size_t l = u - T;
      for (auto x = arc_begin[l]; x < arc_begin[l + 1]; ++x) {
        const std::size_t t = team_of(x);
        if (!team_in[t] && b.arc_flow[x] > 0)
          team(t, static_cast<std::int64_t>(x), pi_loc[l] + cost_of(x));
      }
    }
  }

  // A location not yet in the tree hangs by an empty arc from a team in the tree, the one that
  // leaves every such arc's reduced cost >= 0 (the smallest c - pi_team), or in the last pass
  // by its empty sink arc, or from the root. Passes before the last wait for more teams.
  bool attach_rest(bool last) {
    bool waiting = false;
    for (std::size_t l = 0; l < demand.size(); ++l) {
      if (loc_in[l]) continue;
      std::int64_t best = std::numeric_limits<std::int64_t>::max(), parent = kParentRoot;
      for (auto x = arc_begin[l]; x < arc_begin[l + 1]; ++x) {
        const std::size_t t = team_of(x);
        if (b.arc_flow[x] == 0 && team_in[t] && cost_of(x) - pi_team[t] < best) {
          best = cost_of(x) - pi_team[t];
          parent = static_cast<std::int64_t>(x);
        }
      }
      if (last && b.sink_flow[l] == 0 && sink_cost[l] < best) {
        best = sink_cost[l];
        parent = kParentSink;
      }
      if (parent == kParentRoot && !last) {
        waiting = true;
        continue;
      }
      loc(l, parent, parent == kParentRoot ? 0 : -best);
      spread();
    }
    return waiting;
  }

  void build() {
    const std::size_t T = capacity.size(), L = demand.size();
    pi_team.assign(T, 0);
    pi_loc.assign(L, 0);
    team_in.assign(T, 0);
    loc_in.assign(L, 0);
    b.team_parent.assign(T, kParentRoot);
    b.loc_parent.assign(L, kParentRoot);
    index_split_arcs();
    // The sink (potential 0) holds every team with room and every location split with its
    // sink arc.
    for (std::size_t t = 0; t < T; ++t)
      if (b.load[t] < capacity[t]) team(t, kParentSink, 0);
    for (std::size_t l = 0; l < L; ++l)
      if (b.sink_flow[l] > 0 && b.sink_flow[l] < demand[l]) loc(l, kParentSink, -sink_cost[l]);
    spread();
    for (int pass = 0; pass < 3 && attach_rest(false);) ++pass;
    attach_rest(true);
  }
};

}  // namespace start_basis_detail

// The tree and potentials for a flow already in b (arc_flow, sink_flow, load).
template <class TeamOf, class CostOf>
void start_tree(StartBasis& b, std::span<const std::int64_t> capacity,
                std::span<const std::int64_t> demand, std::span<const std::int64_t> sink_cost,
                std::span<const std::uint64_t> arc_begin, TeamOf team_of, CostOf cost_of) {
  start_basis_detail::TreeBuilder<TeamOf, CostOf> tree{
      capacity, demand, sink_cost, arc_begin, team_of, cost_of, b, {}, {}, {}, {}, {}, {}, {}, {}};
  tree.build();
}

// The greedy flow into b (sink_flow starting at the demand): every location arc by ascending
// cost takes what its location still has and its team still holds. Done lazily, each location
// queued at its next arc's cost, since most locations end at their first: a list per integer
// cost when the part's largest cost is at most 4x its arcs (the national set's big parts: 5 km
// in decimetres), else a heap (a binary heap took 5.7 s of CPU on the national set's largest part).
template <class TeamOf, class CostOf>
void greedy_flow(StartBasis& b, std::span<const std::int64_t> capacity,
                 std::span<const std::int64_t> demand, std::span<const std::uint64_t> arc_begin,
                 TeamOf team_of, CostOf cost_of) {
  const std::size_t L = demand.size();
  std::vector<std::uint64_t> next(arc_begin.begin(), arc_begin.end() - 1);
  // One arc of location l; true if l has youth left and another arc.
  auto step = [&](std::size_t l) {
    const std::uint64_t x = next[l]++;
    const std::size_t t = team_of(x);
    const std::int64_t take = std::min(b.sink_flow[l], capacity[t] - b.load[t]);
    if (take > 0) {
      b.arc_flow[x] = take;
      b.load[t] += take;
      b.sink_flow[l] -= take;
    }
    return b.sink_flow[l] > 0 && next[l] < arc_begin[l + 1];
  };
  std::int64_t low = 0, high = 0;
  for (std::uint64_t x = 0; x < arc_begin[L]; ++x) {
    low = std::min(low, cost_of(x));
    high = std::max(high, cost_of(x));
  }
  // The lists cost a pass over every cost up to the largest: only where the arcs pay for it (a
  // part of a few locations at 5 km would scan 50,000 empty lists, and there are many).
  if (low >= 0 && static_cast<std::uint64_t>(high) <= 4 * (arc_begin[L] + L)) {
    constexpr std::uint32_t kEnd = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> head(static_cast<std::size_t>(high) + 1, kEnd), link(L, kEnd);
    auto push = [&](std::size_t l) {
      const auto c = static_cast<std::size_t>(cost_of(next[l]));
      link[l] = head[c];
      head[c] = static_cast<std::uint32_t>(l);
    };
    for (std::size_t l = L; l-- > 0;)  // so that each cost's list starts in location order
      if (next[l] < arc_begin[l + 1] && demand[l] > 0) push(l);
    for (std::size_t c = 0; c < head.size(); ++c)
      while (head[c] != kEnd) {
        const std::size_t l = head[c];
        head[c] = link[l];
        if (step(l)) push(l);
      }
    return;
  }
  using Next = std::pair<std::int64_t, std::uint64_t>;  // (cost, location)
  std::vector<Next> heap;
  for (std::size_t l = 0; l < L; ++l)
    if (next[l] < arc_begin[l + 1] && demand[l] > 0) heap.emplace_back(cost_of(next[l]), l);
  std::make_heap(heap.begin(), heap.end(), std::greater<>{});
  while (!heap.empty()) {
    std::pop_heap(heap.begin(), heap.end(), std::greater<>{});
    const std::size_t l = heap.back().second;
    heap.pop_back();
    if (step(l)) {
      heap.emplace_back(cost_of(next[l]), l);
      std::push_heap(heap.begin(), heap.end(), std::greater<>{});
    }
  }
}

// team_of(x), cost_of(x): location arc x's team and integer cost.
template <class TeamOf, class CostOf>
StartBasis start_basis(std::span<const std::int64_t> capacity, std::span<const std::int64_t> demand,
                       std::span<const std::int64_t> sink_cost,
                       std::span<const std::uint64_t> arc_begin, TeamOf team_of, CostOf cost_of) {
  StartBasis b;
  b.arc_flow.assign(arc_begin[demand.size()], 0);
  b.sink_flow.assign(demand.begin(), demand.end());
  b.load.assign(capacity.size(), 0);
  // Greedy by ascending cost (then location), what is left to the sink arc (every arc is
  // cheaper than it: the open team bounds them, or M). In location order instead, the network
  // simplex needed more pivots than from LEMON's artificial tree (national part B: 6.8 M
  // against 5.4 M); by cost, 2.1 M.
  greedy_flow(b, capacity, demand, arc_begin, team_of, cost_of);
  start_tree(b, capacity, demand, sink_cost, arc_begin, team_of, cost_of);
  return b;
}

}  // namespace sunplan::pairing::detail
