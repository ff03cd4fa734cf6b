#include "sparse_assignment.hpp"

#include <lemon/smart_graph.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>
#include <warm_network_simplex.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <functional>
#include <limits>
#include <memory>
#include <mutex>
#include <numeric>
#include <stdexcept>
#include <tuple>

#include "start_basis.hpp"
#include "sunplan/core/dataset.hpp"
#include "sunplan/core/union_find.hpp"

namespace sunplan::pairing::detail {
namespace {

using Value = std::int64_t;
using Graph = lemon::SmartDigraph;
using WarmNS = lemon::WarmNetworkSimplex<Graph, Value, Value>;

// Locations per parallel task: fixed, so outputs are laid out the same whatever the scheduler.
constexpr std::size_t kBlock = 1024;
// Parts at least this large are a job of their own (pricing in parallel, progress and
// cancellation between rounds); smaller ones are solved in batches (see solve_parts()).
constexpr std::size_t kBigPart = 20000;
constexpr std::uint32_t kNoTeam = std::numeric_limits<std::uint32_t>::max();
constexpr Value kNoCost = std::numeric_limits<Value>::max();

Value int_cost(float c, double unit) {
  return static_cast<Value>(std::llround(static_cast<double>(c) / unit));
}

bool by_cost_then_team(const Candidate& a, const Candidate& b) {
  return a.cost != b.cost ? a.cost < b.cost : a.team < b.team;
}

// A read map over a vector indexed by the graph's ids.
template <class Key, class V>
struct IdMap {
  const Graph& g;
  std::vector<V> v;
  V operator[](Key k) const { return v[static_cast<std::size_t>(g.id(k))]; }
  V& at(Key k) { return v[static_cast<std::size_t>(g.id(k))]; }
};

// A location-team arc of a restricted problem; team is the part-local index (ascending with
// the rank, so (cost, team) is the full formulation's row order).
struct LocArc {
  std::uint32_t loc;
  std::uint32_t team;
  float cost;
  // Its arc in the flow network: >= 0 an arc of the graph of the first round (its id), < 0
  // the (-id - 1)-th arc added by a later round (WarmNS::resume).
  std::int32_t id = 0;
};
bool arc_order(const LocArc& a, const LocArc& b) {
  return std::tie(a.loc, a.cost, a.team) < std::tie(b.loc, b.cost, b.team);
}

struct FlowEntry {
  std::uint32_t loc;  // part-local
  std::uint32_t team_rank;
  std::int32_t count;
  float cost;
};
bool flow_order(const FlowEntry& a, const FlowEntry& b) {
  return std::tie(a.loc, a.cost, a.team_rank) < std::tie(b.loc, b.cost, b.team_rank);
}

// A location's nearest team that can never be full (its "open" team): every youth of the
// location it does not pair elsewhere goes there, so no farther team is worth an arc.
struct Open {
  float cost = std::numeric_limits<float>::infinity();
  std::uint32_t team = kNoTeam;  // rank
  Value int_cost = kNoCost;      // in cost units; kNoCost when there is no open team
};

// Which teams can be full, and what each location may still need, after the reduction (see
// reduce() in solve_sparse).
struct Reduced {
  std::vector<std::uint8_t> full;  // per team rank: capacity below the demand it can get
  std::vector<Value> reachable;    // per team rank: demand of the locations that may use it
  std::vector<Open> open;          // per group

  // A pair the optimum may need: to a team that can be full, before the open team in (cost,
  // team) order. The order is the one the open team is chosen by, so every location that ends
  // with open team o counted o as useful in the pass that found o cannot be full (o's capacity
  // covers them all); pairs at the open team's cost or farther are never needed.
  bool useful(std::uint32_t g, const Candidate& c) const {
    return full[c.team] &&
           (c.cost < open[g].cost || (c.cost == open[g].cost && c.team < open[g].team));
  }
};

struct Part {
  std::vector<std::uint32_t> groups;  // global group indexes, ascending
  std::vector<std::uint32_t> teams;   // team ranks (teams that can be full), ascending
  Value max_cost = 0;                 // largest integer cost in reach of the part
  std::uint64_t pairs = 0;            // useful pairs of the part
  std::vector<FlowEntry> flows;       // (loc, cost, team) order
  std::uint64_t arcs = 0;
  std::size_t rounds = 0;
};

// Runs f(block_begin, block_end) over [0, n) in fixed blocks, in parallel or not.
template <class F>
void for_blocks(std::size_t n, bool parallel, F&& f) {
  const std::size_t blocks = (n + kBlock - 1) / kBlock;
  auto run = [&](std::size_t b) { f(b * kBlock, std::min(n, (b + 1) * kBlock)); };
  if (parallel)
    tbb::parallel_for(std::size_t{0}, blocks, run);
  else
    for (std::size_t b = 0; b < blocks; ++b) run(b);
}

// A part's restricted problem between pricing rounds: its location-team arcs in arc_order,
// the flows and the duals of the last solve.
struct Restricted {
  std::vector<LocArc> arcs;
  std::int32_t added = 0;                // arcs added to the network after the first round
  std::vector<std::uint64_t> arc_begin;  // per location: its first arc (L + 1 offsets)
  std::vector<Value> pi_team, pi_loc;
  std::vector<Value> flow, open_flow;  // per arc; per location (its sink arc)
};

struct Solver {
  std::span<const std::int32_t> demand;
  const CandidateSource& source;
  std::span<const std::int32_t> capacity;
  const Reduced& reduced;
  const std::vector<std::uint32_t>& team_local;  // per team rank: index in its part
  SparseOptions options;

