#include "sunplan/siting/solve.hpp"

#include "naming.hpp"
#include "stages.hpp"
#include "sunplan/siting/mip.hpp"

namespace sunplan::siting {

SitingResult solve(const Instance& in, const ModelSpec& spec, const SolveOptions& options,
                   Progress& progress) {
  SitingResult r;
  switch (spec.kind) {
    case ModelKind::mclp:
      r = solve_mclp(in, spec, options.heuristics, progress,
                     options.exact ? PlanReady{} : options.plan_ready);
      break;
    case ModelKind::lscp:
      r = solve_lscp(in, spec, options.heuristics, progress);
      break;
    case ModelKind::pmedian:
      r = solve_pmedian(in, spec, options.heuristics, progress);
      break;
    case ModelKind::cmclp:
      r = solve_cmclp(in, spec, options.heuristics, progress);
      break;
  }
  if (!options.exact) return r;
  if (r.proven_optimal) {  // nothing left for CBC to find
    detail::record(r, "cbc", r.objective, r.bound, 0,
                   "not run: the plan is proven optimal already (" + r.bound_method + ")", true);
    return r;
  }
  MipOptions mo;
  mo.time_limit_seconds = options.exact_time_limit_s;
  mo.start = r.opened;
  SitingResult exact = solve_mip(in, spec, mo, progress);
  if (exact.has_plan) detail::name_in_order(in, spec, exact.opened, exact, progress);
  adopt_better(r, exact);
  return r;
}

}  // namespace sunplan::siting
