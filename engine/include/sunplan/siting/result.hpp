// What every siting solver returns: the sites named, the objective, a proven bound on the
// optimum, the gap between them, and which method produced the plan and which the bound.
//
//   SitingResult r = siting::solve(instance, spec, options, progress);
//   // r.maximise: r.objective <= optimum <= r.bound; minimise: r.bound <= optimum <= r.objective
//   for (std::size_t n = 0; n < r.opened.size(); ++n) name(r.opened[n], r.marginal_gain[n]);
//   for (auto& s : r.stages) log("{}: {} / {} in {} s", s.name, s.objective, s.bound, s.seconds);
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sunplan::siting {

// One stage of a solve: a plan, a bound, or both (CBC), with its time.
struct StageRecord {
  std::string name;                 // e.g. "greedy", "iterated search", "lagrangian", "cbc"
  std::optional<double> objective;  // of the plan it found, if any
  std::optional<double> bound;      // of the bound it proved, if any
  double seconds = 0;
  std::string status;           // e.g. "proven optimal", "time limit", "no plan in the time limit"
  bool proven_optimal = false;  // this stage's plan is proven optimal (by it or before it)
};

struct SitingResult {
  std::vector<std::uint32_t> opened;  // new facilities, in the order to name them
  std::vector<double> marginal_gain;  // objective change each brought, in that order
  double objective = 0;
  double bound = 0;  // proven: >= optimum when maximising, <= optimum when minimising
  double gap = 0;    // relative: |bound - objective| / max(|bound|, 1) (0 = proven optimal)
  bool maximise = true;
  bool proven_optimal = false;
  bool feasible = true;      // false when quotas, the target or the budget could not all be met
  bool has_plan = true;      // false when a stage ended without any plan (CBC, time limit)
  std::string method;        // the stage that produced the plan, e.g. "iterated search", "cbc"
  std::string bound_method;  // the stage that proved the bound, e.g. "lagrangian", "lp", "cbc"
  std::int64_t covered_weight = 0;      // youth in reach of an open facility (or served, CMCLP)
  std::int64_t total_weight = 0;        // youth in the model's scope
  std::int64_t unreachable_weight = 0;  // youth no facility, existing or candidate, can reach
  double cost_used = 0;                 // budget spent on the new facilities
  std::vector<std::string> notes;       // unmet quotas, infeasible demand, time limits hit
  std::vector<StageRecord> stages;      // every stage run, in order
};

// Fills gap and proven_optimal from objective, bound and maximise (tolerance for integers).
void finish_gap(SitingResult& r);

// Keeps the better plan and the tighter bound of two solves of the same model: the plan of
// `other` when it is feasible and strictly better (or `best` has none), its bound when
// tighter; methods, notes and stages follow. Then finish_gap.
void adopt_better(SitingResult& best, const SitingResult& other);

}  // namespace sunplan::siting
