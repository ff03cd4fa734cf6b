// Greedy naming on an Interchange state, shared by every assignment model (maximal covering,
// set covering, p-median): repeatedly name the candidate with the largest gain (objective
// decrease), lazily (Minoux 1978): the objective is supermodular in the open set, so a gain
// only falls as sites open and a candidate is re-read only when it reaches the top.
//
//   QuotaState q(instance, k, budget);
//   GreedyResult g = greedy(state, q, {}, progress);
//
// Quotas: while any group is below its min, only candidates of such groups are named
// (zero-gain picks allowed then); groups at their max and candidates beyond the budget are
// skipped. Ties go to the lower facility index, so results depend only on the input.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/interchange.hpp"
#include "sunplan/siting/quota_state.hpp"

namespace sunplan::siting {

struct GreedyOptions {
  bool cost_benefit = false;  // rank by gain / cost (budgets) instead of gain
  bool fill_to_k = false;     // `exactly`: name zero-gain candidates until k
  double stop_below = -std::numeric_limits<double>::infinity();  // stop once objective <= this
  std::span<const std::uint8_t> allowed;  // per facility; empty = every candidate
};

struct GreedyResult {
  std::vector<std::uint32_t> picked;  // in naming order
  std::vector<double> gain;           // objective decrease of each, when named
  std::vector<std::string> notes;
};

GreedyResult greedy(Interchange& state, QuotaState& quota, const GreedyOptions& options,
                    Progress& progress);

// The order to name a chosen set in: greedy over the set alone (quotas and budget ignored,
// the set is chosen already), with each site's gain at that point.
GreedyResult naming_order(const AssignModel& model, std::span<const std::uint32_t> sites,
                          Progress& progress);

}  // namespace sunplan::siting
