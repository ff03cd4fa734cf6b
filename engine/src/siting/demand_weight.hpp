// The demand's weight as a solver reports it, internal to siting: every youth the model
// counts, and those with no facility within the cover limit (no plan can reach them).
#pragma once

#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"
#include "sunplan/siting/result.hpp"

namespace sunplan::siting::detail {

// Adds to r.total_weight and r.unreachable_weight.
inline void weigh_demand(const Instance& in, const ModelSpec& spec, SitingResult& r) {
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    const auto w = spec.weight_of(i, in.weight);
    r.total_weight += w;
    bool any = false;
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1] && !any; ++e)
      any = in.reach.cost[e] <= spec.cover_limit;
    if (!any) r.unreachable_weight += w;
  }
}

}  // namespace sunplan::siting::detail
