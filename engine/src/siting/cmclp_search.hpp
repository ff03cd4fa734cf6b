// The capacitated covering (CMCLP) search, judged by the exact max flow of youth served
// (capacitated_flow.hpp): 1-swaps from the greedy plan, then iterated local search (random
// swaps that keep the quotas, a 1-swap descent, kept when no worse) while it finds better
// plans. Internal to siting.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "capacitated_flow.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/siting/local_search.hpp"
#include "sunplan/siting/model.hpp"
#include "sunplan/siting/quota_state.hpp"

namespace sunplan::siting::detail {

struct CmclpSearchStats {
  int swaps = 0;         // improving 1-swaps kept
  int rounds = 0;        // shake + descent rounds
  int improvements = 0;  // rounds that found a better plan
};

// Improves `named` (quota kept in step) in place. Uses options' time limit, iterations,
// stall_rounds, max_shake, seed and target (stop once this many youth are served).
CmclpSearchStats cmclp_search(const Instance& in, const ModelSpec& spec, const Columns& cols,
                              QuotaState& quota, std::vector<std::uint32_t>& named,
                              const SearchOptions& options, Progress& progress);

}  // namespace sunplan::siting::detail
