// The solve flow that maximal covering and p-median share on an Interchange state, internal:
// greedy -> Lagrangian bound -> iterated search (stops when it meets the bound) -> the bound
// again, warm-started from the first one's multipliers, when a gap is left.
#pragma once

#include <functional>

#include "sunplan/siting/greedy.hpp"
#include "sunplan/siting/interchange.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting::detail {

struct FlowHooks {
  std::function<double(double)> reported;      // model objective -> reported objective
  std::function<double(double)> model_target;  // reported bound -> best model objective possible
  // A Lagrangian bound for a plan with this reported objective.
  std::function<BoundResult(double reported, const LagrangianOptions&)> bound;
  double min_profit = 0;  // smallest model improvement that counts; 0: 1e-9 of the objective
  double enough_gap = 0;  // relative gap at which searching further is not worth it
  // Called once the search is over, before the last bound (the plan is state's from then on).
  std::function<void()> plan_final;
};

struct FlowResult {
  GreedyResult greedy;
  BoundResult bound;  // the best Lagrangian bound found
  SearchStats search;
};

// Records its stages in r.stages and sets r.bound / r.bound_method / r.method.
FlowResult run_assign_flow(Interchange& state, QuotaState& quota, const ModelSpec& spec,
                           const HeuristicOptions& options, const FlowHooks& hooks, SitingResult& r,
                           Progress& progress);

}  // namespace sunplan::siting::detail
