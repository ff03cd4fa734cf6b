#include <algorithm>
#include <cmath>
#include <functional>
#include <queue>

#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/evaluate.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/quota_state.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

SitingResult solve_cmclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                         Progress& progress) {
  SitingResult r;
  r.maximise = true;
  const CoverModel m = make_cover_model(in, spec.cover_limit, spec.weight);
  const auto f = m.facility_count();
  r.total_weight = total_weight(m);
  r.unreachable_weight = unreachable_weight(m);
  std::vector<std::int64_t> left(m.weight);  // youth not yet served by the greedy assignment
  auto serve = [&](std::uint32_t j) {
    std::int64_t room = in.facility_capacity(j), got = 0;
    for (auto i : m.covered_by(j)) {
      if (room == 0) break;
      const auto t = std::min(room, left[i]);
      left[i] -= t;
      room -= t;
      got += t;
    }
    return got;
  };
  auto gain = [&](std::uint32_t j) {
    std::int64_t s = 0;
    for (auto i : m.covered_by(j)) s += left[i];
    return std::min(s, in.facility_capacity(j));
  };
  for (std::uint32_t j = 0; j < f; ++j)
    if (m.fixed_open[j]) serve(j);

  // Lazy greedy on the greedy-assignment gain (it only falls as youth are served).
  const std::size_t k = std::min(spec.k, f);
  QuotaState quota(in, k, spec.budget);
  using Entry = std::tuple<std::int64_t, std::int64_t, std::uint32_t, std::size_t>;  // gain, -j
  std::priority_queue<Entry> queue;
  for (std::uint32_t j = 0; j < f; ++j)
    if (m.is_candidate[j]) queue.push({gain(j), -std::int64_t(j), j, 0});
  std::vector<std::uint32_t> named;
  std::vector<Entry> deferred;
  bool mins_abandoned = false;
  auto filling = [&] { return !mins_abandoned && quota.unmet_min() > 0; };
  while (quota.named() < k && (!queue.empty() || !deferred.empty())) {
    if (queue.empty()) {
      for (auto& e : deferred) queue.push(e);
      deferred.clear();
      if (quota.unmet_min() > 0) r.notes.push_back("some quota minimums cannot be met");
      mins_abandoned = true;
    }
    auto [g, neg, j, stamp] = queue.top();
    queue.pop();
    if (quota.blocked_for_good(j)) continue;
    if (filling() && !quota.fills_deficit(j)) {
      deferred.push_back({g, neg, j, stamp});
      continue;
    }
    if (stamp != named.size()) {
      queue.push({gain(j), neg, j, named.size()});
      continue;
    }
    if (g == 0 && !filling()) break;
    serve(j);
    quota.add(j);
    named.push_back(j);
    if (!filling() && !deferred.empty()) {
      for (auto& e : deferred) queue.push(e);
      deferred.clear();
    }
    report_or_cancel(progress, double(named.size()) / double(k), "siting: cmclp greedy");
  }
  r.method = "lazy greedy (greedy assignment) + max-flow service";
  r.opened = named;
  r.covered_weight = served_weight(in, spec, named);
  r.objective = double(r.covered_weight);
  // Naming order: greedy order, gain = served youth added by each under max flow.
  std::int64_t before = served_weight(in, spec, {});
  for (std::size_t t = 0; t < named.size(); ++t) {
    const auto now = served_weight(in, spec, std::span(named).first(t + 1));
    r.marginal_gain.push_back(double(now - before));
    before = now;
  }
  r.cost_used = quota.cost_used();
  r.feasible = quota.unmet_min() == 0;

  // Bound: opening j adds at most min(capacity, weight it reaches) to the max flow.
  std::vector<std::int64_t> standalone;
  for (std::uint32_t j = 0; j < f; ++j)
    if (m.is_candidate[j]) {
      std::int64_t s = 0;
      for (auto i : m.covered_by(j)) s += m.weight[i];
      standalone.push_back(std::min(s, in.facility_capacity(j)));
    }
  std::sort(standalone.begin(), standalone.end(), std::greater<>());
  std::int64_t bound = served_weight(in, spec, {});
  for (std::size_t t = 0; t < standalone.size() && t < k; ++t) bound += standalone[t];
  r.bound = double(std::min(bound, r.total_weight - r.unreachable_weight));
  r.bound_method = "counting (capacity and reach of the best k)";
  if (r.bound > r.objective && m.row_facility.size() * 3 <= options.lp_bound_max_nonzeros) {
    MipOptions mo;
    mo.lp_relaxation = true;
    mo.time_limit_seconds = options.lp_time_limit_seconds;
    ModelSpec s2 = spec;
    s2.kind = ModelKind::cmclp;
    auto lp = solve_mip(in, s2, mo, progress);
    if (lp.feasible && std::floor(lp.bound + 1e-6) < r.bound) {
      r.bound = std::floor(lp.bound + 1e-6);
      r.bound_method = "lp relaxation";
    }
  }
  if (!r.feasible) r.bound = std::max(r.bound, r.objective);
  finish_gap(r);
  return r;
}

}  // namespace sunplan::siting
