#include <algorithm>
#include <cmath>

#include "sunplan/siting/lazy_greedy.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

SitingResult solve_mclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress) {
  SitingResult r;
  r.maximise = true;
  const CoverModel m = make_cover_model(in, spec.cover_limit, spec.weight);
  CoverState state(m);
  QuotaState quota(in, spec.k, spec.budget);
  GreedyOptions g;
  g.cost_benefit = std::isfinite(spec.budget);
  auto greedy = lazy_greedy(m, state, quota, g, progress);
  std::vector<std::uint32_t> named = greedy.picked;
  r.method = "lazy greedy";
  if (options.swap && !named.empty()) {
    auto s = swap_search(m, state, quota, named, options.swap_options, progress);
    r.method += " + swap (" + std::to_string(s.swaps) + " swaps, " + std::to_string(s.passes) +
                " passes" + (s.hit_limit ? ", stopped at limit" : "") + ")";
  }
  auto ranked = rank_sites(m, named, progress);
  r.opened = ranked.picked;
  r.marginal_gain.assign(ranked.gain.begin(), ranked.gain.end());
  r.objective = double(state.covered_weight());
  r.covered_weight = state.covered_weight();
  r.total_weight = total_weight(m);
  r.unreachable_weight = unreachable_weight(m);
  r.cost_used = quota.cost_used();
  r.notes = greedy.notes;
  if (quota.unmet_min() > 0) r.feasible = false;

  const std::size_t k_new = std::min(spec.k, m.facility_count());
  auto lag = mclp_lagrangian_bound(m, k_new, spec.budget, {}, state.covered_weight(),
                                   options.lagrangian, progress);
  r.bound = std::min<double>(lag.bound, double(r.total_weight - r.unreachable_weight));
  r.bound_method = "lagrangian (" + std::to_string(lag.iterations) + " iterations)";
  if (r.bound > r.objective && m.row_facility.size() <= options.lp_bound_max_nonzeros) {
    MipOptions mo;
    mo.lp_relaxation = true;
    mo.time_limit_seconds = options.lp_time_limit_seconds;
    auto lp = solve_mip(in, spec, mo, progress);
    if (lp.feasible && std::floor(lp.bound + 1e-6) < r.bound) {
      r.bound = std::floor(lp.bound + 1e-6);
      r.bound_method = "lp relaxation";
    }
  }
  // An infeasible plan (unmet mins) may cover more than any feasible one.
  if (!r.feasible) r.bound = std::max(r.bound, r.objective);
  finish_gap(r);
  return r;
}

}  // namespace sunplan::siting