  Value cap(std::uint32_t rank) const {
    return std::min<Value>(std::max<std::int32_t>(capacity[rank], 0), reduced.reachable[rank]);
  }

  // M of the part: a path that pairs one more youth crosses at most F location-team arcs
  // forward and one open team's arc (each <= max_cost) and some backward (negative), so it
  // costs < M and the flow always prefers it to an unpaired arc: the most youth paired first,
  // then least cost.
  Value big_m(const Part& p) const {
    return p.max_cost * (static_cast<Value>(p.teams.size()) + 1) + 1;
  }

  // The useful teams of location l costing at most `bound` (unsorted).
  void useful(const Part& p, std::size_t l, double bound, std::vector<Candidate>& c) const {
    const std::uint32_t g = p.groups[l];
    c.clear();
    source.in_reach(g, std::min(bound, static_cast<double>(reduced.open[g].cost)), c);
    c.erase(std::remove_if(c.begin(), c.end(),
                           [&](const Candidate& x) { return !reduced.useful(g, x); }),
            c.end());
  }

  void solve(Part& p, bool parallel, const std::function<void()>& between_rounds) const {
    const std::size_t L = p.groups.size(), T = p.teams.size();
    std::vector<std::vector<LocArc>> block_arcs((L + kBlock - 1) / kBlock);
    Restricted r;
    r.arcs = first_arcs(p, parallel, block_arcs);
    r.arc_begin.resize(L + 1);
    r.pi_team.resize(T);
    r.pi_loc.resize(L);
    r.flow.resize(r.arcs.size());
    r.open_flow.resize(L);
    Network net(1 + T + L);
    std::vector<LocArc> added;
    while (true) {
      ++p.rounds;
      std::fill(r.arc_begin.begin(), r.arc_begin.end(), 0);
      for (const LocArc& a : r.arcs) ++r.arc_begin[a.loc + 1];
      for (std::size_t l = 0; l < L; ++l) r.arc_begin[l + 1] += r.arc_begin[l];
      if (p.rounds == 1)
        solve_first(p, r, net);
      else
        solve_again(added, net);
      read_solution(p, r, net);
      if (between_rounds) between_rounds();
      added = price_out(p, r, parallel, block_arcs);
      if (added.empty()) break;
      for (LocArc& a : added) a.id = -(r.added++) - 1;
      const auto mid = static_cast<std::ptrdiff_t>(r.arcs.size());
      r.arcs.insert(r.arcs.end(), added.begin(), added.end());
      std::inplace_merge(r.arcs.begin(), r.arcs.begin() + mid, r.arcs.end(), arc_order);
    }
    keep_flows(p, r);
  }

