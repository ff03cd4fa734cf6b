#include "sunplan/siting/evaluate.hpp"

#include <algorithm>
#include <limits>
#include <vector>

#include "capacitated_flow.hpp"

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
}  // namespace

std::int64_t covered_weight(const Instance& in, const ModelSpec& spec,
                            std::span<const std::uint32_t> sites) {
  const auto open = open_set(in, sites);
  std::int64_t covered = 0;
  for (std::size_t i = 0; i < in.demand_count(); ++i)
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= spec.cover_limit && open[in.reach.facility[e]]) {
        covered += spec.weight_of(i, in.weight);
        break;
      }
  return covered;
}

double pmedian_cost(const Instance& in, const ModelSpec& spec,
                    std::span<const std::uint32_t> sites) {
  const auto open = open_set(in, sites);
  double total = 0;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    double best = spec.unassigned(i);
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= spec.cover_limit && open[in.reach.facility[e]])
        best = std::min(best, static_cast<double>(in.reach.cost[e]));
    total += static_cast<double>(spec.weight_of(i, in.weight)) * best;
  }
  return total;
}

std::int64_t served_weight(const Instance& in, const ModelSpec& spec,
                           std::span<const std::uint32_t> sites) {
  return detail::served_flow(in, spec, sites).served;
}

}  // namespace sunplan::siting
