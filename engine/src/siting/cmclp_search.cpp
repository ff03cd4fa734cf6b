#include "cmclp_search.hpp"

#include <algorithm>
#include <random>

#include "stages.hpp"

namespace sunplan::siting::detail {

namespace {

struct Plan {
  std::vector<std::uint32_t> named;
  ServedFlow flow;
};

// Candidates not named, by the unserved youth they reach (capped by capacity), most first.
std::vector<std::uint32_t> ranked_candidates(const Instance& in, const Columns& cols,
                                             const Plan& plan) {
  std::vector<std::uint8_t> is_named(in.facility_count(), 0);
  for (auto j : plan.named) is_named[j] = 1;
  std::vector<std::pair<std::int64_t, std::uint32_t>> ranked;
  for (std::uint32_t j = 0; j < in.facility_count(); ++j) {
    if (in.existing[j] || is_named[j]) continue;
    std::int64_t s = 0;
    for (auto i : cols.of(j)) s += plan.flow.unserved[i];
    s = std::min(s, in.facility_capacity(j));
    if (s > 0) ranked.push_back({-s, j});
  }
  std::sort(ranked.begin(), ranked.end());
  std::vector<std::uint32_t> out;
  for (auto [neg, j] : ranked) out.push_back(j);
  return out;
}

void replace_site(Plan& plan, QuotaState& quota, std::uint32_t out, std::uint32_t in) {
  quota.remove(out);
  quota.add(in);
  std::replace(plan.named.begin(), plan.named.end(), out, in);
}

// 1-swap descent: for each named site, from the least used, try the candidates with the
// most unserved youth in reach; keep the first swap that serves more, and start again.
int descend(const Instance& in, const ModelSpec& spec, const Columns& cols, QuotaState& quota,
            Plan& plan, const Stopwatch& clock, double seconds) {
  constexpr int kTriesPerSite = 8;
  int swaps = 0;
  for (bool improved = true; improved && clock.seconds() < seconds;) {
    improved = false;
    std::vector<std::uint32_t> order = plan.named;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
      const auto fa = plan.flow.per_site[a], fb = plan.flow.per_site[b];
      return fa != fb ? fa < fb : a < b;
    });
    const auto ranked = ranked_candidates(in, cols, plan);
    for (auto out : order) {
      int tried = 0;
      for (auto cand : ranked) {
        if (tried >= kTriesPerSite || clock.seconds() >= seconds) break;
        if (!quota.can_swap(out, cand)) continue;
        ++tried;
        std::vector<std::uint32_t> trial = plan.named;
        std::replace(trial.begin(), trial.end(), out, cand);
        auto flow = served_flow(in, spec, cols, trial);
        if (flow.served > plan.flow.served) {
          replace_site(plan, quota, out, cand);
          plan.flow = std::move(flow);
          ++swaps;
          improved = true;
          break;
        }
      }
      if (improved) break;  // the ranking changed: start a new round
    }
  }
  return swaps;
}

// `count` random swaps that keep the quotas: a named site out, a candidate that reaches
// unserved youth in (any candidate when none does).
void shake(const Instance& in, const Columns& cols, QuotaState& quota, Plan& plan, int count,
           std::mt19937_64& rng) {
  for (int t = 0; t < count; ++t) {
    auto pool = ranked_candidates(in, cols, plan);
    if (pool.empty())
      for (std::uint32_t j = 0; j < in.facility_count(); ++j)
        if (!in.existing[j] &&
            std::find(plan.named.begin(), plan.named.end(), j) == plan.named.end())
          pool.push_back(j);
    if (pool.empty() || plan.named.empty()) return;
    pool.resize(std::min<std::size_t>(pool.size(), 4 * plan.named.size() + 16));
    for (int attempt = 0; attempt < 32; ++attempt) {
      const auto out = plan.named[rng() % plan.named.size()];
      const auto cand = pool[rng() % pool.size()];
      if (!quota.can_swap(out, cand)) continue;
      replace_site(plan, quota, out, cand);
      break;
    }
  }
}

void restore(QuotaState& quota, Plan& plan, const Plan& to) {
  for (auto j : plan.named) quota.remove(j);
  for (auto j : to.named) quota.add(j);
  plan = to;
}

}  // namespace

CmclpSearchStats cmclp_search(const Instance& in, const ModelSpec& spec, const Columns& cols,
                              QuotaState& quota, std::vector<std::uint32_t>& named,
                              const SearchOptions& options, Progress& progress) {
  CmclpSearchStats stats;
  const Stopwatch clock;
  const double seconds = options.time_limit_seconds;
  Plan plan{named, served_flow(in, spec, cols, named)};
  stats.swaps += descend(in, spec, cols, quota, plan, clock, seconds);
  Plan best = plan;
  std::mt19937_64 rng(options.seed);
  int strength = 1, since_best = 0;
  const auto reached = [&] { return double(best.flow.served) >= options.target; };
  for (; stats.rounds < options.iterations && since_best < options.stall_rounds &&
         clock.seconds() < seconds && !reached() && !named.empty();
       ++stats.rounds, ++since_best) {
    report_or_cancel(progress, double(stats.rounds) / options.iterations, "siting: cmclp search");
    const Plan before = plan;
    shake(in, cols, quota, plan, strength, rng);
    plan.flow = served_flow(in, spec, cols, plan.named);
    stats.swaps += descend(in, spec, cols, quota, plan, clock, seconds);
    if (plan.flow.served > best.flow.served) {
      best = plan;
      ++stats.improvements;
      since_best = -1;
      strength = 1;
    } else {
      if (plan.flow.served < before.flow.served) restore(quota, plan, before);
      strength = strength % std::max(1, options.max_shake) + 1;
    }
  }
  restore(quota, plan, best);
  named = std::move(plan.named);
  return stats;
}

}  // namespace sunplan::siting::detail