  // 1. The first restricted problem: each location's K nearest useful teams, in arc_order.
  // block_arcs (one list per block of locations, emptied here) is scratch shared with
  // price_out.
  std::vector<LocArc> first_arcs(const Part& p, bool parallel,
                                 std::vector<std::vector<LocArc>>& block_arcs) const {
    const std::size_t L = p.groups.size();
    // A part with no more pairs than K per location on average has no memory to save: all of
    // them, one solve. Nor does a part with few pairs per location (at most whole_below_reach)
    // and a bounded total: LEMON's network simplex has no warm start, so every pricing round is
    // a solve from scratch, and on such parts the rounds cost more than the arcs they save
    // (Henan, 17 pairs per location: 4 rounds on 6.5 M arcs took 3x the CPU of one solve on
    // 20 M). Dense parts (Shanghai, 94 per location) are both faster and far smaller when
    // priced.
    std::size_t K = std::max<std::size_t>(options.initial_teams, 1);
    const auto per_location_limit =
        std::max<std::uint64_t>(K, options.whole_below_reach) * static_cast<std::uint64_t>(L);
    if (p.pairs <= static_cast<std::uint64_t>(K) * L ||
        (p.pairs <= per_location_limit && p.pairs <= options.whole_max_arcs))
      K = std::numeric_limits<std::size_t>::max();
    for_blocks(L, parallel, [&](std::size_t lo, std::size_t hi) {
      std::vector<Candidate> c;
      auto& out = block_arcs[lo / kBlock];
      for (std::size_t l = lo; l < hi; ++l) {
        useful(p, l, std::numeric_limits<double>::infinity(), c);
        const std::size_t k = std::min(K, c.size());
        std::partial_sort(c.begin(), c.begin() + static_cast<std::ptrdiff_t>(k), c.end(),
                          by_cost_then_team);
        for (std::size_t j = 0; j < k; ++j)
          out.push_back({static_cast<std::uint32_t>(l), team_local[c[j].team], c[j].cost});
      }
    });
    std::vector<LocArc> arcs;
    for (auto& b : block_arcs) {
      arcs.insert(arcs.end(), b.begin(), b.end());
      std::vector<LocArc>().swap(b);
    }  // already in arc_order: blocks ascend, each location's arcs sorted
    return arcs;
  }

  // 2. Solve: sink 0, teams 1..T, then each location with its arc to the sink (to its open
  // team at that team's cost, or "unpaired" at M) and its team arcs. (One source->sink
  // bypass as in assign_served is the same objective, but its potentials price out fewer
  // pairs per round: 25 rounds instead of 4 on Shanghai.) The first round builds the network
  // and solves it from a greedy starting basis (start_basis.hpp; from LEMON's artificial tree
  // its pivots were 2.5x as many on the national set's largest part); later rounds add the arcs
  // that priced out and pivot on from the last optimal tree (WarmNS::resume): a solve from scratch
  // cost as much as the first one every round (7 rounds on the national set's largest priced part).
  // Then read_solution.
  struct Network {
    explicit Network(std::size_t nodes) { g.reserveNode(static_cast<int>(nodes)); }
    Graph g;
    Graph::Node sink;
    std::vector<Graph::Node> team_node, loc_node;
    std::vector<Graph::Arc> team_arc, sink_arc;
    std::unique_ptr<Graph::ArcMap<Value>> upper, cost;
    std::unique_ptr<Graph::NodeMap<Value>> supply;
    std::unique_ptr<WarmNS> ns;
  };

  void solve_first(const Part& p, Restricted& r, Network& n) const {
    const std::size_t L = p.groups.size(), T = p.teams.size();
    const Value M = big_m(p);
    const double unit = options.cost_unit;
    std::vector<LocArc>& arcs = r.arcs;
    Graph& g = n.g;
    g.reserveArc(static_cast<int>(T + L + arcs.size()));
    n.upper = std::make_unique<Graph::ArcMap<Value>>(g);
    n.cost = std::make_unique<Graph::ArcMap<Value>>(g);
    Graph::ArcMap<Value>& upper = *n.upper;
    Graph::ArcMap<Value>& cost = *n.cost;
    n.sink = g.addNode();
    n.team_node.resize(T);
    n.team_arc.resize(T);
    Value total = 0;
    for (std::size_t t = 0; t < T; ++t) {
      n.team_node[t] = g.addNode();
      n.team_arc[t] = g.addArc(n.team_node[t], n.sink);
      upper[n.team_arc[t]] = cap(p.teams[t]);
      cost[n.team_arc[t]] = 0;
    }
    n.loc_node.resize(L);
    n.sink_arc.resize(L);
    for (std::size_t l = 0; l < L; ++l) {
      n.loc_node[l] = g.addNode();
      const Value d = demand[p.groups[l]];
      total += d;
      const Open& open = reduced.open[p.groups[l]];
      n.sink_arc[l] = g.addArc(n.loc_node[l], n.sink);
      upper[n.sink_arc[l]] = d;
      cost[n.sink_arc[l]] = open.team == kNoTeam ? M : open.int_cost;
      for (auto x = r.arc_begin[l]; x < r.arc_begin[l + 1]; ++x) {
        const Graph::Arc a = g.addArc(n.loc_node[l], n.team_node[arcs[x].team]);
        upper[a] = d;
        cost[a] = int_cost(arcs[x].cost, unit);
        arcs[x].id = g.id(a);
      }
    }
    n.supply = std::make_unique<Graph::NodeMap<Value>>(g, 0);
    (*n.supply)[n.sink] = -total;
    for (std::size_t l = 0; l < L; ++l) (*n.supply)[n.loc_node[l]] = demand[p.groups[l]];
    n.ns = std::make_unique<WarmNS>(g);
    n.ns->upperMap(upper).costMap(cost).supplyMap(*n.supply);
    // From the greedy basis (start_basis.hpp); LEMON's artificial tree only if it is refused.
    const bool from_basis = load_start_basis(p, r, n);
    if ((from_basis ? n.ns->runFromBasis() : n.ns->run()) != WarmNS::OPTIMAL)
      throw std::runtime_error("pairing: restricted min-cost flow not optimal");
  }

