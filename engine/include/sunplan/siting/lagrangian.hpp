// Proven bounds by Lagrangian relaxation, on the reduced models, with subgradient steps:
//   mclp:    relax z_i <= sum_{j covers i} x_j  (Galvão & ReVelle 1996)      -> upper bound
//   lscp:    the same links in the set covering (Beasley 1990)                -> lower bound
//   pmedian: relax "each demand assigned once" (Cornuéjols, Fisher & Nemhauser 1977) -> lower
//   cmclp:   relax "each youth served at most once" (knapsack per facility)   -> upper bound
// The inner problem keeps k (or exactly k), one quota level at a time (mins and maxes) or
// the budget, and takes the smallest (each is a relaxation). At its best the bound equals
// the LP relaxation's. Each step is two passes over the nonzeros, on every core.
//
//   BoundResult b = mclp_bound(cover, rules, heuristic_objective, {}, progress);
//   // optimum <= b.bound; b.multipliers warm-start the next call
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/assign_model.hpp"
#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting {

struct LagrangianOptions {
  int max_iterations = 1000;
  double initial_step = 2.0;  // Polyak step factor, halved when the bound stalls
  int halve_after = 40;       // iterations without a better bound before halving
  double min_step = 1e-4;
  double deflection = 0.5;  // share of the previous direction kept
  double time_limit_seconds = 30;
  // Stop once the bound is within this relative distance of the heuristic (p-median costs
  // are real numbers; integer objectives stop when rounding closes the gap).
  double stop_gap = 1e-5;
  std::vector<double> warm_start;  // multipliers of an earlier call on the same model
};

struct BoundResult {
  double bound = 0;  // in the model's objective (covered youth, sites, or cost)
  int iterations = 0;
  double seconds = 0;
  std::vector<double> multipliers;  // where the bound was found (per reduced demand row)
  // Candidates proven to be in no plan better than the heuristic's (reduced-cost fixing);
  // filled when the rules are k alone (no quotas, no budget).
  std::vector<std::uint8_t> fixed_out;
  // p-median: the new sites the relaxation chose at the best multipliers (filled with
  // fixed_out), from which a branch and bound picks the site to branch on.
  std::vector<std::uint32_t> chosen;
};

// Covered youth (fixed sites included) of any plan within the rules is at most `bound`.
// heuristic: covered youth of a known plan (the Polyak target, and the fixing threshold).
BoundResult mclp_bound(const CoverModel& m, const ModelSpec& spec, double heuristic,
                       const LagrangianOptions& options, Progress& progress);
// Sites needed to bring `target` youth (fixed sites' included) in reach are at least `bound`.
BoundResult lscp_bound(const CoverModel& m, const ModelSpec& spec, std::int64_t target,
                       double heuristic, const LagrangianOptions& options, Progress& progress);
// The p-median cost of any plan within the rules is at least `bound`.
BoundResult pmedian_bound(const AssignModel& m, const ModelSpec& spec, double heuristic,
                          const LagrangianOptions& options, Progress& progress);
// Youth served (capacitated covering, existing sites included) by any plan within the rules
// is at most `bound`; relaxes "each youth served at most once" (one fractional knapsack per
// facility). heuristic: youth served by a known plan (the Polyak target).
BoundResult cmclp_bound(const Instance& in, const ModelSpec& spec, double heuristic,
                        const LagrangianOptions& options, Progress& progress);

}  // namespace sunplan::siting
