#include "sunplan/coverage/served_assignment.hpp"

#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/union_find.hpp"

namespace sunplan::coverage {

const char* to_string(UnservedReason r) {
  switch (r) {
    case UnservedReason::none:
      return "none";
    case UnservedReason::no_base_in_reach:
      return "no_base_in_reach";
    case UnservedReason::bases_full:
      return "bases_full";
  }
  return "unknown";
}

namespace {

using Graph = lemon::SmartDigraph;
using Value = std::int64_t;

struct RowView {
  const ReachMatrix* reach;
  std::size_t row;
  std::span<const std::uint32_t> facilities() const {
    return {reach->facility.data() + reach->offsets[row], reach->row_size(row)};
  }
  std::span<const float> costs() const {
    return {reach->cost.data() + reach->offsets[row], reach->row_size(row)};
  }
};

std::uint64_t row_hash(const RowView& r) {
  std::uint64_t h = 1469598103934665603ull;
  auto mix = [&h](std::uint64_t v) { h ^= v + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2); };
  for (auto f : r.facilities()) mix(f);
  for (float c : r.costs()) mix(std::bit_cast<std::uint32_t>(c));
  return h;
}

bool same_row(const RowView& a, const RowView& b) {
  auto fa = a.facilities(), fb = b.facilities();
  if (fa.size() != fb.size() || !std::equal(fa.begin(), fa.end(), fb.begin())) return false;
  auto ca = a.costs(), cb = b.costs();
  // Bitwise, so that two rows merge only when every later figure would be identical.
  for (std::size_t k = 0; k < ca.size(); ++k)
    if (std::bit_cast<std::uint32_t>(ca[k]) != std::bit_cast<std::uint32_t>(cb[k])) return false;
  return true;
}

struct Network {
  const ReachMatrix& reach;
  std::span<const std::int32_t> capacity;
  const std::vector<std::size_t>& group_rep;
  const std::vector<Value>& group_demand;
  const std::vector<std::uint64_t>& arc_begin;  // per group, into arc_flow
  const std::vector<Value>& facility_reachable;
  double cost_unit;

  Value cap(std::uint32_t f) const {
    return capacity[f] == kUnlimited
               ? facility_reachable[f]
               : std::min<Value>(std::max<std::int32_t>(capacity[f], 0), facility_reachable[f]);
  }
  Value int_cost(float c) const {
    return static_cast<Value>(std::llround(static_cast<double>(c) / cost_unit));
  }