  // The first solve's starting flow and tree, handed to the network simplex (its maps freed
  // before it pivots); false if it refused them.
  bool load_start_basis(const Part& p, const Restricted& r, Network& n) const {
    const std::size_t L = p.groups.size(), T = p.teams.size();
    const Graph::ArcMap<Value>& cost = *n.cost;
    std::vector<Value> team_cap(T), loc_demand(L), sink_cost(L);
    for (std::size_t t = 0; t < T; ++t) team_cap[t] = (*n.upper)[n.team_arc[t]];
    for (std::size_t l = 0; l < L; ++l) {
      loc_demand[l] = demand[p.groups[l]];
      sink_cost[l] = cost[n.sink_arc[l]];
    }
    auto arc_of = [&](std::uint64_t x) { return n.g.arcFromId(r.arcs[x].id); };
    StartBasis b = start_basis(
        team_cap, loc_demand, sink_cost, r.arc_begin,
        [&](std::uint64_t x) -> std::size_t { return r.arcs[x].team; },
        [&](std::uint64_t x) { return cost[arc_of(x)]; });
    Graph::ArcMap<Value> flow(n.g, 0);
    // By node id: LEMON's NodeMap of a class type does not build under C++20 (allocator API).
    IdMap<Graph::Node, Graph::Arc> parent{
        n.g, std::vector<Graph::Arc>(static_cast<std::size_t>(n.g.maxNodeId() + 1),
                                     Graph::Arc(lemon::INVALID))};
    auto parent_arc = [&](std::int64_t x, Graph::Arc to_sink) {
      if (x == kParentSink) return to_sink;
      return x == kParentRoot ? Graph::Arc(lemon::INVALID) : arc_of(static_cast<std::uint64_t>(x));
    };
    for (std::size_t t = 0; t < T; ++t) {
      flow[n.team_arc[t]] = b.load[t];
      parent.at(n.team_node[t]) = parent_arc(b.team_parent[t], n.team_arc[t]);
    }
    for (std::size_t l = 0; l < L; ++l) {
      flow[n.sink_arc[l]] = b.sink_flow[l];
      parent.at(n.loc_node[l]) = parent_arc(b.loc_parent[l], n.sink_arc[l]);
      for (auto x = r.arc_begin[l]; x < r.arc_begin[l + 1]; ++x) flow[arc_of(x)] = b.arc_flow[x];
    }
    return n.ns->loadBasis(flow, parent);
  }

  // `added` in the order of their ids (-1, -2, ...), as price_out returned them.
  void solve_again(const std::vector<LocArc>& added, Network& n) const {
    std::vector<Graph::Node> tails, heads;
    std::vector<Value> caps, costs;
    for (const LocArc& a : added) {
      tails.push_back(n.loc_node[a.loc]);
      heads.push_back(n.team_node[a.team]);
      caps.push_back((*n.supply)[n.loc_node[a.loc]]);
      costs.push_back(int_cost(a.cost, options.cost_unit));
    }
    if (n.ns->resume(tails, heads, caps, costs) != WarmNS::OPTIMAL)
      throw std::runtime_error("pairing: restricted min-cost flow not optimal");
  }

  // r's flows and duals from the network's last solve.
  void read_solution(const Part& p, Restricted& r, const Network& n) const {
    const std::size_t L = p.groups.size(), T = p.teams.size();
    const WarmNS& ns = *n.ns;
    r.flow.resize(r.arcs.size());
    for (std::size_t x = 0; x < r.arcs.size(); ++x) {
      const std::int32_t id = r.arcs[x].id;
      r.flow[x] = id >= 0 ? ns.flow(n.g.arcFromId(id)) : ns.addedFlow(-id - 1);
    }
    for (std::size_t l = 0; l < L; ++l) r.open_flow[l] = ns.flow(n.sink_arc[l]);
    const Value pi_sink = ns.potential(n.sink);
    for (std::size_t t = 0; t < T; ++t) {
      r.pi_team[t] = ns.potential(n.team_node[t]);
      // Reduced costs are c + π(tail) − π(head), >= 0 on arcs at flow 0. A team with load
      // 0 has no flow in or out, so lowering π_t to π_sink keeps every reduced cost at
      // flow 0 non-negative (its own arc's becomes 0): the duals stay optimal. After that,
      // π_t <= π_sink for every team: a team with room and load has rc(t->sink) = 0, a
      // full one rc <= 0 (flow at its upper bound).
      if (ns.flow(n.team_arc[t]) == 0) r.pi_team[t] = std::min(r.pi_team[t], pi_sink);
    }
    for (std::size_t l = 0; l < L; ++l) r.pi_loc[l] = ns.potential(n.loc_node[l]);
  }

