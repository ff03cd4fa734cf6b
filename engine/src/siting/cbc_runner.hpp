// Runs CBC on a formulation in a child process (small models: in this process), internal to siting.
// CBC gets its own wall-clock limit (its "seconds" parameter with timeMode elapsed), but it checks
// the clock only between phases and can overrun it by minutes inside a large root LP; the child
// process is killed when it overruns the limit by more than a few seconds, so the caller's limit
// always holds. Cancelling through `progress` kills it too.
#pragma once

#include <string>
#include <vector>

#include "formulation.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::siting::detail {

struct CbcOutcome {
  bool finished = false;  // CBC returned (false: killed at the deadline)
  bool has_plan = false;
  bool proven_optimal = false;
  bool infeasible = false;
  double best_possible = 0;  // CBC's bound on the minimised objective (when finished)
  std::vector<double> x;     // column values of the best plan (when has_plan)
};

// start: (column, value) pairs of a MIP start. Overrun allowance: `grace_seconds`.
CbcOutcome run_cbc(const Formulation& f, const std::vector<std::pair<int, double>>& start,
                   double seconds, double grace_seconds, Progress& progress);

}  // namespace sunplan::siting::detail
