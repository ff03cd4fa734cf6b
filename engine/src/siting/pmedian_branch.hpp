// Lagrangian branch and bound for p-median (Christofides & Beasley 1982; Beasley 1993),
// internal to siting. When the root bound leaves a gap (small p: the LP relaxation is not
// integral), it proves the plan optimal or finds a better one. A node fixes candidates open
// or closed; its bound is pmedian_bound on the model with those fixings, warm-started from its
// parent's multipliers; reduced-cost fixing closes candidates for the whole subtree; the sites
// the relaxation chose are evaluated as a plan. Best bound first (it alone raises the global
// bound), the "open" child before the "closed" one on ties, branching on the
// chosen site that shares the most rows with other chosen sites. Rules: k alone (no quotas,
// no budget), as reduced-cost fixing requires.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/assign_model.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting::detail {

struct BranchResult {
  bool complete = false;  // every node closed: no plan beats `cost` by more than the rounding
  double bound = 0;       // no plan costs less (the smallest bound of any node left open)
  double cost = 0;        // the best plan's cost (the start's, or better)
  std::vector<std::uint32_t> plan;  // its new sites
  std::int64_t nodes = 0;
};

// start: new sites of a feasible plan costing start_cost (the model's objective);
// multipliers: the root's best (warm start); closed: candidates in no plan cheaper than
// start_cost (the root's reduced-cost fixing; may be empty). Integral costs prove at the next
// integer below.
BranchResult pmedian_branch(const AssignModel& model, const ModelSpec& spec,
                            std::span<const std::uint32_t> start, double start_cost,
                            const std::vector<double>& multipliers,
                            const std::vector<std::uint8_t>& closed, double root_bound,
                            bool integral, double seconds, Progress& progress);

}  // namespace sunplan::siting::detail
