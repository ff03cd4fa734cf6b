// The exact model as a mixed-integer program solved by COIN-OR CBC, on the reduced model
// (cover_model.hpp, assign_model.hpp; formulations in formulation.hpp): for small instances,
// as the test oracle for the heuristics, and to improve a heuristic plan within a time limit.
// The limit is wall-clock time (CBC's "seconds" with timeMode elapsed). When CBC stops without
// any plan, the result says so (has_plan = false) and carries only CBC's bound.
//
//   MipOptions o;  o.time_limit_seconds = 30;  o.start = heuristic.opened;
//   SitingResult r = solve_mip(instance, spec, o, progress);
//   if (r.proven_optimal) ...;               // else r.bound and r.gap say how far it may be
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
  std::vector<std::uint32_t> start;  // a feasible plan to start from (new sites)
  // Candidates proven to be in no plan better than `fixed_out_value` (Lagrangian reduced-cost
  // fixing): left out of the MIP. The bound then becomes the larger (or smaller, when
  // minimising) of CBC's bound and that value.
  std::vector<std::uint8_t> fixed_out;
  double fixed_out_value = 0;
};

SitingResult solve_mip(const Instance& in, const ModelSpec& spec, const MipOptions& options,
                       Progress& progress);

}  // namespace sunplan::siting
