// Row-weighting local search for the set covering of LSCP (Gao, Weise & Li 2015, "RWLS"),
// internal to siting. The greedy + pruning plan of a random unicost set cover sits 5-10%
// above the best known; 1-swaps on the assignment state cannot see the multi-site
// exchanges that close that gap, and this search can.
//
// On the reduced cover model (cover_model.hpp), a plan is a set S of candidates; it is a
// cover when the weight it leaves out is within what the target allows. Each step:
//   1. while S is a cover: keep it as the best, drop the site whose loss is smallest;
//   2. drop the site with the highest score (not the one just added: a one-step tabu);
//   3. pick a random uncovered row and name the best-scoring site covering it, among those
//      whose neighbourhood changed since they were dropped (configuration checking: Cai,
//      Su & Sattar 2011 — it keeps the search from undoing its last move);
//   4. every row still uncovered weighs more, so rows that stay uncovered pull harder;
//   5. sites that cover no row alone are dropped.
// score(j) = weight of the uncovered rows j would cover (j not in S), or minus the weight of
// the rows only j covers (j in S). Ties go to the site changed longest ago, then the lower
// index, and the random rows come from a seeded generator: the same seed and step budget
// give the same plan.
//
// Rules: a site is named only when the quota maxima, the budget and k allow (QuotaState),
// and dropped only when no quota minimum falls short, so every plan the search holds keeps
// the rules the start plan kept. The objective is the number of sites (unicost), as in LSCP.
//
//   CoverSearchResult r = set_cover_search(cover, need, quota, plan, {.stop_at = bound}, p);
//   // r.plan reaches `need` and has no more sites than `plan`
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/quota_state.hpp"

namespace sunplan::siting::detail {

struct CoverSearchOptions {
  std::int64_t max_steps = 1'000'000;  // repair steps at most (what makes results repeat)
  std::int64_t stall_steps = 250'000;  // stop after this many steps without a smaller cover
  double time_limit_seconds = 60;      // a safety net on the wall clock
  std::uint64_t seed = 1;
  std::size_t stop_at = 0;  // stop once a cover this small is found (a proven bound)
};

struct CoverSearchResult {
  std::vector<std::uint32_t> plan;  // the smallest cover found, ascending (the start if none)
  std::int64_t steps = 0;
  int improvements = 0;  // covers smaller than the one before
  bool hit_time_limit = false;
  bool pinned = false;  // stopped: every site left is needed by a quota minimum
};

// need: reduced-row weight the plan must cover (the target less the fixed sites' weight).
// quota: the rules' state with exactly `start` named; start must reach `need`.
CoverSearchResult set_cover_search(const CoverModel& m, std::int64_t need, const QuotaState& quota,
                                   std::span<const std::uint32_t> start,
                                   const CoverSearchOptions& options, Progress& progress);

}  // namespace sunplan::siting::detail
