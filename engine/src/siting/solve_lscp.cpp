#include <algorithm>
#include <cmath>
#include <numeric>

#include "lp_bound.hpp"
#include "naming.hpp"
#include "polish.hpp"
#include "set_cover_search.hpp"
#include "stages.hpp"
#include "sunplan/siting/evaluate.hpp"
#include "sunplan/siting/greedy.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

namespace {

// Drops named sites that are no longer needed to keep the uncovered weight within `allowed`,
// the least useful first, never leaving a quota minimum unmet.
void prune(Interchange& s, QuotaState& q, double allowed) {
  bool dropped = true;
  while (dropped) {
    dropped = false;
    std::vector<std::uint32_t> named = s.named();
    std::sort(named.begin(), named.end(), [&](auto a, auto b) {
      return s.loss(a) != s.loss(b) ? s.loss(a) < s.loss(b) : a > b;
    });
    for (auto j : named) {
      if (s.objective() + s.loss(j) > allowed + 1e-9) continue;
      QuotaState without = q;
      without.remove(j);
      if (without.unmet_min() > q.unmet_min()) continue;
      s.close(j);
      q = without;
      dropped = true;
      break;
    }
  }
}

// The smallest share of the reachable weight to cover, in whole youth.
std::int64_t lscp_target(const CoverModel& cover, const ModelSpec& spec) {
  return static_cast<std::int64_t>(
      std::ceil(spec.target_share * static_cast<double>(cover.reachable_weight()) - 1e-9));
}

// One solve_lscp call: the reduced cover model, the plan being improved and the result. Each
// stage records its time and outcome in r.
struct LscpRun {
  const Instance& in;
  const ModelSpec& spec;
  const HeuristicOptions& options;
  Progress& progress;
  SitingResult r;
  detail::Stopwatch clock;
  const CoverModel cover;
  const std::int64_t target;  // youth to cover
  // The uncovered weight of the reduced rows that may stay; set by record_reduction, so
  // declared (and zeroed) before model.
  double allowed = 0;
  const AssignModel model;
  Interchange state;
  QuotaState quota;
  std::vector<std::string> greedy_notes;
  BoundResult first_bound;
  bool reached = false;

  LscpRun(const Instance& in_, const ModelSpec& spec_, const HeuristicOptions& options_,
          Progress& progress_)
      : in(in_),
        spec(spec_),
        options(options_),
        progress(progress_),
        r(unset_result()),
        cover(make_cover_model(in, {spec.cover_limit, spec.weight, options.reduce})),
        target(lscp_target(cover, spec)),
        model(record_reduction()),
        state(model),
        quota(in, std::min(spec.k, in.facility_count()), spec.budget) {}

  static SitingResult unset_result() {
    SitingResult r;
    r.maximise = false;
    return r;
  }

  // Youth no facility can reach are reported and left out of the target.
  AssignModel record_reduction() {
    r.total_weight = cover.total_weight;
    r.unreachable_weight = cover.unreachable_weight;
    if (r.unreachable_weight > 0)
      r.notes.push_back(std::to_string(r.unreachable_weight) +
                        " youth are out of reach of every facility and left out of the target");
    AssignModel m = covering_model(cover);
    detail::record(r, "reduce", {}, {}, clock.lap(),
                   std::to_string(cover.original_demand) + " demand points -> " +
                       std::to_string(cover.demand_count()) + " rows, " +
                       std::to_string(cover.dominated) + " candidates dominated");
    const double rows = static_cast<double>(cover.reachable_weight() - cover.fixed_weight);
    allowed = rows - static_cast<double>(target - cover.fixed_weight);
    return m;
  }

  double count() const { return static_cast<double>(state.named().size()); }
  bool can_do_better() const { return reached && count() > r.bound; }

  void greedy_and_prune() {
    GreedyOptions g;
    g.cost_benefit = std::isfinite(spec.budget);
    g.stop_below = allowed;
    greedy_notes = greedy(state, quota, g, progress).notes;
    prune(state, quota, allowed);
    r.method = "greedy + pruning";
    reached = state.objective() <= allowed + 1e-9;
    detail::record(r, "greedy", count(), {}, clock.lap(), reached ? "" : "target not reached");
  }

  void lagrangian_bound() {
    first_bound = lscp_bound(cover, spec, target, count(), options.lagrangian, progress);
    r.bound = first_bound.bound;
    r.bound_method = "lagrangian (" + std::to_string(first_bound.iterations) + " iterations)";
    detail::record(r, "lagrangian", {}, r.bound, clock.lap());
  }

