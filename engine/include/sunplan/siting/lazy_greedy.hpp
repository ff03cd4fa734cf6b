// Lazy greedy (Minoux 1978) for covering: repeatedly name the candidate that brings the most
// newly covered weight, re-evaluating a candidate only when it reaches the top of the queue
// (coverage is submodular, so a stale gain is an upper bound on the fresh one).
//
//   CoverModel m = make_cover_model(instance, limit_m);
//   CoverState state(m);
//   QuotaState quota(instance, k);
//   GreedyResult g = lazy_greedy(m, state, quota, {}, progress);
//
// With quotas, candidates in groups still below their min are named first; groups at their
// max and candidates beyond the budget are dropped. Ties go to the lower facility index, so
// the answer does not depend on anything but the input.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/quota_state.hpp"

namespace sunplan::siting {

struct GreedyOptions {
  // Stop once the covered weight (existing included) reaches this.
  std::int64_t target_weight = std::numeric_limits<std::int64_t>::max();
  bool fill_min_first = true;             // name sites for groups below their min before others
  bool cost_benefit = false;              // rank by gain / cost (for budgets) instead of gain
  bool stop_at_zero_gain = true;          // once mins are met, do not name sites that add nothing
  std::span<const std::uint8_t> allowed;  // per facility; empty = every candidate
};

struct GreedyResult {
  std::vector<std::uint32_t> picked;  // in naming order
  std::vector<std::int64_t> gain;     // newly covered weight of each, when named
  bool target_reached = false;
  std::vector<std::string> notes;
};

// Names up to quota.k() - quota.named() more sites into `state` and `quota`.
GreedyResult lazy_greedy(const CoverModel& m, CoverState& state, QuotaState& quota,
                         const GreedyOptions& options, Progress& progress);

// Orders a fixed set of new sites by greedy marginal gain (the order to name them) and gives
// each site's gain at that point; the fixed-open facilities count as covered already.
GreedyResult rank_sites(const CoverModel& m, std::span<const std::uint32_t> sites,
                        Progress& progress);

}  // namespace sunplan::siting