  // 3. Price every useful pair left out; returns the arcs that price out, in arc_order.
  // rc(g,t) = c_gt + π_g − π_t >= c_gt + π_g − Π with Π = max_t π_t (<= π_sink, see
  // read_solution), so a location's scan can stop at cost τ_g = Π − π_g: no team at that
  // cost or farther can price out. π_sink − π_g is the location's marginal cost (>= M while some
  // of its youth are unpaired: the unpaired arc carries flow, so M + π_g − π_sink <= 0; its open
  // team's cost when that team takes some of them; otherwise what its dearest unit pays), so a
  // location paired with a near team with room scans only nearer teams.
  std::vector<LocArc> price_out(const Part& p, const Restricted& r, bool parallel,
                                std::vector<std::vector<LocArc>>& block_arcs) const {
    const double unit = options.cost_unit;
    Value pi_max = std::numeric_limits<Value>::min();
    for (Value v : r.pi_team) pi_max = std::max(pi_max, v);
    for_blocks(p.groups.size(), parallel, [&](std::size_t lo, std::size_t hi) {
      std::vector<Candidate> c;
      auto& out = block_arcs[lo / kBlock];
      for (std::size_t l = lo; l < hi; ++l) {
        const Value tau = std::min(pi_max - r.pi_loc[l], reduced.open[p.groups[l]].int_cost);
        if (tau <= 0) continue;
        // int cost < τ implies cost < τ·unit: a superset, checked exactly below.
        useful(p, l, (static_cast<double>(tau) + 1.0) * unit, c);
        const std::size_t first = out.size();
        for (const Candidate& cand : c) {
          const Value ic = int_cost(cand.cost, unit);
          if (ic >= tau) continue;
          const std::uint32_t t = team_local[cand.team];
          if (ic + r.pi_loc[l] - r.pi_team[t] >= 0) continue;
          bool present = false;  // an arc at its upper bound may have rc < 0 too
          for (auto x = r.arc_begin[l]; x < r.arc_begin[l + 1] && !present; ++x)
            present = r.arcs[x].team == t;
          if (!present) out.push_back({static_cast<std::uint32_t>(l), t, cand.cost});
        }
        std::sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(), arc_order);
      }
    });
    std::vector<LocArc> added;
    for (auto& b : block_arcs) {
      added.insert(added.end(), b.begin(), b.end());
      b.clear();
    }
    return added;
  }

  // The part's flows with a count, team arcs and open teams, in flow_order.
  void keep_flows(Part& p, const Restricted& r) const {
    p.arcs = r.arcs.size();
    for (std::size_t x = 0; x < r.arcs.size(); ++x)
      if (r.flow[x] > 0)
        p.flows.push_back({r.arcs[x].loc, p.teams[r.arcs[x].team],
                           static_cast<std::int32_t>(r.flow[x]), r.arcs[x].cost});
    for (std::size_t l = 0; l < p.groups.size(); ++l) {
      const Open& open = reduced.open[p.groups[l]];
      if (open.team != kNoTeam && r.open_flow[l] > 0)
        p.flows.push_back({static_cast<std::uint32_t>(l), open.team,
                           static_cast<std::int32_t>(r.open_flow[l]), open.cost});
    }
    std::sort(p.flows.begin(), p.flows.end(), flow_order);
  }
};

// One solve_sparse call: its inputs and what each step leaves for the next.
struct SparseRun {
  SparseRun(std::span<const std::int32_t> demand_, const CandidateSource& source_,
            std::span<const std::int32_t> capacity_, const SparseOptions& options_,
            Progress& progress_, std::string_view stage_)
      : demand(demand_),
        source(source_),
        capacity(capacity_),
        options(options_),
        progress(progress_),
        stage(stage_),
        n(demand_.size()),
        F(capacity_.size()),
        unit(options_.cost_unit) {}

