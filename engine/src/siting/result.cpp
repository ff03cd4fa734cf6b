#include "sunplan/siting/result.hpp"

#include <algorithm>
#include <cmath>

namespace sunplan::siting {

void finish_gap(SitingResult& r) {
  if (!r.has_plan) {
    r.gap = 1;
    r.proven_optimal = false;
    return;
  }
  const double diff = r.maximise ? r.bound - r.objective : r.objective - r.bound;
  r.gap = std::max(0.0, diff) / std::max(std::abs(r.bound), 1.0);
  // Objectives are sums of integer youth counts (or counts of sites), so a difference below
  // one half cannot hide a better integer solution... except for p-median costs, which are
  // real numbers: there we only call it proven within a relative 1e-8.
  r.proven_optimal = r.feasible && diff <= 1e-8 * std::max(std::abs(r.bound), 1.0);
}

void adopt_better(SitingResult& best, const SitingResult& other) {
  const bool better_plan =
      other.has_plan && other.feasible &&
      (!best.has_plan || !best.feasible ||
       (best.maximise ? other.objective > best.objective : other.objective < best.objective));
  if (better_plan) {
    best.opened = other.opened;
    best.marginal_gain = other.marginal_gain;
    best.objective = other.objective;
    best.covered_weight = other.covered_weight;
    best.cost_used = other.cost_used;
    best.method = other.method;
    best.feasible = true;
    best.has_plan = true;
  }
  const bool tighter = best.maximise ? other.bound < best.bound : other.bound > best.bound;
  if (tighter && std::isfinite(other.bound)) {
    best.bound = other.bound;
    best.bound_method = other.bound_method;
  }
  // A bound never passes a feasible plan (guards rounding in any stage).
  if (best.has_plan && best.feasible)
    best.bound =
        best.maximise ? std::max(best.bound, best.objective) : std::min(best.bound, best.objective);
  best.notes.insert(best.notes.end(), other.notes.begin(), other.notes.end());
  best.stages.insert(best.stages.end(), other.stages.begin(), other.stages.end());
  finish_gap(best);
}

}  // namespace sunplan::siting
