#include <algorithm>
#include <cmath>
#include <functional>

#include "sunplan/siting/lazy_greedy.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

SitingResult solve_lscp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                        Progress& progress) {
  SitingResult r;
  r.maximise = false;
  const CoverModel m = make_cover_model(in, spec.cover_limit, spec.weight);
  r.total_weight = total_weight(m);
  r.unreachable_weight = unreachable_weight(m);
  const std::int64_t reachable = r.total_weight - r.unreachable_weight;
  // Youth no facility can reach are reported and left out of the target.
  const auto target =
      static_cast<std::int64_t>(std::ceil(spec.target_share * double(reachable) - 1e-9));
  if (r.unreachable_weight > 0)
    r.notes.push_back(std::to_string(r.unreachable_weight) +
                      " youth are out of reach of every facility and left out of the target");

  CoverState state(m);
  const std::size_t k = std::min(spec.k, m.facility_count());
  QuotaState quota(in, k, spec.budget);
  GreedyOptions g;
  g.target_weight = target;
  g.cost_benefit = std::isfinite(spec.budget);
  auto greedy = lazy_greedy(m, state, quota, g, progress);
  std::vector<std::uint32_t> named = greedy.picked;
  r.method = "lazy greedy + redundancy pruning";
  // Drop sites that are no longer needed, latest first (early picks cover most).
  for (std::size_t n = named.size(); n-- > 0;) {
    const auto j = named[n];
    if (state.covered_weight() - state.loss(j) < target) continue;
    QuotaState q2 = quota;
    q2.remove(j);
    if (q2.unmet_min() > quota.unmet_min()) continue;
    state.close(j);
    quota = q2;
    named.erase(named.begin() + static_cast<std::ptrdiff_t>(n));
  }
  auto ranked = rank_sites(m, named, progress);
  r.opened = ranked.picked;
  r.marginal_gain.assign(ranked.gain.begin(), ranked.gain.end());
  r.covered_weight = state.covered_weight();
  r.objective = double(r.opened.size());
  r.cost_used = quota.cost_used();
  r.notes.insert(r.notes.end(), greedy.notes.begin(), greedy.notes.end());
  r.feasible = state.covered_weight() >= target && quota.unmet_min() == 0;
  if (!r.feasible) r.notes.push_back("target not reached within k, the budget or the quotas");

  // Counting bound: coverage is subadditive, so m sites cover at most the m largest
  // standalone gains; also every level's mins must be named.
  CoverState fixed(m);
  const std::int64_t need = target - fixed.covered_weight();
  std::vector<std::int64_t> gains;
  for (std::uint32_t j = 0; j < m.facility_count(); ++j)
    if (m.is_candidate[j]) gains.push_back(fixed.gain(j));
  std::sort(gains.begin(), gains.end(), std::greater<>());
  std::int64_t acc = 0;
  std::size_t count = 0;
  while (acc < need && count < gains.size()) acc += gains[count++];
  std::int64_t min_sites = static_cast<std::int64_t>(count);
  for (const auto& q : in.quotas) {
    std::int64_t s = 0;
    for (auto v : q.min_new) s += std::max(v, 0);
    min_sites = std::max(min_sites, s);
  }
  r.bound = double(min_sites);
  r.bound_method = "counting (largest standalone gains)";
  if (r.feasible && r.bound < r.objective &&
      m.row_facility.size() <= options.lp_bound_max_nonzeros) {
    MipOptions mo;
    mo.lp_relaxation = true;
    mo.time_limit_seconds = options.lp_time_limit_seconds;
    ModelSpec s = spec;
    s.kind = ModelKind::lscp;
    auto lp = solve_mip(in, s, mo, progress);
    if (lp.feasible && std::ceil(lp.bound - 1e-6) > r.bound) {
      r.bound = std::ceil(lp.bound - 1e-6);
      r.bound_method = "lp relaxation";
    }
  }
  if (!r.feasible) r.bound = std::min(r.bound, r.objective);
  finish_gap(r);
  return r;
}

}  // namespace sunplan::siting
