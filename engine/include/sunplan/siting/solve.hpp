// The siting models solved fast, each with a proven bound and gap. Every model runs the same
// parts on its reduced instance (cover_model.hpp, assign_model.hpp):
//   greedy -> Lagrangian bound -> local + iterated search (stops at the bound) -> bound again,
//   warm-started -> LP relaxation (Clp), for p-median a Lagrangian branch and bound, and a
//   short CBC run ("polish", with Lagrangian reduced-cost fixing) when a gap is left and the
//   reduced model is small enough.
// LSCP adds a row-weighting set-cover search after the first bound; CMCLP (demand merged,
// no dominance) runs greedy, an iterated swap search judged by max flow, then the counting,
// Lagrangian and LP bounds.
// solve() also runs CBC when asked and keeps whichever plan and bound are better (result.hpp).
//
//   ModelSpec spec;  spec.cover_limit = 3000;  spec.k = 10000;
//   SitingResult r = solve_mclp(instance, spec, {}, progress);
//   log("covered {} of {}; optimum <= {} (gap {:.2%}; plan by {}, bound by {})", r.objective,
//       r.total_weight, r.bound, r.gap, r.method, r.bound_method);
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/lagrangian.hpp"
#include "sunplan/siting/local_search.hpp"
#include "sunplan/siting/model.hpp"
#include "sunplan/siting/result.hpp"

namespace sunplan::siting {

struct HeuristicOptions {
  bool search = true;  // local + iterated search after the greedy (false: greedy only)
  SearchOptions search_options;
  // LSCP: the row-weighting set-cover search after the greedy (its seed and time limit are
  // search_options'); repair steps at most, and without a smaller cover. Steps, not the clock,
  // end it normally, so results repeat.
  std::int64_t set_cover_steps = 1'000'000;
  std::int64_t set_cover_stall_steps = 250'000;
  LagrangianOptions lagrangian;
  bool reduce = true;  // merge demand and drop dominated candidates first
  // Also bound by the LP relaxation (Clp) when the reduced model has at most this many
  // nonzeros; its duals are evaluated as Lagrangian multipliers, so the bound is valid even
  // when Clp stops at its time limit.
  std::size_t lp_bound_max_nonzeros = 300'000;
  double lp_time_limit_seconds = 20;
  // When a gap is left: CBC on the reduced model (at most this many nonzeros), started from
  // the plan, without the candidates Lagrangian reduced costs rule out, for a few seconds.
  // p-median with k alone (no quotas, budget or --exactly): when a gap is left, a Lagrangian
  // branch and bound on models of at most this many assignment options, for at most this long.
  double branch_seconds = 10;
  std::size_t branch_max_nonzeros = 2'000'000;
  // CMCLP: the iterated search's time limit (its rounds normally end it first).
  double cmclp_search_seconds = 10;
  bool polish = true;
  std::size_t polish_max_nonzeros = 300'000;
  double polish_seconds = 5;
};

// Told the plan (facility indexes, in no order) as soon as it is final, while the bound that
// proves how good it is may still be computed (MCLP: the warm-started second Lagrangian bound,
// several seconds at national size), so that the caller can start on the plan meanwhile.
using PlanReady = std::function<void(const std::vector<std::uint32_t>& opened)>;

// `ready` is told the plan early when nothing after the bound can change it (no polish).
SitingResult solve_mclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress, const PlanReady& ready = {});
SitingResult solve_lscp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress);
SitingResult solve_pmedian(const Instance& in, const ModelSpec& spec,
                           const HeuristicOptions& options, Progress& progress);
SitingResult solve_cmclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                         Progress& progress);

struct SolveOptions {
  HeuristicOptions heuristics;
  bool exact = false;              // also run CBC (warm-started with the heuristic plan)
  double exact_time_limit_s = 60;  // CBC's wall-clock limit
  // Told the final plan before its last bound where the model allows it (solve_mclp without
  // CBC); never told when CBC may still change the plan.
  PlanReady plan_ready;
};

// The model's heuristic, then CBC when asked; the better plan and the better bound are kept,
// each with the method that produced it, and every stage is listed in `stages`.
SitingResult solve(const Instance& in, const ModelSpec& spec, const SolveOptions& options,
                   Progress& progress);

}  // namespace sunplan::siting
