#include "capacitated_flow.hpp"

#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

#include <algorithm>
#include <map>

#include "sparse.hpp"

namespace sunplan::siting::detail {

Columns columns(const Instance& in, float limit) {
  std::vector<std::uint64_t> row_offsets{0};
  std::vector<std::uint32_t> facility;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= limit) facility.push_back(in.reach.facility[e]);
    row_offsets.push_back(facility.size());
  }
  auto t = transpose(row_offsets, facility, in.facility_count());
  return {std::move(t.offsets), std::move(t.row)};
}

ServedFlow served_flow(const Instance& in, const ModelSpec& spec,
                       std::span<const std::uint32_t> sites) {
  return served_flow(in, spec, columns(in, spec.cover_limit), sites);
}

namespace {

// Demand with the same open facilities in reach is one node of the flow (its weights summed):
// any max flow of the merged graph splits back over its members. Groups are numbered in the
// order their first member is met.
struct Groups {
  std::vector<std::uint32_t> of_demand;           // per touched demand
  std::vector<std::uint32_t> touched;             // demands in reach of an open facility
  std::vector<std::int64_t> weight;               // per group
  std::vector<std::vector<std::uint32_t>> sites;  // per group, ascending
};

Groups group_demand(const Instance& in, const ModelSpec& spec, const Columns& cols,
                    std::span<const std::uint32_t> open) {
  const auto n = in.demand_count();
  std::vector<std::vector<std::uint32_t>> reach_of;  // per touched demand
  std::vector<std::int32_t> slot(n, -1);
  Groups g;
  for (auto j : open)
    for (auto i : cols.of(j)) {
      if (spec.weight_of(i, in.weight) == 0) continue;
      if (slot[i] < 0) {
        slot[i] = static_cast<std::int32_t>(g.touched.size());
        g.touched.push_back(i);
        reach_of.emplace_back();
      }
      reach_of[slot[i]].push_back(j);
    }
  std::map<std::vector<std::uint32_t>, std::uint32_t> index;
  g.of_demand.resize(g.touched.size());
  for (std::size_t t = 0; t < g.touched.size(); ++t) {
    auto [it, added] = index.try_emplace(reach_of[t], static_cast<std::uint32_t>(g.sites.size()));
    if (added) {
      g.sites.push_back(reach_of[t]);
      g.weight.push_back(0);
    }
    g.of_demand[t] = it->second;
    g.weight[it->second] += spec.weight_of(g.touched[t], in.weight);
  }
  return g;
}

}  // namespace

ServedFlow served_flow(const Instance& in, const ModelSpec& spec, const Columns& cols,
                       std::span<const std::uint32_t> sites) {
  using Graph = lemon::SmartDigraph;
  const auto n = in.demand_count(), f = in.facility_count();
  std::vector<std::uint32_t> open;
  for (std::uint32_t j = 0; j < f; ++j)
    if (in.existing[j]) open.push_back(j);
  open.insert(open.end(), sites.begin(), sites.end());
  std::sort(open.begin(), open.end());
  open.erase(std::unique(open.begin(), open.end()), open.end());
  const Groups groups = group_demand(in, spec, cols, open);

  Graph g;
  Graph::ArcMap<std::int64_t> cap(g);
  const auto source = g.addNode(), sink = g.addNode();
  std::vector<Graph::Node> site(f, lemon::INVALID);
  std::vector<std::int64_t> reachable(f, 0);
  std::vector<Graph::Arc> supply;
  for (std::size_t q = 0; q < groups.sites.size(); ++q) {
    const auto node = g.addNode();
    supply.push_back(g.addArc(source, node));
    cap.set(supply.back(), groups.weight[q]);
    for (auto j : groups.sites[q]) {
      if (site[j] == lemon::INVALID) site[j] = g.addNode();
      cap.set(g.addArc(node, site[j]), groups.weight[q]);
      reachable[j] += groups.weight[q];
    }
  }
  std::vector<std::pair<std::uint32_t, Graph::Arc>> to_sink;
  for (auto j : open)
    if (site[j] != lemon::INVALID) {
      to_sink.emplace_back(j, g.addArc(site[j], sink));
      cap.set(to_sink.back().second, std::min(in.facility_capacity(j), reachable[j]));
    }
  lemon::Preflow<Graph, Graph::ArcMap<std::int64_t>> flow(g, cap, source, sink);
  flow.run();  // the whole flow, not only the cut: per-site and per-demand amounts are read

  ServedFlow out;
  out.served = flow.flowValue();
  out.per_site.assign(f, 0);
  for (const auto& [j, arc] : to_sink) out.per_site[j] = flow.flow(arc);
  out.unserved.resize(n);
  for (std::size_t i = 0; i < n; ++i) out.unserved[i] = spec.weight_of(i, in.weight);
  std::vector<std::int64_t> left(supply.size());  // each group's flow, given to its members
  for (std::size_t q = 0; q < supply.size(); ++q) left[q] = flow.flow(supply[q]);
  for (std::size_t t = 0; t < groups.touched.size(); ++t) {
    const auto i = groups.touched[t];
    const auto given = std::min(left[groups.of_demand[t]], out.unserved[i]);
    out.unserved[i] -= given;
    left[groups.of_demand[t]] -= given;
  }
  return out;
}

}  // namespace sunplan::siting::detail
