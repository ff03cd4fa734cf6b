#include <algorithm>
#include <cmath>

#include "assign_flow.hpp"
#include "demand_weight.hpp"
#include "lp_bound.hpp"
#include "naming.hpp"
#include "pmedian_branch.hpp"
#include "polish.hpp"
#include "stages.hpp"
#include "sunplan/siting/evaluate.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

namespace {

// p-median minimises cost as it is reported; its Lagrangian bound starts from the plan.
detail::FlowHooks pmedian_hooks(const AssignModel& model, const ModelSpec& spec,
                                const Interchange& state, const HeuristicOptions& options,
                                Progress& progress) {
  detail::FlowHooks hooks;
  hooks.reported = [](double cost) { return cost; };
  hooks.model_target = [](double bound) { return bound; };
  hooks.bound = [&model, &spec, &state, &progress](double cost, const LagrangianOptions& o) {
    if (!o.warm_start.empty()) return pmedian_bound(model, spec, cost, o, progress);
    // Start from the plan: u_i = w_i x its assignment cost gives L = cost - the k best gains.
    LagrangianOptions from_plan = o;
    from_plan.warm_start.resize(model.demand_count());
    for (std::size_t i = 0; i < model.demand_count(); ++i)
      from_plan.warm_start[i] = static_cast<double>(model.weight[i]) * state.nearest_cost(i);
    return pmedian_bound(model, spec, cost, from_plan, progress);
  };
  hooks.min_profit = 0;  // relative to the plan's cost, once the greedy has one
  hooks.enough_gap = options.lagrangian.stop_gap;
  return hooks;
}

// CLP's LP relaxation when the plan is above the Lagrangian bound and the model small enough.
void lp_relaxation(const AssignModel& model, const ModelSpec& spec, const Interchange& state,
                   const HeuristicOptions& options, detail::Stopwatch& clock, SitingResult& r,
                   Progress& progress) {
  if (!(state.objective() > r.bound && 2 * model.nonzeros() <= options.lp_bound_max_nonzeros))
    return;
  const auto lp = detail::lp_bound_pmedian(model, spec, options.lp_time_limit_seconds, progress);
  detail::record(r, "lp relaxation", {}, lp.bound, clock.lap(), lp.status);
  if (lp.bound > r.bound) {
    r.bound = lp.bound;
    r.bound_method = "lp relaxation (clp)";
  }
}

// Integer costs and penalties (e.g. OR-Library graphs): the optimum is an integer too.
bool integral_costs(const AssignModel& model) {
  const auto integral = [](double v) { return v == std::floor(v); };
  return std::all_of(model.row_cost.begin(), model.row_cost.end(), integral) &&
         std::all_of(model.penalty.begin(), model.penalty.end(), integral) &&
         integral(model.constant);
}

// With integer costs a bound rounds up to the next integer (less a hair for float sums).
double rounded_bound(double bound, bool integral) {
  return integral ? std::ceil(bound - 1e-6 * std::max(1.0, std::abs(bound))) : bound;
}

// The Lagrangian branch and bound when a gap is left and the rules are k alone; returns the
// new sites of the best plan (the search's, or a better one it found).
std::vector<std::uint32_t> branch_and_bound(const AssignModel& model, const ModelSpec& spec,
                                            const Interchange& state, const BoundResult& root,
                                            bool integral, const HeuristicOptions& options,
                                            detail::Stopwatch& clock, SitingResult& r,
                                            Progress& progress) {
  const Instance& in = *model.instance;
  const double gap_left = state.objective() - rounded_bound(r.bound, integral);
  if (options.branch_seconds <= 0 || gap_left <= 1e-8 * std::max(1.0, state.objective()) ||
      !in.quotas.empty() || std::isfinite(spec.budget) || spec.exactly ||
      model.nonzeros() > options.branch_max_nonzeros || root.multipliers.empty())
    return state.named();
  const auto b =
      detail::pmedian_branch(model, spec, state.named(), state.objective(), root.multipliers,
                             root.fixed_out, r.bound, integral, options.branch_seconds, progress);
  detail::record(r, "branch and bound", b.cost, b.bound, clock.lap(),
                 std::to_string(b.nodes) + " nodes" +
                     (b.complete ? ", complete" : ", stopped at the time limit"));
  if (b.bound > r.bound) {
    r.bound = b.bound;
    r.bound_method = "lagrangian branch and bound (" + std::to_string(b.nodes) + " nodes)";
  }
  if (b.cost < state.objective()) {
    r.method += " + lagrangian branch and bound";
    return b.plan;
  }
  return state.named();
}

}  // namespace

SitingResult solve_pmedian(const Instance& in, const ModelSpec& spec,
                           const HeuristicOptions& options, Progress& progress) {
  SitingResult r;
  r.maximise = false;
  detail::Stopwatch clock;
  const AssignModel model = pmedian_model(in, spec);
  detail::weigh_demand(in, spec, r);
  if (r.unreachable_weight > 0)
    r.notes.push_back(std::to_string(r.unreachable_weight) +
                      " youth have no facility within the assignment radius and count at the "
                      "unassigned cost");
  detail::record(r, "model", {}, {}, clock.lap(),
                 std::to_string(model.demand_count()) + " rows, " +
                     std::to_string(model.nonzeros()) + " assignment options");

  Interchange state(model);
  const detail::FlowHooks hooks = pmedian_hooks(model, spec, state, options, progress);
  QuotaState quota(in, std::min(spec.k, in.facility_count()), spec.budget);
  const auto flow = detail::run_assign_flow(state, quota, spec, options, hooks, r, progress);
  clock.lap();
  lp_relaxation(model, spec, state, options, clock, r, progress);
  const bool integral = integral_costs(model);
  const auto plan =
      branch_and_bound(model, spec, state, flow.bound, integral, options, clock, r, progress);

  detail::name_in_order(in, spec, plan, r, progress);
  r.objective = pmedian_cost(in, spec, r.opened);
  r.cost_used = quota.cost_used();
  r.notes.insert(r.notes.end(), flow.greedy.notes.begin(), flow.greedy.notes.end());
  r.feasible = quota.complete(spec.exactly, r.notes);
  if (!r.feasible) r.bound = std::min(r.bound, r.objective);
  r.bound = rounded_bound(r.bound, integral);
  r.bound = std::min(r.bound, r.objective);
  finish_gap(r);
  if (options.polish && !r.proven_optimal && r.feasible &&
      2 * model.nonzeros() <= options.polish_max_nonzeros)
    detail::polish(in, spec, options, flow.bound.fixed_out, r, progress);
  return r;
}

}  // namespace sunplan::siting