  std::span<const std::int32_t> demand;
  const CandidateSource& source;
  std::span<const std::int32_t> capacity;
  const SparseOptions& options;
  Progress& progress;
  std::string_view stage;
  std::size_t n, F;
  double unit;

  SparseFlows out;
  Reduced reduced;
  std::vector<Value> group_max;             // per group: its largest integer cost in reach
  std::vector<std::uint32_t> useful_count;  // per group: its useful pairs
  std::vector<Part> parts;
  std::vector<std::uint32_t> team_local;  // per team rank: index in its part
  std::size_t open_only = 0;              // groups with demand and no useful pair

  bool has_demand(std::size_t g) const { return demand[g] > 0 && out.in_reach[g] > 0; }

  // 1. One streaming pass over every pair in reach (nothing stored): the teams in reach of each
  // location, the demand that can reach each team, the largest cost.
  void scan_reach() {
    out.in_reach.assign(n, 0);
    reduced.reachable.assign(F, 0);
    group_max.assign(n, 0);
    for_blocks(n, true, [&](std::size_t lo, std::size_t hi) {
      std::vector<Candidate> c;
      for (std::size_t g = lo; g < hi; ++g) {
        if (demand[g] <= 0) continue;
        c.clear();
        source.in_reach(static_cast<std::uint32_t>(g), std::numeric_limits<double>::infinity(), c);
        out.in_reach[g] = static_cast<std::int32_t>(c.size());
        for (const Candidate& x : c) {
          if (x.team >= F)
            throw std::invalid_argument("solve_sparse: team index beyond capacity list");
          group_max[g] = std::max(group_max[g], int_cost(x.cost, unit));
          std::atomic_ref<Value>(reduced.reachable[x.team])
              .fetch_add(demand[g], std::memory_order_relaxed);
        }
      }
    });
    for (std::size_t g = 0; g < n; ++g)
      if (demand[g] > 0) out.pairs_in_reach += static_cast<std::uint64_t>(out.in_reach[g]);
  }

  // 2. Reduction. A team whose capacity covers every youth that can reach it can never be
  // full: its capacity constraint is redundant, so for each location it is an open option at
  // its cost, and any team at that cost or farther is never needed by the location (moving
  // youth to the open team pairs as many, costs no more and frees a place). Removing those
  // pairs lowers the demand other teams can get, which may make them unable to be full in
  // turn; repeat until nothing changes. The reduced problem has the same optimum (paired
  // count and cost), and its teams that can be full link far fewer locations than reach does.
  void reduce() {
    reduced.full.assign(F, 0);
    for (std::size_t f = 0; f < F; ++f)
      reduced.full[f] = capacity[f] != kUnlimited &&
                        std::max<std::int32_t>(capacity[f], 0) < reduced.reachable[f];
    reduced.open.assign(n, Open{});
    std::vector<Value> useful_demand(F);
    for (bool changed = true; changed;) {
      std::fill(useful_demand.begin(), useful_demand.end(), 0);
      for_blocks(n, true, [&](std::size_t lo, std::size_t hi) {
        std::vector<Candidate> c;
        for (std::size_t g = lo; g < hi; ++g) {
          if (!has_demand(g)) continue;
          c.clear();
          Open& open = reduced.open[g];
          source.in_reach(static_cast<std::uint32_t>(g), open.cost, c);
          for (const Candidate& x : c)
            if (!reduced.full[x.team] &&
                (x.cost < open.cost || (x.cost == open.cost && x.team < open.team)))
              open = {x.cost, x.team, int_cost(x.cost, unit)};
          for (const Candidate& x : c)
            if (reduced.useful(static_cast<std::uint32_t>(g), x))
              std::atomic_ref<Value>(useful_demand[x.team])
                  .fetch_add(demand[g], std::memory_order_relaxed);
        }
      });
      changed = false;
      for (std::size_t f = 0; f < F; ++f) {
        if (!reduced.full[f]) continue;
        reduced.reachable[f] = useful_demand[f];
        if (std::max<std::int32_t>(capacity[f], 0) >= useful_demand[f]) {
          reduced.full[f] = 0;
          changed = true;
        }
      }
    }
  }

