// Which siting model to solve and its parameters, shared by the heuristics and the exact MIP.
//
//   ModelSpec spec;
//   spec.kind = ModelKind::mclp;  spec.cover_limit = 3000;  spec.k = 50;
//   SitingResult fast = solve_mclp(instance, spec, {}, progress);
//   SitingResult exact = solve_mip(instance, spec, {.time_limit_seconds = 30}, progress);
//
// Models (existing bases always open, `k` new sites at most (exactly k with `exactly`),
// quotas and budget always kept):
//   mclp     maximise youth in reach (cost <= cover_limit) of an open facility
//   lscp     fewest new sites so that target_share of the reachable in-scope youth is in reach
//   pmedian  minimise sum of youth x cost to the nearest open facility listed in their row;
//            youth with no open facility in their row pay unassigned_cost each
//   cmclp    maximise youth actually served: each facility serves at most its capacity, each
//            youth only from a facility within cover_limit
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

namespace sunplan::siting {

enum class ModelKind { mclp, lscp, pmedian, cmclp };
const char* to_string(ModelKind kind);

struct ModelSpec {
  ModelKind kind = ModelKind::mclp;
  float cover_limit = std::numeric_limits<float>::infinity();  // metres or seconds
  std::size_t k = std::numeric_limits<std::size_t>::max();     // new sites at most
  bool exactly = false;  // mclp, pmedian, cmclp: name exactly k new sites (when there are k)
  double budget = std::numeric_limits<double>::infinity();
  std::vector<std::int64_t> weight;  // demand weight in scope; empty = instance.weight
  double target_share = 1.0;         // lscp: share of the reachable in-scope weight
  // pmedian: cost of a youth with no open facility in reach; pick it larger than any reach
  // cost so the model prefers serving everyone (e.g. 2x the reach limit).
  double unassigned_cost = 1e7;
  // pmedian: per-demand unassigned cost (e.g. the distance to the nearest existing base for
  // youth beyond the assignment radius); empty = unassigned_cost for every demand.
  std::vector<double> unassigned_cost_of;
  double unassigned(std::size_t i) const {
    return unassigned_cost_of.empty() ? unassigned_cost : unassigned_cost_of[i];
  }
  std::int64_t weight_of(std::size_t i, const std::vector<std::int64_t>& fallback) const {
    return weight.empty() ? fallback[i] : weight[i];
  }
};

}  // namespace sunplan::siting
