// Improving a plan on an Interchange state, within k, the budget and every quota:
//
//   local_search: swap one named site for one candidate (and, below k, name one more) while
//     that lowers the objective; a queue of candidates whose gain or extra changed ("don't
//     look bits") keeps each step local, and a final full pass proves a 1-swap local optimum.
//   iterated_search: variable-neighbourhood search around it (Mladenović & Hansen 1997;
//     Hansen & Mladenović's VNS for the p-median, Location Science 1997): shake r random
//     swaps near a random named site, local search, keep the result if it is no worse (undo
//     otherwise), r grows on failure up to max_shake and resets on success; the best plan
//     seen is kept. Seeded, and bounded by iterations (so repeatable) as well as by time.
//
//   SearchStats s = local_search(state, quota, {}, progress);
//   SearchStats v = iterated_search(state, quota, {.iterations = 2000}, progress);
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/interchange.hpp"
#include "sunplan/siting/quota_state.hpp"

namespace sunplan::siting {

struct SearchOptions {
  double min_profit = 1e-9;  // smallest objective decrease that counts as an improvement
  bool allow_add = true;     // below k, naming one more site is a move too
  double time_limit_seconds = 60;
  // iterated_search only
  int iterations = 1000;   // shake + local search rounds at most
  int stall_rounds = 250;  // stop after this many rounds without a better plan
  int max_shake = 3;       // largest number of random swaps per shake
  std::uint64_t seed = 1;
  // Stop as soon as the objective is at or below this (e.g. a proven bound).
  double target = -std::numeric_limits<double>::infinity();
};

struct SearchStats {
  std::int64_t swaps = 0;
  std::int64_t adds = 0;
  int rounds = 0;        // iterated_search rounds run
  int improvements = 0;  // rounds that lowered the best objective
  bool hit_time_limit = false;
};

SearchStats local_search(Interchange& state, QuotaState& quota, const SearchOptions& options,
                         Progress& progress);
SearchStats iterated_search(Interchange& state, QuotaState& quota, const SearchOptions& options,
                            Progress& progress);

// Opens and closes sites until exactly `plan` is named (quota counts follow).
void set_plan(Interchange& state, QuotaState& quota, const std::vector<std::uint32_t>& plan);

}  // namespace sunplan::siting
