#include "sunplan/siting/lazy_greedy.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <queue>

namespace sunplan::siting {

namespace {

struct Entry {
  double score;
  std::int64_t gain;
  std::uint32_t facility;
  std::uint32_t stamp;  // number of picks when the gain was computed
};

// Highest score first; ties to the lower index.
struct Lower {
  bool operator()(const Entry& a, const Entry& b) const {
    if (a.score != b.score) return a.score < b.score;
    return a.facility > b.facility;
  }
};

double score_of(std::int64_t gain, double cost, bool cost_benefit) {
  if (!cost_benefit) return static_cast<double>(gain);
  if (cost <= 0) return gain > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return static_cast<double>(gain) / cost;
}

}  // namespace

GreedyResult lazy_greedy(const CoverModel& m, CoverState& state, QuotaState& quota,
                         const GreedyOptions& options, Progress& progress) {
  GreedyResult out;
  const auto& in = *m.instance;
  const std::uint32_t f = static_cast<std::uint32_t>(m.facility_count());
  if (state.covered_weight() >= options.target_weight) {
    out.target_reached = true;
    return out;
  }
  std::vector<std::int64_t> initial(f, -1);
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, f), [&](auto r) {
    for (auto j = r.begin(); j < r.end(); ++j) {
      if (!m.is_candidate[j] || state.is_open(j)) continue;
      if (!options.allowed.empty() && !options.allowed[j]) continue;
      initial[j] = state.gain(j);
    }
  });
  std::vector<Entry> heap;
  heap.reserve(f);
  for (std::uint32_t j = 0; j < f; ++j)
    if (initial[j] >= 0 && !quota.blocked_for_good(j))
      heap.push_back(
          {score_of(initial[j], in.facility_cost(j), options.cost_benefit), initial[j], j, 0});
  std::priority_queue<Entry, std::vector<Entry>, Lower> queue(Lower{}, std::move(heap));

  std::vector<Entry> deferred;  // not in a deficient group while mins are unmet
  std::uint32_t picks = 0;
  const std::size_t want = quota.k() > quota.named() ? quota.k() - quota.named() : 0;
  const std::size_t report_every = std::max<std::size_t>(1, want / 100);
  bool mins_abandoned = false;
  auto filling = [&] { return options.fill_min_first && !mins_abandoned && quota.unmet_min() > 0; };

  while (quota.named() < quota.k()) {
    if (queue.empty()) {
      if (deferred.empty()) break;
      // No candidate left that can fill a min: the mins cannot all be met; go on without them.
      for (auto& e : deferred) queue.push(e);
      deferred.clear();
      if (filling()) out.notes.push_back("some quota minimums cannot be met");
      mins_abandoned = true;
    }
    if (queue.empty()) break;
    Entry top = queue.top();
    queue.pop();
    if (quota.blocked_for_good(top.facility)) continue;
    if (filling() && !quota.fills_deficit(top.facility)) {
      deferred.push_back(top);
      continue;
    }
    if (top.stamp != picks) {
      top.gain = state.gain(top.facility);
      top.score = score_of(top.gain, in.facility_cost(top.facility), options.cost_benefit);
      top.stamp = picks;
      queue.push(top);
      continue;
    }
    if (top.gain == 0 && options.stop_at_zero_gain && !filling()) break;
    state.open(top.facility);
    quota.add(top.facility);
    out.picked.push_back(top.facility);
    out.gain.push_back(top.gain);
    ++picks;
    if (filling() == false && !deferred.empty()) {
      for (auto& e : deferred) queue.push(e);
      deferred.clear();
    }
    if (state.covered_weight() >= options.target_weight) {
      out.target_reached = true;
      break;
    }
    if (picks % report_every == 0)
      report_or_cancel(progress, static_cast<double>(picks) / static_cast<double>(want),
                       "siting: greedy");
  }
  if (state.covered_weight() >= options.target_weight) out.target_reached = true;
  for (auto& s : quota.shortfalls()) out.notes.push_back(s);
  return out;
}

GreedyResult rank_sites(const CoverModel& m, std::span<const std::uint32_t> sites,
                        Progress& progress) {
  std::vector<std::uint8_t> allowed(m.facility_count(), 0);
  for (auto j : sites) allowed[j] = 1;
  CoverState state(m);
  Instance unconstrained;  // ranking ignores quotas and budget: the set is already chosen
  unconstrained.existing = m.instance->existing;
  unconstrained.cost = m.instance->cost;
  QuotaState quota(unconstrained, sites.size());
  GreedyOptions options;
  options.fill_min_first = false;
  options.stop_at_zero_gain = false;
  options.allowed = allowed;
  return lazy_greedy(m, state, quota, options, progress);
}

}  // namespace sunplan::siting