  // 3. Parts = connected components of the graph of useful pairs (union-find over the teams
  // that share a location). A location with no useful pair goes whole to its open team.
  void split_into_parts() {
    UnionFind uf(F);
    // any useful team of the row names the part
    const std::vector<std::uint32_t> first_team = unite_useful_teams(uf);
    std::vector<std::int32_t> part_of_root(F, kNone);
    for (std::size_t g = 0; g < n; ++g) {
      if (!has_demand(g)) continue;
      if (useful_count[g] == 0) {
        ++open_only;
        continue;
      }
      const std::uint32_t root = uf.find(first_team[g]);
      if (part_of_root[root] == kNone) {
        part_of_root[root] = static_cast<std::int32_t>(parts.size());
        parts.emplace_back();
      }
      Part& p = parts[static_cast<std::size_t>(part_of_root[root])];
      p.groups.push_back(static_cast<std::uint32_t>(g));
      p.max_cost = std::max(p.max_cost, group_max[g]);
      p.pairs += useful_count[g];
    }
    team_local.assign(F, 0);
    for (std::size_t f = 0; f < F; ++f) {
      if (!reduced.full[f]) continue;
      Part& p =
          parts[static_cast<std::size_t>(part_of_root[uf.find(static_cast<std::uint32_t>(f))])];
      team_local[f] = static_cast<std::uint32_t>(p.teams.size());
      p.teams.push_back(static_cast<std::uint32_t>(f));
    }
    out.flows.components = parts.size() + open_only;
  }

  // Unites the useful teams of each location in uf, counts each location's useful pairs and
  // returns one useful team per location (kNoTeam: none). Chunks of locations bound the memory
  // of the team lists.
  std::vector<std::uint32_t> unite_useful_teams(UnionFind& uf) {
    std::vector<std::uint32_t> first_team(n, kNoTeam);
    useful_count.assign(n, 0);
    constexpr std::size_t kChunk = 16 * kBlock;
    for (std::size_t begin = 0; begin < n; begin += kChunk) {
      const std::size_t end = std::min(n, begin + kChunk);
      std::vector<std::vector<std::uint32_t>> block_teams((end - begin + kBlock - 1) / kBlock);
      tbb::parallel_for(std::size_t{0}, block_teams.size(), [&](std::size_t b) {
        std::vector<Candidate> c;
        const std::size_t lo = begin + b * kBlock, hi = std::min(end, lo + kBlock);
        for (std::size_t g = lo; g < hi; ++g) {
          if (!has_demand(g)) continue;
          c.clear();
          source.in_reach(static_cast<std::uint32_t>(g), reduced.open[g].cost, c);
          for (const Candidate& x : c)
            if (reduced.useful(static_cast<std::uint32_t>(g), x)) {
              block_teams[b].push_back(x.team);
              ++useful_count[g];
            }
        }
      });
      for (std::size_t b = 0; b < block_teams.size(); ++b) {
        std::size_t at = 0;
        const std::size_t lo = begin + b * kBlock, hi = std::min(end, lo + kBlock);
        for (std::size_t g = lo; g < hi; ++g) {
          const std::size_t size = useful_count[g];
          if (size > 0) first_team[g] = block_teams[b][at];
          for (std::size_t j = 1; j < size; ++j)
            uf.unite(block_teams[b][at], block_teams[b][at + j]);
          at += size;
        }
      }
      report_or_cancel(progress, 0.2 + 0.05 * static_cast<double>(end) / static_cast<double>(n),
                       stage);
    }
    return first_team;
  }

  // Same 64-bit guard as assign_served; beyond it the caller falls back to the full path.
  bool big_m_safe() const {
    const Value limit = std::numeric_limits<Value>::max() / 8;
    for (const Part& p : parts) {
      const auto facility_count = static_cast<Value>(p.teams.size()) + 1;
      const auto nodes = static_cast<Value>(p.groups.size() + p.teams.size() + 1);
      if (!(p.max_cost < limit / (facility_count + 1) &&
            (p.max_cost * facility_count + 2) < limit / (nodes + 1)))
        return false;
    }
    return true;
  }