  // One connected component: groups (ascending) and facilities (ascending). Writes the flow
  // of each group's row entries into arc_flow; the layout depends only on the component, so
  // the result is the same whatever thread solves it.
  void solve(std::span<const std::uint32_t> groups, std::span<const std::uint32_t> facilities,
             std::vector<Value>& arc_flow) const {
    bool binding = false;
    for (std::uint32_t f : facilities) binding |= cap(f) < facility_reachable[f];
    if (!binding) {
      // No capacity can bind: every group goes whole to its cheapest entry (row order).
      for (std::uint32_t k : groups) arc_flow[arc_begin[k]] = group_demand[k];
      return;
    }
    Graph g;
    std::size_t arcs = facilities.size() + groups.size();
    for (std::uint32_t k : groups) arcs += arc_begin[k + 1] - arc_begin[k];
    g.reserveNode(static_cast<int>(groups.size() + facilities.size() + 2));
    g.reserveArc(static_cast<int>(arcs));
    const Graph::Node source = g.addNode();
    const Graph::Node sink = g.addNode();
    Graph::ArcMap<Value> upper(g), cost(g);
    auto node_of = [&](std::uint32_t f) {
      const auto it = std::lower_bound(facilities.begin(), facilities.end(), f);
      return Graph::nodeFromId(2 + static_cast<int>(it - facilities.begin()));
    };
    for (std::uint32_t f : facilities) {
      const Graph::Arc a = g.addArc(g.addNode(), sink);
      upper[a] = cap(f);
      cost[a] = 0;
    }
    std::vector<Graph::Arc> row_arcs;
    row_arcs.reserve(arcs);
    for (std::uint32_t k : groups) {
      const Graph::Node gn = g.addNode();
      const Graph::Arc sa = g.addArc(source, gn);
      upper[sa] = group_demand[k];
      cost[sa] = 0;
      const auto b = reach.offsets[group_rep[k]], e = reach.offsets[group_rep[k] + 1];
      for (auto x = b; x < e; ++x) {
        const Graph::Arc a = g.addArc(gn, node_of(reach.facility[x]));
        upper[a] = group_demand[k];
        cost[a] = int_cost(reach.cost[x]);
        row_arcs.push_back(a);
      }
    }
    // Lexicographic objective (most served, then least cost) in one min-cost flow: a bypass
    // arc source -> sink priced M above any augmenting path (at most one forward arc per base,
    // each <= max_cost, reverse arcs negative), so serving one more youth always pays off.
    // Preflow + a fixed-value flow is exact too but LEMON's Preflow is far slower on these
    // bipartite networks (194 s vs 8 s at 900k groups); it stays as the fallback when M could
    // overflow.
    Value demand_total = 0, max_cost = 0;
    for (std::uint32_t k : groups) demand_total += group_demand[k];
    for (const Graph::Arc a : row_arcs) max_cost = std::max(max_cost, cost[a]);
    const auto nodes = static_cast<Value>(g.nodeNum());
    const Value limit = std::numeric_limits<Value>::max() / 8;
    const auto facility_count = static_cast<Value>(facilities.size());
    const bool big_m_safe = max_cost < limit / (facility_count + 1) &&
                            (max_cost * facility_count + 2) < limit / (nodes + 1);
    using NS = lemon::NetworkSimplex<Graph, Value, Value>;
    Value supply = demand_total;
    if (big_m_safe) {
      const Graph::Arc bypass = g.addArc(source, sink);
      upper[bypass] = demand_total;
      cost[bypass] = max_cost * facility_count + 1;
    } else {
      lemon::Preflow<Graph, Graph::ArcMap<Value>> preflow(g, upper, source, sink);
      preflow.runMinCut();
      supply = preflow.flowValue();
    }
    if (supply == 0) return;
    NS ns(g);
    ns.upperMap(upper).costMap(cost).stSupply(source, sink, supply);
    if (ns.run() != NS::OPTIMAL)
      throw std::runtime_error("assign_served: min-cost flow not optimal");
    std::size_t r = 0;
    for (std::uint32_t k : groups)
      for (auto x = arc_begin[k]; x < arc_begin[k + 1]; ++x) arc_flow[x] = ns.flow(row_arcs[r++]);
  }
};

// 1. Points with identical rows merged into groups; group order = order of first point.
struct ServedGroups {
  std::vector<std::int32_t> group_of;  // per point; kNone: no count or no base in reach
  std::vector<std::size_t> rep;        // per group: its first point
  std::vector<Value> demand;           // per group: the sum of its points' counts
};

// Also counts the total demand and marks the points with no base in reach.
ServedGroups served_merge_identical_rows(std::span<const std::int32_t> count,
                                         const ReachMatrix& reach, ServedAssignment& out) {
  const std::size_t n = count.size();
  ServedGroups g;
  g.group_of.assign(n, kNone);
  std::unordered_map<std::uint64_t, std::vector<std::int32_t>> by_hash;
  for (std::size_t i = 0; i < n; ++i) {
    if (count[i] < 0) throw std::invalid_argument("assign_served: negative count");
    out.total_demand += count[i];
    if (count[i] == 0) continue;
    if (reach.row_size(i) == 0) {
      out.reason[i] = UnservedReason::no_base_in_reach;
      continue;
    }
    const RowView row{&reach, i};
    auto& candidates = by_hash[row_hash(row)];
    std::int32_t k = kNone;
    for (std::int32_t c : candidates)
      if (same_row(RowView{&reach, g.rep[static_cast<std::size_t>(c)]}, row)) k = c;
    if (k == kNone) {
      k = static_cast<std::int32_t>(g.rep.size());
      g.rep.push_back(i);
      g.demand.push_back(0);
      candidates.push_back(k);
    }
    g.group_of[i] = k;
    g.demand[static_cast<std::size_t>(k)] += count[i];
  }
  return g;
}

// 2. Independent components (facilities linked by a shared group): national data falls apart
// into many small networks, far cheaper to solve one by one, in parallel. Components are
// numbered by their smallest facility; members listed in ascending order.
struct ServedComponents {
  std::vector<std::uint64_t> arc_begin;             // per group, into the flows of row entries
  std::vector<Value> facility_reachable;            // per facility: the demand that can reach it
  std::vector<std::uint64_t> fac_begin, grp_begin;  // per component, into the two lists
  std::vector<std::uint32_t> facilities, groups;

