#include "sunplan/siting/urban_first.hpp"

#include <algorithm>
#include <cmath>

#include "sunplan/core/error.hpp"

namespace sunplan::siting {

namespace {

// Phase 2's instance: the urban sites are open (existing), and the quotas, k and the budget
// shrink by what phase 1 used.
Instance after_urban(const Instance& in, const std::vector<std::uint32_t>& urban) {
  Instance out = in;
  for (auto j : urban) out.existing[j] = 1;
  for (auto& q : out.quotas)
    for (auto j : urban) {
      const auto g = q.group[j];
      if (g == kNone) continue;
      q.min_new[g] = std::max(0, q.min_new[g] - 1);
      if (q.max_new[g] != kUnlimited) q.max_new[g] = std::max(0, q.max_new[g] - 1);
    }
  return out;
}

}  // namespace

UrbanFirstResult solve_urban_first(const Instance& in, const ModelSpec& spec,
                                   const SolveOptions& options, Progress& progress) {
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
  urban.exactly = false;
  Instance no_min = in;  // minimums belong to the whole plan: fill them in phase 2
  for (auto& q : no_min.quotas) std::fill(q.min_new.begin(), q.min_new.end(), 0);
  out.urban = solve(no_min, urban, options, progress);
  out.urban.notes.insert(out.urban.notes.begin(), "phase 1: urban full coverage");

  // Phase 2: rural maximal covering with the urban sites open.
  const Instance rural_in = after_urban(in, out.urban.opened);
  ModelSpec rural = spec;
  rural.kind = ModelKind::mclp;
  rural.weight = rural_w;
  const std::size_t k_total = std::min(spec.k, in.facility_count());
  rural.k = k_total - std::min(k_total, out.urban.opened.size());
  if (std::isfinite(spec.budget)) rural.budget = spec.budget - out.urban.cost_used;
  out.rural = solve(rural_in, rural, options, progress);
  out.rural.notes.insert(out.rural.notes.begin(),
                         "phase 2: rural maximal covering after the urban sites");

  out.opened = out.urban.opened;
  out.opened.insert(out.opened.end(), out.rural.opened.begin(), out.rural.opened.end());
  out.marginal_gain = out.urban.marginal_gain;
  out.marginal_gain.insert(out.marginal_gain.end(), out.rural.marginal_gain.begin(),
                           out.rural.marginal_gain.end());
  return out;
}

}  // namespace sunplan::siting