  // Fewer sites by the row-weighting set-cover search (multi-site exchanges the 1-swaps
  // below cannot make), stopping at the bound.
  void set_cover_search() {
    detail::CoverSearchOptions co;
    co.max_steps = options.set_cover_steps;
    co.stall_steps = options.set_cover_stall_steps;
    co.time_limit_seconds = options.search_options.time_limit_seconds;
    co.seed = options.search_options.seed;
    co.stop_at = static_cast<std::size_t>(std::max(0.0, r.bound));
    const auto cs = detail::set_cover_search(cover, target - cover.fixed_weight, quota,
                                             state.named(), co, progress);
    if (cs.plan.size() < state.named().size()) set_plan(state, quota, cs.plan);
    r.method = "greedy + pruning + set cover search";
    detail::record(r, "set cover search", count(), {}, clock.lap(),
                   std::to_string(cs.steps) + " steps, " + std::to_string(cs.improvements) +
                       " smaller covers" + (cs.hit_time_limit ? ", time limit" : "") +
                       (cs.pinned ? ", every site held by a quota minimum" : ""));
  }

  // Fewer sites: drop the least useful one and search (k one lower) for a plan that still
  // reaches the target; stop at the bound, or when the search fails.
  void drop_and_search() {
    SearchOptions so = options.search_options;
    so.min_profit = 0.5;
    so.allow_add = false;
    so.target = allowed;
    SearchStats total;
    while (count() > r.bound && !total.hit_time_limit) {
      const auto before = state.named();
      const QuotaState quota_before = quota;
      if (!drop_weakest_site(before)) break;
      const auto st = iterated_search(state, quota, so, progress);
      total.swaps += st.swaps;
      total.rounds += st.rounds;
      total.hit_time_limit = st.hit_time_limit;
      if (state.objective() > allowed + 1e-9) {
        set_plan(state, quota, before);
        quota = quota_before;
        break;
      }
      prune(state, quota, allowed);
    }
    r.method += " + iterated search";
    detail::record(r, "iterated search", count(), {}, clock.lap(),
                   std::to_string(total.swaps) + " swaps, " + std::to_string(total.rounds) +
                       " rounds" + (total.hit_time_limit ? ", time limit" : ""));
  }

  // Closes the named site of least loss (ties: the higher index); false, and nothing closed,
  // when that would leave a quota minimum unmet.
  bool drop_weakest_site(std::vector<std::uint32_t> named) {
    auto weakest = std::min_element(named.begin(), named.end(), [&](auto a, auto c) {
      return state.loss(a) != state.loss(c) ? state.loss(a) < state.loss(c) : a > c;
    });
    QuotaState without = quota;
    without.remove(*weakest);
    if (without.unmet_min() > quota.unmet_min()) return false;
    state.close(*weakest);
    quota = without;
    return true;
  }

  // A gap left: the Lagrangian again from the first multipliers, then the LP relaxation when
  // the model is small enough.
  void tighten_bound() {
    if (can_do_better()) {
      LagrangianOptions again = options.lagrangian;
      again.warm_start = first_bound.multipliers;
      const auto b2 = lscp_bound(cover, spec, target, count(), again, progress);
      detail::record(r, "lagrangian (warm start)", {}, b2.bound, clock.lap());
      if (b2.bound > r.bound) {
        r.bound = b2.bound;
        r.bound_method =
            "lagrangian (" + std::to_string(b2.iterations) + " iterations), warm-started";
      }
    }
    if (can_do_better() && cover.nonzeros() <= options.lp_bound_max_nonzeros) {
      const auto lp =
          detail::lp_bound_lscp(cover, spec, target, options.lp_time_limit_seconds, progress);
      detail::record(r, "lp relaxation", {}, lp.bound, clock.lap(), lp.status);
      if (lp.bound > r.bound) {
        r.bound = lp.bound;
        r.bound_method = "lp relaxation (clp)";
      }
    }
  }

  // The plan named in order, its figures and gap, then the optional polish.
  void finish() {
    detail::name_in_order(in, spec, state.named(), r, progress);
    r.covered_weight = covered_weight(in, spec, r.opened);
    r.objective = static_cast<double>(r.opened.size());
    r.cost_used = quota.cost_used();
    r.notes.insert(r.notes.end(), greedy_notes.begin(), greedy_notes.end());
    r.feasible = r.covered_weight >= target && quota.unmet_min() == 0;
    if (!r.feasible) r.notes.push_back("target not reached within k, the budget or the quotas");
    r.bound = std::min(r.bound, r.objective);
    finish_gap(r);
    if (options.polish && !r.proven_optimal && r.feasible &&
        cover.nonzeros() <= options.polish_max_nonzeros)
      detail::polish(in, spec, options, {}, r, progress);
  }
};

}  // namespace

SitingResult solve_lscp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress) {
  LscpRun run(in, spec, options, progress);
  run.greedy_and_prune();
  run.lagrangian_bound();
  if (options.search && run.can_do_better()) run.set_cover_search();
  if (options.search && run.can_do_better()) run.drop_and_search();
  run.tighten_bound();
  run.finish();
  return std::move(run.r);
}

}  // namespace sunplan::siting