  std::size_t size() const { return grp_begin.size() - 1; }
  std::size_t group_count(std::size_t c) const { return grp_begin[c + 1] - grp_begin[c]; }
  std::span<const std::uint32_t> groups_of(std::size_t c) const {
    return {groups.data() + grp_begin[c], group_count(c)};
  }
  std::span<const std::uint32_t> facilities_of(std::size_t c) const {
    return {facilities.data() + fac_begin[c], fac_begin[c + 1] - fac_begin[c]};
  }
};

ServedComponents served_components(const ReachMatrix& reach, std::size_t facility_count,
                                   const ServedGroups& g) {
  const std::size_t groups = g.rep.size();
  ServedComponents out;
  out.arc_begin.assign(groups + 1, 0);
  out.facility_reachable.assign(facility_count, 0);
  UnionFind sets(facility_count);
  for (std::size_t k = 0; k < groups; ++k) {
    const auto b = reach.offsets[g.rep[k]], e = reach.offsets[g.rep[k] + 1];
    out.arc_begin[k + 1] = out.arc_begin[k] + (e - b);
    for (auto x = b; x < e; ++x) {
      out.facility_reachable[reach.facility[x]] += g.demand[k];
      sets.unite(reach.facility[b], reach.facility[x]);
    }
  }
  std::vector<std::int32_t> comp_of_root(facility_count, kNone);
  std::size_t comps = 0;
  for (std::uint32_t f = 0; f < facility_count; ++f) {
    if (out.facility_reachable[f] == 0) continue;
    const std::uint32_t r = sets.find(f);
    if (comp_of_root[r] == kNone) comp_of_root[r] = static_cast<std::int32_t>(comps++);
  }
  auto comp_of_facility = [&](std::uint32_t f) {
    return static_cast<std::size_t>(comp_of_root[sets.find(f)]);
  };
  auto comp_of_group = [&](std::size_t k) {
    return comp_of_facility(reach.facility[reach.offsets[g.rep[k]]]);
  };
  // Counting sort of facilities and groups by component.
  out.fac_begin.assign(comps + 1, 0);
  out.grp_begin.assign(comps + 1, 0);
  for (std::uint32_t f = 0; f < facility_count; ++f)
    if (out.facility_reachable[f] > 0) ++out.fac_begin[comp_of_facility(f) + 1];
  for (std::size_t k = 0; k < groups; ++k) ++out.grp_begin[comp_of_group(k) + 1];
  for (std::size_t c = 0; c < comps; ++c) {
    out.fac_begin[c + 1] += out.fac_begin[c];
    out.grp_begin[c + 1] += out.grp_begin[c];
  }
  out.facilities.resize(out.fac_begin[comps]);
  out.groups.resize(out.grp_begin[comps]);
  std::vector<std::uint64_t> fill_f(out.fac_begin.begin(), out.fac_begin.end() - 1);
  std::vector<std::uint64_t> fill_g(out.grp_begin.begin(), out.grp_begin.end() - 1);
  for (std::uint32_t f = 0; f < facility_count; ++f)
    if (out.facility_reachable[f] > 0) out.facilities[fill_f[comp_of_facility(f)]++] = f;
  for (std::size_t k = 0; k < groups; ++k)
    out.groups[fill_g[comp_of_group(k)]++] = static_cast<std::uint32_t>(k);
  return out;
}

// 3. Solves every component; returns the flow on each group row entry.
std::vector<Value> served_solve_components(const Network& net, const ServedComponents& comps,
                                           Progress& progress) {
  std::vector<Value> arc_flow(comps.arc_begin.back(), 0);
  const std::size_t n = comps.size();
  // Bigger components first, so one large city does not finish last on its own.
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), std::uint32_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return comps.group_count(a) > comps.group_count(b);
  });
  constexpr std::size_t kBatch = 4096;
  for (std::size_t lo = 0; lo < n; lo += kBatch) {
    const std::size_t hi = std::min(n, lo + kBatch);
    tbb::parallel_for(lo, hi, [&](std::size_t t) {
      const std::uint32_t c = order[t];
      net.solve(comps.groups_of(c), comps.facilities_of(c), arc_flow);
    });
    report_or_cancel(progress, 0.2 + 0.7 * static_cast<double>(hi) / static_cast<double>(n),
                     "served assignment");
  }
  return arc_flow;
}

