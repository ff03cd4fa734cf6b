#include "sunplan/siting/evaluate.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "max_flow.hpp"

namespace sunplan::siting {

const char* to_string(ModelKind kind) {
  switch (kind) {
    case ModelKind::mclp:
      return "mclp";
    case ModelKind::lscp:
      return "lscp";
    case ModelKind::pmedian:
      return "pmedian";
    case ModelKind::cmclp:
      return "cmclp";
  }
  return "?";
}

namespace {
std::vector<std::uint8_t> open_set(const Instance& in, std::span<const std::uint32_t> sites) {
  std::vector<std::uint8_t> open(in.existing.begin(), in.existing.end());
  for (auto j : sites) open[j] = 1;
  return open;
}
std::int64_t weight_of(const Instance& in, const ModelSpec& spec, std::size_t i) {
  return spec.weight.empty() ? in.weight[i] : spec.weight[i];
}
}  // namespace

std::int64_t covered_weight(const Instance& in, const ModelSpec& spec,
                            std::span<const std::uint32_t> sites) {
  const auto open = open_set(in, sites);
  std::int64_t covered = 0;
  for (std::size_t i = 0; i < in.demand_count(); ++i)
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= spec.cover_limit && open[in.reach.facility[e]]) {
        covered += weight_of(in, spec, i);
        break;
      }
  return covered;
}

double pmedian_cost(const Instance& in, const ModelSpec& spec,
                    std::span<const std::uint32_t> sites) {
  const auto open = open_set(in, sites);
  double total = 0;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    double best = spec.unassigned_cost;
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= spec.cover_limit && open[in.reach.facility[e]])
        best = std::min(best, static_cast<double>(in.reach.cost[e]));
    total += static_cast<double>(weight_of(in, spec, i)) * best;
  }
  return total;
}

std::int64_t served_weight(const Instance& in, const ModelSpec& spec,
                           std::span<const std::uint32_t> sites) {
  const auto open = open_set(in, sites);
  const auto n = in.demand_count(), f = in.facility_count();
  // Nodes: source, demand 0..n-1, facility 0..f-1, sink.
  MaxFlow flow(n + f + 2);
  const std::size_t source = n + f, sink = n + f + 1;
  std::vector<std::int64_t> reachable(f, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const auto w = weight_of(in, spec, i);
    if (w == 0) continue;
    bool any = false;
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e) {
      const auto j = in.reach.facility[e];
      if (in.reach.cost[e] <= spec.cover_limit && open[j]) {
        flow.add_edge(i, n + j, w);
        reachable[j] += w;
        any = true;
      }
    }
    if (any) flow.add_edge(source, i, w);
  }
  for (std::size_t j = 0; j < f; ++j)
    if (open[j] && reachable[j] > 0)
      flow.add_edge(n + j, sink, std::min(in.facility_capacity(j), reachable[j]));
  return flow.run(source, sink);
}

}  // namespace sunplan::siting
