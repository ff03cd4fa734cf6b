#include "capacitated_flow.hpp"

#include <lemon/preflow.h>
#include <lemon/smart_graph.h>

#include <algorithm>

namespace sunplan::siting::detail {

ServedFlow served_flow(const Instance& in, const ModelSpec& spec,
                       std::span<const std::uint32_t> sites) {
  using Graph = lemon::SmartDigraph;
  const auto n = in.demand_count(), f = in.facility_count();
  std::vector<std::uint8_t> open(in.existing.begin(), in.existing.end());
  for (auto j : sites) open[j] = 1;
  Graph g;
  Graph::ArcMap<std::int64_t> cap(g);
  const auto source = g.addNode(), sink = g.addNode();
  std::vector<Graph::Node> site(f, lemon::INVALID);
  std::vector<Graph::Arc> supply(n, lemon::INVALID), to_sink(f, lemon::INVALID);
  std::vector<std::int64_t> reachable(f, 0);
  ServedFlow out;
  out.unserved.assign(n, 0);
  out.per_site.assign(f, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = spec.weight_of(i, in.weight);
    out.unserved[i] = w;
    if (w == 0) continue;
    Graph::Node demand = lemon::INVALID;
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e) {
      const auto j = in.reach.facility[e];
      if (!(in.reach.cost[e] <= spec.cover_limit) || !open[j]) continue;
      if (demand == lemon::INVALID) {
        demand = g.addNode();
        supply[i] = g.addArc(source, demand);
        cap.set(supply[i], w);
      }
      if (site[j] == lemon::INVALID) site[j] = g.addNode();
      cap.set(g.addArc(demand, site[j]), w);
      reachable[j] += w;
    }
  }
  for (std::size_t j = 0; j < f; ++j)
    if (site[j] != lemon::INVALID) {
      to_sink[j] = g.addArc(site[j], sink);
      cap.set(to_sink[j], std::min(in.facility_capacity(j), reachable[j]));
    }
  lemon::Preflow<Graph, Graph::ArcMap<std::int64_t>> flow(g, cap, source, sink);
  flow.run();  // the whole flow, not only the cut: per-site and per-demand amounts are read
  out.served = flow.flowValue();
  for (std::size_t i = 0; i < n; ++i)
    if (supply[i] != lemon::INVALID) out.unserved[i] -= flow.flow(supply[i]);
  for (std::size_t j = 0; j < f; ++j)
    if (to_sink[j] != lemon::INVALID) out.per_site[j] = flow.flow(to_sink[j]);
  return out;
}

}  // namespace sunplan::siting::detail
