// The siting models solved fast, each with a proven bound and gap:
// lazy greedy -> swap local search -> bound (Lagrangian, counting, or the LP when small).
//
//   ModelSpec spec;  spec.cover_limit = 3000;  spec.k = 10000;
//   SitingResult r = solve_mclp(instance, spec, {}, progress);
//   log("covered {} of {}; optimum <= {} (gap {:.2%})", r.objective, r.total_weight, r.bound,
//   r.gap);
#pragma once

#include <cstddef>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/lagrangian.hpp"
#include "sunplan/siting/model.hpp"
#include "sunplan/siting/result.hpp"
#include "sunplan/siting/swap_search.hpp"

namespace sunplan::siting {

struct HeuristicOptions {
  bool swap = true;
  SwapOptions swap_options;
  LagrangianOptions lagrangian;
  // Also bound by the LP relaxation (Clp) when the model has at most this many nonzeros.
  std::size_t lp_bound_max_nonzeros = 200'000;
  double lp_time_limit_seconds = 60;
};

SitingResult solve_mclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress);
SitingResult solve_lscp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress);
SitingResult solve_pmedian(const Instance& in, const ModelSpec& spec,
                           const HeuristicOptions& options, Progress& progress);
SitingResult solve_cmclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                         Progress& progress);

}  // namespace sunplan::siting
