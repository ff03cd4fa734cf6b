// What every siting solver returns: the sites named, the objective, a proven bound on the
// optimum, and the gap between them.
//
//   SitingResult r = siting::solve_mclp(instance, options, progress);
//   // r.maximise: r.objective <= optimum <= r.bound; minimise: r.bound <= optimum <= r.objective
//   for (std::size_t n = 0; n < r.opened.size(); ++n) name(r.opened[n], r.marginal_gain[n]);
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sunplan::siting {

struct SitingResult {
  std::vector<std::uint32_t> opened;  // new facilities, in the order to name them
  std::vector<double> marginal_gain;  // objective change each brought, in that order
  double objective = 0;
  double bound = 0;  // proven: >= optimum when maximising, <= optimum when minimising
  double gap = 0;    // relative: |bound - objective| / max(|bound|, 1) (0 = proven optimal)
  bool maximise = true;
  bool proven_optimal = false;
  bool feasible = true;      // false when quotas, the target or the budget could not all be met
  std::string method;        // how the sites were found, e.g. "lazy greedy + swap", "cbc"
  std::string bound_method;  // where the bound comes from, e.g. "lagrangian", "lp", "cbc"
  std::int64_t covered_weight = 0;      // youth in reach of an open facility (or served, CMCLP)
  std::int64_t total_weight = 0;        // youth in the model's scope
  std::int64_t unreachable_weight = 0;  // youth no facility, existing or candidate, can reach
  double cost_used = 0;                 // budget spent on the new facilities
  std::vector<std::string> notes;       // unmet quotas, infeasible demand, time limits hit
};

// Fills gap and proven_optimal from objective, bound and maximise (tolerance for integers).
void finish_gap(SitingResult& r);

}  // namespace sunplan::siting
