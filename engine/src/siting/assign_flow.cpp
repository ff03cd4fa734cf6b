#include "assign_flow.hpp"

#include <cmath>

#include "stages.hpp"

namespace sunplan::siting::detail {

namespace {

bool tighter(const SitingResult& r, double bound, double than) {
  return r.maximise ? bound < than : bound > than;
}

bool meets(const SitingResult& r, double objective, double bound, double enough_gap) {
  const double tol = std::max(1e-8, enough_gap) * std::max(1.0, std::abs(bound));
  return r.maximise ? objective >= bound - tol : objective <= bound + tol;
}

std::string bound_name(const BoundResult& b) {
  return "lagrangian (" + std::to_string(b.iterations) + " iterations)";
}

}  // namespace

FlowResult run_assign_flow(Interchange& state, QuotaState& quota, const ModelSpec& spec,
                           const HeuristicOptions& options, const FlowHooks& hooks, SitingResult& r,
                           Progress& progress) {
  FlowResult out;
  Stopwatch clock;
  auto now = [&] { return hooks.reported(state.objective()); };

  GreedyOptions g;
  g.cost_benefit = std::isfinite(spec.budget);
  g.fill_to_k = spec.exactly;
  out.greedy = greedy(state, quota, g, progress);
  r.method = "greedy";
  record(r, "greedy", now(), {}, clock.lap());

  out.bound = hooks.bound(now(), options.lagrangian);
  r.bound = out.bound.bound;
  r.bound_method = bound_name(out.bound);
  record(r, "lagrangian", {}, r.bound, clock.lap(),
         std::to_string(out.bound.iterations) + " iterations");

  if (options.search && !meets(r, now(), r.bound, hooks.enough_gap)) {
    SearchOptions so = options.search_options;
    so.min_profit =
        hooks.min_profit > 0 ? hooks.min_profit : 1e-9 * std::max(1.0, std::abs(state.objective()));
    so.allow_add = !spec.exactly;
    // Stop searching once the plan is within enough_gap of the bound (p-median costs are
    // real numbers: the last hair of a gap is not worth rounds of search).
    const double target = hooks.model_target(r.bound);
    so.target = target + hooks.enough_gap * std::max(1.0, std::abs(target));
    out.search = iterated_search(state, quota, so, progress);
    r.method = "greedy + iterated search";
    record(r, "iterated search", now(), {}, clock.lap(),
           std::to_string(out.search.swaps) + " swaps, " + std::to_string(out.search.rounds) +
               " rounds" + (out.search.hit_time_limit ? ", time limit" : ""));
  }
  if (hooks.plan_final) hooks.plan_final();
  if (!meets(r, now(), r.bound, hooks.enough_gap)) {
    LagrangianOptions again = options.lagrangian;
    again.warm_start = out.bound.multipliers;
    const BoundResult b = hooks.bound(now(), again);
    record(r, "lagrangian (warm start)", {}, b.bound, clock.lap(),
           std::to_string(b.iterations) + " iterations");
    if (tighter(r, b.bound, r.bound)) {
      r.bound = b.bound;
      r.bound_method = bound_name(b) + ", warm-started";
      out.bound = b;
    }
  }
  return out;
}

}  // namespace sunplan::siting::detail
