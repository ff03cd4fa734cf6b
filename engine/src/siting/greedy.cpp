#include "sunplan/siting/greedy.hpp"

#include <algorithm>
#include <queue>

namespace sunplan::siting {

namespace {

struct Entry {
  double score;
  double gain;  // the gain the score was computed from
  std::uint32_t facility;
};

// Highest score first; ties to the lower index.
struct Lower {
  bool operator()(const Entry& a, const Entry& b) const {
    if (a.score != b.score) return a.score < b.score;
    return a.facility > b.facility;
  }
};

double score_of(double gain, double cost, bool cost_benefit) {
  if (!cost_benefit) return gain;
  if (cost <= 0) return gain > 0 ? std::numeric_limits<double>::infinity() : 0.0;
  return gain / cost;
}

}  // namespace

GreedyResult greedy(Interchange& state, QuotaState& quota, const GreedyOptions& options,
                    Progress& progress) {
  GreedyResult out;
  const auto& m = state.model();
  const auto& in = *m.instance;
  auto make = [&](std::uint32_t j) {
    const double g = state.gain(j);
    return Entry{score_of(g, in.facility_cost(j), options.cost_benefit), g, j};
  };
  std::vector<Entry> heap;
  for (std::uint32_t j = 0; j < m.facility_count(); ++j)
    if (m.is_candidate[j] && !state.is_open(j) && (options.allowed.empty() || options.allowed[j]))
      heap.push_back(make(j));
  std::priority_queue<Entry, std::vector<Entry>, Lower> queue(Lower{}, std::move(heap));

  std::vector<Entry> deferred;  // not in a deficient group while mins are unmet
  const std::size_t want = quota.k() > quota.named() ? quota.k() - quota.named() : 0;
  const std::size_t report_every = std::max<std::size_t>(1, want / 100);
  bool mins_abandoned = false;
  auto filling = [&] { return !mins_abandoned && quota.unmet_min() > 0; };
  auto release_deferred = [&] {
    for (auto& e : deferred) queue.push(e);
    deferred.clear();
  };

  while (quota.named() < quota.k() && state.objective() > options.stop_below) {
    if (queue.empty()) {
      if (deferred.empty()) break;
      // No candidate left that can fill a min: the mins cannot all be met; go on without them.
      if (filling()) out.notes.push_back("some quota minimums cannot be met");
      mins_abandoned = true;
      release_deferred();
    }
    Entry top = queue.top();
    queue.pop();
    if (state.is_open(top.facility) || quota.blocked_for_good(top.facility)) continue;
    if (filling() && !quota.fills_deficit(top.facility)) {
      deferred.push_back(top);
      continue;
    }
    if (top.gain != state.gain(top.facility)) {  // stale: re-read and re-queue
      queue.push(make(top.facility));
      continue;
    }
    if (top.gain <= 0 && !filling() && !options.fill_to_k) break;
    state.open(top.facility);
    quota.add(top.facility);
    out.picked.push_back(top.facility);
    out.gain.push_back(top.gain);
    if (!filling() && !deferred.empty()) release_deferred();
    if (out.picked.size() % report_every == 0)
      report_or_cancel(progress, static_cast<double>(out.picked.size()) / static_cast<double>(want),
                       "siting: greedy");
  }
  for (auto& s : quota.shortfalls()) out.notes.push_back(s);
  return out;
}

GreedyResult naming_order(const AssignModel& model, std::span<const std::uint32_t> sites,
                          Progress& progress) {
  std::vector<std::uint8_t> allowed(model.facility_count(), 0);
  for (auto j : sites) allowed[j] = 1;
  Interchange state(model);
  Instance free;  // no quotas, no budget: the set is chosen already
  free.existing = model.instance->existing;
  QuotaState quota(free, sites.size());
  GreedyOptions options;
  options.fill_to_k = true;
  options.allowed = allowed;
  return greedy(state, quota, options, progress);
}

}  // namespace sunplan::siting
