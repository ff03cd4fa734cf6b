// An upper bound on the maximal covering optimum by Lagrangian relaxation of the covering
// constraints z_i <= sum_{j covers i} x_j (Galvão & ReVelle 1996), improved by subgradient
// optimisation. Each iteration is one pass over the cover model: O(nonzeros).
//
//   BoundResult b = mclp_lagrangian_bound(m, k_new, budget, quota_named, heuristic_value, {}, p);
//   // optimum <= b.bound for every plan with at most k_new more sites
//
// The inner problem keeps the cardinality k and the first quota level (min and max per
// group); a budget is bounded separately by a fractional knapsack and the smaller value is
// taken. Dropping the other quota levels only loosens the relaxation, so the bound stays valid.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/cover_model.hpp"

namespace sunplan::siting {

struct LagrangianOptions {
  int max_iterations = 300;
  double initial_step = 2.0;  // Held–Wolfe–Crowder step factor, halved on stalls
  int halve_after = 15;       // iterations without a better bound before halving the step
  double time_limit_seconds = 120;
};

struct BoundResult {
  double bound = 0;  // covered weight, including what fixed sites cover
  int iterations = 0;
};

// named_before: sites already named in an earlier phase (fixed open in m); they use up quota.
BoundResult mclp_lagrangian_bound(const CoverModel& m, std::size_t k_new, double budget,
                                  std::span<const std::uint32_t> named_before,
                                  std::int64_t lower_bound, const LagrangianOptions& options,
                                  Progress& progress);

}  // namespace sunplan::siting
