#include <algorithm>
#include <cmath>
#include <numeric>

#include "assign_flow.hpp"
#include "lp_bound.hpp"
#include "naming.hpp"
#include "polish.hpp"
#include "stages.hpp"
#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/evaluate.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

SitingResult solve_mclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress, const PlanReady& ready) {
  SitingResult r;
  r.maximise = true;
  detail::Stopwatch clock;
  const CoverModel cover = make_cover_model(in, {spec.cover_limit, spec.weight, options.reduce});
  r.total_weight = cover.total_weight;
  r.unreachable_weight = cover.unreachable_weight;
  const AssignModel model = covering_model(cover);
  detail::record(r, "reduce", {}, {}, clock.lap(),
                 std::to_string(cover.original_demand) + " demand points -> " +
                     std::to_string(cover.demand_count()) + " rows, " +
                     std::to_string(cover.dominated) + " candidates dominated");

  // The model minimises the uncovered weight of the reduced rows.
  const double rows_weight = static_cast<double>(cover.reachable_weight() - cover.fixed_weight);
  const double fixed = static_cast<double>(cover.fixed_weight);
  detail::FlowHooks hooks;
  hooks.reported = [&](double uncovered) { return fixed + rows_weight - uncovered; };
  hooks.model_target = [&](double bound) { return fixed + rows_weight - bound; };
  hooks.bound = [&](double covered, const LagrangianOptions& o) {
    return mclp_bound(cover, spec, covered, o, progress);
  };
  hooks.min_profit = 0.5;  // weights are integers

  Interchange state(model);
  // The LP bound and the naming order do not change the plan; polish may.
  const bool polish_may_run = options.polish && cover.nonzeros() <= options.polish_max_nonzeros;
  if (ready && !polish_may_run) hooks.plan_final = [&] { ready(state.named()); };
  QuotaState quota(in, std::min(spec.k, in.facility_count()), spec.budget);
  const auto flow = detail::run_assign_flow(state, quota, spec, options, hooks, r, progress);
  clock.lap();
  if (hooks.reported(state.objective()) < r.bound &&
      cover.nonzeros() <= options.lp_bound_max_nonzeros) {
    const auto lp = detail::lp_bound_mclp(cover, spec, options.lp_time_limit_seconds, progress);
    detail::record(r, "lp relaxation", {}, lp.bound, clock.lap(), lp.status);
    if (lp.bound < r.bound) {
      r.bound = lp.bound;
      r.bound_method = "lp relaxation (clp)";
    }
  }

  detail::name_in_order(in, spec, state.named(), r, progress);
  r.covered_weight = covered_weight(in, spec, r.opened);
  r.objective = static_cast<double>(r.covered_weight);
  r.cost_used = quota.cost_used();
  r.notes.insert(r.notes.end(), flow.greedy.notes.begin(), flow.greedy.notes.end());
  r.feasible = quota.complete(spec.exactly, r.notes);
  // An infeasible plan (unmet mins) may cover more than any feasible one.
  r.bound = std::max(r.bound, r.objective);
  finish_gap(r);
  if (options.polish && !r.proven_optimal && r.feasible &&
      cover.nonzeros() <= options.polish_max_nonzeros)
    detail::polish(in, spec, options, flow.bound.fixed_out, r, progress);
  return r;
}

}  // namespace sunplan::siting
