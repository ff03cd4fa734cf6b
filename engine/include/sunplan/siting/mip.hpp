// The exact model as a mixed-integer program solved by COIN-OR CBC: for small instances,
// and as the test oracle for the heuristics. With a time limit it still returns the best
// plan found and CBC's proven bound.
//
//   MipOptions o;  o.time_limit_seconds = 30;
//   SitingResult r = solve_mip(instance, spec, o, progress);
//   if (r.proven_optimal) ...;               // else r.bound and r.gap say how far it may be
//   SitingResult lp = solve_mip(instance, spec, {.lp_relaxation = true}, progress);  // lp.bound
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"
#include "sunplan/siting/result.hpp"

namespace sunplan::siting {

struct MipOptions {
  double time_limit_seconds = 60;
  bool lp_relaxation = false;        // solve the LP only: a bound, no plan
  std::vector<std::uint32_t> start;  // a feasible plan to start from (new sites)
};

SitingResult solve_mip(const Instance& in, const ModelSpec& spec, const MipOptions& options,
                       Progress& progress);

}  // namespace sunplan::siting