  // 4. Every part on every core, largest first. A part is one job, and so is each run of
  // small parts of about kBigPart locations; each thread takes the next job in that order
  // until none is left (longest job first: on the national set two parts take 85% of the time,
  // and side by side they finish in the time of the longer). Each part is solved alone and
  // deterministically, so the flows do not depend on which thread solved it. Big parts price
  // in parallel too, isolated so that a thread waiting for its pricing blocks never starts
  // another job meanwhile. Progress and cancellation between rounds of big parts and after
  // each job, one thread at a time.
  void solve_parts() {
    const Solver solver{demand, source, capacity, reduced, team_local, options};
    std::vector<std::size_t> order(parts.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return parts[a].groups.size() > parts[b].groups.size();
    });
    std::size_t total_groups = 0;
    for (const Part& p : parts) total_groups += p.groups.size();
    std::vector<std::size_t> job_begin;  // jobs: [job_begin[j], job_begin[j + 1]) of order
    for (std::size_t k = 0; k < order.size();) {
      job_begin.push_back(k);
      std::size_t batch = parts[order[k++]].groups.size();
      if (batch >= kBigPart) continue;
      while (k < order.size() && batch < kBigPart) batch += parts[order[k++]].groups.size();
    }
    job_begin.push_back(order.size());
    const std::size_t jobs = job_begin.size() - 1;
    std::mutex report_mutex;
    std::atomic<std::size_t> done_groups{0}, next_job{0};
    std::atomic<bool> stop{false};  // a job threw (cancelled): the other threads take no more
    auto report = [&] {
      const std::lock_guard<std::mutex> lock(report_mutex);
      report_or_cancel(progress,
                       0.25 + 0.7 * static_cast<double>(done_groups.load()) /
                                  static_cast<double>(std::max<std::size_t>(total_groups, 1)),
                       stage);
    };
    auto run_jobs = [&](std::size_t) {
      for (std::size_t j; !stop && (j = next_job.fetch_add(1)) < jobs;) {
        try {
          std::size_t groups = 0;
          for (std::size_t k = job_begin[j]; k < job_begin[j + 1]; ++k) {
            Part& p = parts[order[k]];
            const bool big = p.groups.size() >= kBigPart;
            tbb::this_task_arena::isolate([&] {
              solver.solve(p, big, big ? std::function<void()>(report) : std::function<void()>{});
            });
            groups += p.groups.size();
          }
          done_groups += groups;
          report();
        } catch (...) {
          stop = true;
          throw;
        }
      }
    };
    const auto threads =
        static_cast<std::size_t>(std::max(1, tbb::this_task_arena::max_concurrency()));
    tbb::parallel_for(std::size_t{0}, std::min(threads, jobs), run_jobs);
  }

  // 5. Back to global group indexes; a group's flows in (cost, team rank) order. A location
  // outside every part sends its demand to its open team.
  void gather_flows() {
    ComponentFlows& f = out.flows;
    f.served.assign(n, 0);
    f.load.assign(F, 0);
    f.offsets.assign(n + 1, 0);
    for (const Part& p : parts) {
      out.arcs += p.arcs;
      out.rounds = std::max(out.rounds, p.rounds);
      for (const FlowEntry& e : p.flows) ++f.offsets[p.groups[e.loc] + 1];
    }
    for (std::size_t g = 0; g < n; ++g)
      if (has_demand(g) && useful_count[g] == 0) {
        ++f.offsets[g + 1];
        ++out.arcs;
      }
    for (std::size_t g = 0; g < n; ++g) f.offsets[g + 1] += f.offsets[g];
    const std::size_t total = f.offsets[n];
    f.facility.resize(total);
    f.count.resize(total);
    f.cost.resize(total);
    std::vector<std::uint64_t> fill(f.offsets.begin(), f.offsets.end() - 1);
    auto put = [&](std::uint32_t g, std::uint32_t team, std::int32_t count, float cost) {
      const std::uint64_t k = fill[g]++;
      f.facility[k] = team;
      f.count[k] = count;
      f.cost[k] = cost;
      f.served[g] += count;
      f.load[team] += count;
    };
    for (const Part& p : parts)
      for (const FlowEntry& e : p.flows) put(p.groups[e.loc], e.team_rank, e.count, e.cost);
    for (std::size_t g = 0; g < n; ++g)
      if (has_demand(g) && useful_count[g] == 0)
        put(static_cast<std::uint32_t>(g), reduced.open[g].team, demand[g], reduced.open[g].cost);
  }
};

}  // namespace

SparseFlows solve_sparse(std::span<const std::int32_t> demand, const CandidateSource& source,
                         std::span<const std::int32_t> capacity, const SparseOptions& options,
                         Progress& progress, std::string_view stage) {
  if (source.size() != demand.size())
    throw std::invalid_argument("solve_sparse: candidate source and demand differ in size");
  if (!(options.cost_unit > 0.0)) throw std::invalid_argument("solve_sparse: cost_unit <= 0");
  SparseRun run{demand, source, capacity, options, progress, stage};
  run.scan_reach();
  report_or_cancel(progress, 0.1, stage);
  run.reduce();
  report_or_cancel(progress, 0.2, stage);
  run.split_into_parts();
  if (!run.big_m_safe()) {
    run.out.big_m_unsafe = true;
    return std::move(run.out);
  }
  report_or_cancel(progress, 0.25, stage);
  run.solve_parts();
  run.gather_flows();
  report_or_cancel(progress, 1.0, stage);
  return std::move(run.out);
}

}  // namespace sunplan::pairing::detail
