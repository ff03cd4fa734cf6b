#include "sunplan/siting/result.hpp"

#include <algorithm>
#include <cmath>

namespace sunplan::siting {

void finish_gap(SitingResult& r) {
  const double diff = r.maximise ? r.bound - r.objective : r.objective - r.bound;
  r.gap = std::max(0.0, diff) / std::max(std::abs(r.bound), 1.0);
  // Objectives are sums of integer youth counts (or counts of sites), so a difference below
  // one half cannot hide a better integer solution... except for p-median costs, which are
  // real numbers: there we only call it proven within a relative 1e-8.
  r.proven_optimal = r.proven_optimal || diff <= 1e-8 * std::max(std::abs(r.bound), 1.0);
}

}  // namespace sunplan::siting
