#include "sunplan/siting/urban_first.hpp"

#include <algorithm>
#include <cmath>

#include "sunplan/core/error.hpp"
#include "sunplan/siting/lazy_greedy.hpp"

namespace sunplan::siting {

UrbanFirstResult solve_urban_first(const Instance& in, const ModelSpec& spec,
                                   const HeuristicOptions& options, Progress& progress) {
  if (in.demand_class.size() != in.demand_count())
    throw UsageError("siting: urban-first planning needs an urban/rural class per demand point");
  UrbanFirstResult out;
  const auto n = in.demand_count();
  std::vector<std::int64_t> urban_w(n, 0), rural_w(n, 0);
  const auto& base = spec.weight.empty() ? in.weight : spec.weight;
  for (std::size_t i = 0; i < n; ++i)
    (in.demand_class[i] == UrbanRural::urban ? urban_w : rural_w)[i] = base[i];

  // Phase 1: every reachable urban youth, fewest sites, within k, budget and quota maxima.
  ModelSpec urban = spec;
  urban.kind = ModelKind::lscp;
  urban.weight = urban_w;
  urban.target_share = 1.0;
  Instance no_min = in;  // minimums belong to the whole plan: fill them in phase 2
  for (auto& q : no_min.quotas) std::fill(q.min_new.begin(), q.min_new.end(), 0);
  out.urban = solve_lscp(no_min, urban, options, progress);
  out.urban.notes.insert(out.urban.notes.begin(), "phase 1: urban full coverage");

  // Phase 2: rural maximal covering with the urban sites fixed open.
  CoverModel m = make_cover_model(in, spec.cover_limit, rural_w);
  fix_open(m, out.urban.opened);
  CoverState state(m);
  const std::size_t k_total = std::min(spec.k, in.facility_count());
  QuotaState quota(in, k_total, spec.budget);
  for (auto j : out.urban.opened) quota.add(j);
  GreedyOptions g;
  g.cost_benefit = std::isfinite(spec.budget);
  auto greedy = lazy_greedy(m, state, quota, g, progress);
  std::vector<std::uint32_t> named = greedy.picked;
  SitingResult& r = out.rural;
  r.maximise = true;
  r.method = "lazy greedy";
  if (options.swap && !named.empty()) {
    auto s = swap_search(m, state, quota, named, options.swap_options, progress);
    r.method += " + swap (" + std::to_string(s.swaps) + " swaps)";
  }
  auto ranked = rank_sites(m, named, progress);
  r.opened = ranked.picked;
  r.marginal_gain.assign(ranked.gain.begin(), ranked.gain.end());
  r.covered_weight = state.covered_weight();
  r.objective = double(r.covered_weight);
  r.total_weight = total_weight(m);
  r.unreachable_weight = unreachable_weight(m);
  r.cost_used = quota.cost_used();
  r.notes = greedy.notes;
  r.notes.insert(r.notes.begin(), "phase 2: rural maximal covering after the urban sites");
  r.feasible = quota.unmet_min() == 0;
  const std::size_t k_left = k_total - std::min(k_total, out.urban.opened.size());
  const double budget_left = spec.budget - out.urban.cost_used;
  auto lag = mclp_lagrangian_bound(m, k_left, budget_left, out.urban.opened, state.covered_weight(),
                                   options.lagrangian, progress);
  r.bound = std::min<double>(lag.bound, double(r.total_weight - r.unreachable_weight));
  r.bound_method = "lagrangian, given the urban-phase sites";
  if (!r.feasible) r.bound = std::max(r.bound, r.objective);
  finish_gap(r);

  out.opened = out.urban.opened;
  out.opened.insert(out.opened.end(), r.opened.begin(), r.opened.end());
  out.marginal_gain = out.urban.marginal_gain;
  out.marginal_gain.insert(out.marginal_gain.end(), r.marginal_gain.begin(), r.marginal_gain.end());
  return out;
}

}  // namespace sunplan::siting