// 4. Splits group flows back to points in index order: within a group, lower point indexes
// take units first, from the group's entries in row order (cost, facility index).
void served_split_to_points(std::span<const std::int32_t> count, const ReachMatrix& reach,
                            const ServedGroups& g, const std::vector<std::uint64_t>& arc_begin,
                            const std::vector<Value>& arc_flow, const Network& net,
                            ServedAssignment& out) {
  const std::size_t n = count.size(), groups = g.rep.size();
  std::vector<std::uint64_t> cursor(arc_begin.begin(), arc_begin.end() - 1);
  std::vector<Value> left(groups);
  for (std::size_t k = 0; k < groups; ++k) left[k] = arc_flow[arc_begin[k]];
  out.flow_offsets.reserve(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::int32_t gi = g.group_of[i];
    if (gi != kNone) {
      const auto k = static_cast<std::size_t>(gi);
      const std::uint64_t row0 = reach.offsets[i];
      Value need = count[i];
      std::int32_t best = 0;
      while (need > 0) {
        while (left[k] == 0 && cursor[k] + 1 < arc_begin[k + 1]) left[k] = arc_flow[++cursor[k]];
        if (left[k] == 0) break;
        const Value take = std::min(need, left[k]);
        need -= take;
        left[k] -= take;
        // The point's own row equals the group's row entry for entry.
        const std::uint64_t x = row0 + (cursor[k] - arc_begin[k]);
        const std::uint32_t f = reach.facility[x];
        out.flow_facility.push_back(f);
        out.flow_count.push_back(static_cast<std::int32_t>(take));
        out.served[i] += static_cast<std::int32_t>(take);
        out.load[f] += take;
        if (take > best) {  // strict: ties keep the earlier (nearer) facility
          best = static_cast<std::int32_t>(take);
          out.facility[i] = static_cast<std::int32_t>(f);
        }
        out.total_cost += static_cast<double>(take) * static_cast<double>(reach.cost[x]);
        out.total_cost_units += take * net.int_cost(reach.cost[x]);
      }
      if (need > 0) out.reason[i] = UnservedReason::bases_full;
      out.total_served += count[i] - need;
    }
    out.flow_offsets.push_back(out.flow_facility.size());
  }
}

}  // namespace

ServedAssignment assign_served(std::span<const std::int32_t> count, const ReachMatrix& reach,
                               std::span<const std::int32_t> capacity, const ServedOptions& options,
                               Progress& progress) {
  const std::size_t n = count.size();
  if (reach.demand_count() != n)
    throw std::invalid_argument("assign_served: reach matrix and counts differ in size");
  if (!(options.cost_unit > 0.0)) throw std::invalid_argument("assign_served: cost_unit <= 0");
  for (std::uint32_t f : reach.facility)
    if (f >= capacity.size())
      throw std::invalid_argument("assign_served: facility index beyond capacity list");

  ServedAssignment out;
  out.served.assign(n, 0);
  out.facility.assign(n, kNone);
  out.reason.assign(n, UnservedReason::none);
  out.load.assign(capacity.size(), 0);
  out.flow_offsets.assign(1, 0);

  const ServedGroups groups = served_merge_identical_rows(count, reach, out);
  out.groups = groups.rep.size();
  report_or_cancel(progress, 0.1, "served assignment");
  const ServedComponents comps = served_components(reach, capacity.size(), groups);
  report_or_cancel(progress, 0.2, "served assignment");
  const Network net{reach,
                    capacity,
                    groups.rep,
                    groups.demand,
                    comps.arc_begin,
                    comps.facility_reachable,
                    options.cost_unit};
  const std::vector<Value> arc_flow = served_solve_components(net, comps, progress);
  served_split_to_points(count, reach, groups, comps.arc_begin, arc_flow, net, out);
  report_or_cancel(progress, 1.0, "served assignment");
  return out;
}

}  // namespace sunplan::coverage
