#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <queue>

#include "capacitated_flow.hpp"
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

// Facility -> demand within the limit (every facility, existing ones too).
struct Columns {
  std::vector<std::uint64_t> offsets;
  std::vector<std::uint32_t> demand;
  std::span<const std::uint32_t> of(std::size_t j) const {
    return {demand.data() + offsets[j], demand.data() + offsets[j + 1]};
  }
};

Columns columns(const Instance& in, float limit) {
  std::vector<std::uint64_t> row_offsets{0};
  std::vector<std::uint32_t> facility;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= limit) facility.push_back(in.reach.facility[e]);
    row_offsets.push_back(facility.size());
  }
  auto t = detail::transpose(row_offsets, facility, in.facility_count());
  return {std::move(t.offsets), std::move(t.row)};
}

// Lazy greedy on the greedy-assignment gain: a site serves the youth in reach not yet served,
// up to its capacity (a lower estimate of what it adds to the max flow; it only falls).
std::vector<std::uint32_t> greedy_sites(const Instance& in, const ModelSpec& spec,
                                        const Columns& cols, QuotaState& quota,
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

// 1-swap search judged by the exact max flow: for each named site, from the least used, try
// the candidates with the most unserved youth in reach; keep a swap when the flow grows.
int swap_search(const Instance& in, const ModelSpec& spec, const Columns& cols, QuotaState& quota,
                std::vector<std::uint32_t>& named, double seconds, Progress& progress) {
  detail::Stopwatch clock;
  constexpr int kTriesPerSite = 4;
  int swaps = 0;
  bool improved = true;
  auto flow = detail::served_flow(in, spec, named);
  while (improved && clock.seconds() < seconds) {
    improved = false;
    std::vector<std::uint32_t> order = named;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
      return flow.per_site[a] != flow.per_site[b] ? flow.per_site[a] < flow.per_site[b] : a < b;
    });
    std::vector<std::pair<std::int64_t, std::uint32_t>> ranked;
    std::vector<std::uint8_t> is_named(in.facility_count(), 0);
    for (auto j : named) is_named[j] = 1;
    for (std::uint32_t j = 0; j < in.facility_count(); ++j) {
      if (in.existing[j] || is_named[j]) continue;
      std::int64_t s = 0;
      for (auto i : cols.of(j)) s += flow.unserved[i];
      s = std::min(s, in.facility_capacity(j));
      if (s > 0) ranked.push_back({-s, j});
    }
    std::sort(ranked.begin(), ranked.end());
    for (auto out : order) {
      int tried = 0;
      for (auto [neg, cand] : ranked) {
        if (-neg <= 0 || tried >= kTriesPerSite || clock.seconds() >= seconds) break;
        if (is_named[cand] || !quota.can_swap(out, cand)) continue;
        ++tried;
        std::vector<std::uint32_t> trial = named;
        std::replace(trial.begin(), trial.end(), out, cand);
        auto f2 = detail::served_flow(in, spec, trial);
        if (f2.served > flow.served) {
          quota.remove(out);
          quota.add(cand);
          named = std::move(trial);
          flow = std::move(f2);
          ++swaps;
          improved = true;
          break;
        }
      }
      if (improved) break;  // the ranking changed: start a new round
      report_or_cancel(progress, std::min(1.0, clock.seconds() / seconds), "siting: cmclp swap");
    }
  }
  return swaps;
}

}  // namespace

SitingResult solve_cmclp(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
                         Progress& progress) {
  require_valid(in);
  SitingResult r;
  r.maximise = true;
  detail::Stopwatch clock;
  const auto f = in.facility_count();
  const Columns cols = columns(in, spec.cover_limit);
  detail::weigh_demand(in, spec, r);
  QuotaState quota(in, std::min(spec.k, f), spec.budget);
  std::vector<std::uint32_t> named = greedy_sites(in, spec, cols, quota, r.notes, progress);
  r.method = "greedy (greedy assignment)";
  detail::record(r, "greedy", {}, {}, clock.lap());
  if (options.search && !named.empty()) {
    const int swaps =
        swap_search(in, spec, cols, quota, named,
                    std::min(10.0, options.search_options.time_limit_seconds), progress);
    r.method += " + swap by max flow";
    detail::record(r, "swap", {}, {}, clock.lap(), std::to_string(swaps) + " swaps");
  }
  detail::name_in_order(in, spec, named, r, progress);
  const std::int64_t base = detail::served_flow(in, spec, {}).served;
  r.covered_weight = detail::served_flow(in, spec, named).served;
  r.objective = double(r.covered_weight);
  r.cost_used = quota.cost_used();
  r.feasible = quota.complete(spec.exactly, r.notes);

  // Bound: opening j adds at most min(capacity, weight it reaches) to the max flow.
  std::vector<std::int64_t> standalone;
  for (std::uint32_t j = 0; j < f; ++j)
    if (!in.existing[j]) {
      std::int64_t s = 0;
      for (auto i : cols.of(j)) s += spec.weight_of(i, in.weight);
      standalone.push_back(std::min(s, in.facility_capacity(j)));
    }
  std::sort(standalone.begin(), standalone.end(), std::greater<>());
  std::int64_t bound = base;
  for (std::size_t t = 0; t < standalone.size() && t < quota.k(); ++t) bound += standalone[t];
  r.bound = double(std::min(bound, r.total_weight - r.unreachable_weight));
  r.bound_method = "counting (capacity and reach of the best k)";
  detail::record(r, "counting bound", {}, r.bound, clock.lap());
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
