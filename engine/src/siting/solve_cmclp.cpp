#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>

#include "capacitated_flow.hpp"
#include "cmclp_search.hpp"
#include "demand_weight.hpp"
#include "formulation.hpp"
#include "lp_bound.hpp"
#include "naming.hpp"
#include "sparse.hpp"
#include "stages.hpp"
#include "sunplan/siting/quota_state.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

namespace {

// Lazy greedy on the greedy-assignment gain: a site serves the youth in reach not yet served,
// up to its capacity (a lower estimate of what it adds to the max flow; it only falls).
std::vector<std::uint32_t> greedy_sites(const Instance& in, const ModelSpec& spec,
                                        const detail::Columns& cols, QuotaState& quota,
                                        std::vector<std::string>& notes, Progress& progress) {
  const auto f = in.facility_count();
  std::vector<std::int64_t> left(in.demand_count());
  for (std::size_t i = 0; i < left.size(); ++i) left[i] = spec.weight_of(i, in.weight);
  auto serve = [&](std::uint32_t j) {
    std::int64_t room = in.facility_capacity(j);
    for (auto i : cols.of(j)) {
      if (room == 0) break;
      const auto t = std::min(room, left[i]);
      left[i] -= t;
      room -= t;
    }
  };
  auto gain = [&](std::uint32_t j) {
    std::int64_t s = 0;
    for (auto i : cols.of(j)) s += left[i];
    return std::min(s, in.facility_capacity(j));
  };
  for (std::uint32_t j = 0; j < f; ++j)
    if (in.existing[j]) serve(j);
  using Entry = std::tuple<std::int64_t, std::int64_t, std::uint32_t, std::size_t>;  // gain, -j
  std::priority_queue<Entry> queue;
  for (std::uint32_t j = 0; j < f; ++j)
    if (!in.existing[j]) queue.push({gain(j), -std::int64_t(j), j, 0});
  std::vector<std::uint32_t> named;
  std::vector<Entry> deferred;
  bool mins_abandoned = false;
  auto filling = [&] { return !mins_abandoned && quota.unmet_min() > 0; };
  while (quota.named() < quota.k() && (!queue.empty() || !deferred.empty())) {
    if (queue.empty()) {
      for (auto& e : deferred) queue.push(e);
      deferred.clear();
      if (quota.unmet_min() > 0) notes.push_back("some quota minimums cannot be met");
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
    if (g == 0 && !filling() && !spec.exactly) break;
    serve(j);
    quota.add(j);
    named.push_back(j);
    if (!filling() && !deferred.empty()) {
      for (auto& e : deferred) queue.push(e);
      deferred.clear();
    }
    report_or_cancel(progress, double(named.size()) / double(quota.k()), "siting: cmclp greedy");
  }
  return named;
}

// Opening j adds at most min(capacity, weight it reaches) to the max flow: the youth served
// with the existing bases plus the k largest such amounts.
double counting_bound(const Instance& in, const ModelSpec& spec, const detail::Columns& cols,
                      std::size_t k) {
  std::vector<std::int64_t> standalone;
  for (std::uint32_t j = 0; j < in.facility_count(); ++j)
    if (!in.existing[j]) {
      std::int64_t s = 0;
      for (auto i : cols.of(j)) s += spec.weight_of(i, in.weight);
      standalone.push_back(std::min(s, in.facility_capacity(j)));
    }
  std::sort(standalone.begin(), standalone.end(), std::greater<>());
  std::int64_t bound = detail::served_flow(in, spec, cols, {}).served;
  for (std::size_t t = 0; t < standalone.size() && t < k; ++t) bound += standalone[t];
  return double(bound);
}

}  // namespace

SitingResult solve_cmclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                         Progress& progress) {
  require_valid(in);
  SitingResult r;
  r.maximise = true;
  detail::Stopwatch clock;
  const auto f = in.facility_count();
  const detail::Columns cols = detail::columns(in, spec.cover_limit);
  detail::weigh_demand(in, spec, r);
  QuotaState quota(in, std::min(spec.k, f), spec.budget);
  std::vector<std::uint32_t> named = greedy_sites(in, spec, cols, quota, r.notes, progress);
  r.method = "greedy (greedy assignment)";
  detail::record(r, "greedy", {}, {}, clock.lap());
  const double counted = counting_bound(in, spec, cols, quota.k());
  if (options.search && !named.empty()) {
    SearchOptions search = options.search_options;
    search.time_limit_seconds = std::min(options.cmclp_search_seconds, search.time_limit_seconds);
    search.target = counted;  // no plan serves more
    const auto stats = detail::cmclp_search(in, spec, cols, quota, named, search, progress);
    r.method += " + iterated swap search by max flow";
    detail::record(
        r, "iterated search", {}, {}, clock.lap(),
        std::to_string(stats.swaps) + " swaps, " + std::to_string(stats.rounds) + " rounds");
  }
  detail::name_in_order(in, spec, named, r, progress);
  r.covered_weight = detail::served_flow(in, spec, cols, named).served;
  r.objective = double(r.covered_weight);
  r.cost_used = quota.cost_used();
  r.feasible = quota.complete(spec.exactly, r.notes);

  r.bound = std::min(counted, double(r.total_weight - r.unreachable_weight));
  r.bound_method = "counting (capacity and reach of the best k)";
  detail::record(r, "counting bound", {}, r.bound, 0);
  // Youth that several chosen sites count twice: the Lagrangian bound charges them.
  if (r.bound > r.objective) {
    const auto lb = cmclp_bound(in, spec, r.objective, options.lagrangian, progress);
    detail::record(r, "lagrangian", {}, lb.bound, clock.lap(),
                   std::to_string(lb.iterations) + " iterations on " +
                       std::to_string(lb.multipliers.size()) + " merged demand rows");
    if (lb.bound < r.bound) {
      r.bound = lb.bound;
      r.bound_method = "lagrangian (" + std::to_string(lb.iterations) + " iterations)";
    }
  }
  const auto formulation =
      r.bound > r.objective ? detail::cmclp_formulation(in, spec) : detail::Formulation{};
  if (r.bound > r.objective && formulation.nonzeros() <= options.lp_bound_max_nonzeros) {
    const auto lp = detail::solve_lp(formulation, options.lp_time_limit_seconds);
    if (lp.optimal) {
      const double b = std::floor(lp.value + 1e-6);
      detail::record(r, "lp relaxation", {}, b, clock.lap(), lp.status);
      if (b < r.bound) {
        r.bound = b;
        r.bound_method = "lp relaxation (clp)";
      }
    } else {  // no bound, but the time it took is part of the run
      detail::record(r, "lp relaxation", {}, {}, clock.lap(), lp.status);
    }
  }
  if (!r.feasible) r.bound = std::max(r.bound, r.objective);
  r.bound = std::max(r.bound, r.objective);
  finish_gap(r);
  return r;
}

}  // namespace sunplan::siting
