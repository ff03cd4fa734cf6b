// Enumerates every set of new sites (up to k of them, exactly k when asked) that keeps quotas
// and the budget, and scores each from the instance alone: the independent oracle for tiny
// instances. Shares no code with the production solvers or evaluators (its own coverage
// count, p-median cost and max flow).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <vector>

#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting::test {

inline std::int64_t weight_at(const Instance& in, const ModelSpec& spec, std::size_t i) {
  return spec.weight.empty() ? in.weight[i] : spec.weight[i];
}

inline std::vector<bool> open_with(const Instance& in, const std::vector<std::uint32_t>& sites) {
  std::vector<bool> open(in.facility_count());
  for (std::size_t j = 0; j < open.size(); ++j) open[j] = in.existing[j] != 0;
  for (auto j : sites) open[j] = true;
  return open;
}

inline std::int64_t brute_covered(const Instance& in, const ModelSpec& spec,
                                  const std::vector<std::uint32_t>& sites) {
  const auto open = open_with(in, sites);
  std::int64_t covered = 0;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    bool any = false;
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      any = any || (in.reach.cost[e] <= spec.cover_limit && open[in.reach.facility[e]]);
    if (any) covered += weight_at(in, spec, i);
  }
  return covered;
}

inline double brute_pmedian(const Instance& in, const ModelSpec& spec,
                            const std::vector<std::uint32_t>& sites) {
  const auto open = open_with(in, sites);
  double total = 0;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    double best =
        spec.unassigned_cost_of.empty() ? spec.unassigned_cost : spec.unassigned_cost_of[i];
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= spec.cover_limit && open[in.reach.facility[e]])
        best = std::min(best, double(in.reach.cost[e]));
    total += double(weight_at(in, spec, i)) * best;
  }
  return total;
}

// Youth served under capacity: augmenting paths (Edmonds–Karp) on a dense capacity matrix.
inline std::int64_t brute_served(const Instance& in, const ModelSpec& spec,
                                 const std::vector<std::uint32_t>& sites) {
  const auto open = open_with(in, sites);
  const std::size_t n = in.demand_count(), f = in.facility_count(), nodes = n + f + 2;
  const std::size_t s = n + f, t = n + f + 1;
  std::vector<std::vector<std::int64_t>> cap(nodes, std::vector<std::int64_t>(nodes, 0));
  for (std::size_t i = 0; i < n; ++i) {
    cap[s][i] = weight_at(in, spec, i);
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= spec.cover_limit && open[in.reach.facility[e]])
        cap[i][n + in.reach.facility[e]] = weight_at(in, spec, i);
  }
  for (std::size_t j = 0; j < f; ++j)
    if (open[j])
      cap[n + j][t] =
          in.capacity.empty() ? std::numeric_limits<std::int64_t>::max() / 4 : in.capacity[j];
  std::int64_t flow = 0;
  while (true) {
    std::vector<std::size_t> parent(nodes, nodes);
    parent[s] = s;
    std::queue<std::size_t> q;
    q.push(s);
    while (!q.empty() && parent[t] == nodes) {
      const auto v = q.front();
      q.pop();
      for (std::size_t u = 0; u < nodes; ++u)
        if (cap[v][u] > 0 && parent[u] == nodes) {
          parent[u] = v;
          q.push(u);
        }
    }
    if (parent[t] == nodes) return flow;
    std::int64_t push = std::numeric_limits<std::int64_t>::max();
    for (auto v = t; v != s; v = parent[v]) push = std::min(push, cap[parent[v]][v]);
    for (auto v = t; v != s; v = parent[v]) {
      cap[parent[v]][v] -= push;
      cap[v][parent[v]] += push;
    }
    flow += push;
  }
}

inline bool keeps_rules(const Instance& in, const ModelSpec& spec,
                        const std::vector<std::uint32_t>& sites) {
  if (sites.size() > spec.k) return false;
  std::size_t candidates = 0;
  for (auto e : in.existing) candidates += e ? 0 : 1;
  if (spec.exactly && sites.size() != std::min(spec.k, candidates)) return false;
  double cost = 0;
  for (auto j : sites) cost += in.cost.empty() ? 1.0 : in.cost[j];
  if (cost > spec.budget + 1e-9) return false;
  for (const auto& q : in.quotas) {
    std::vector<std::int32_t> count(q.min_new.size(), 0);
    for (auto j : sites)
      if (q.group[j] != kNone) ++count[q.group[j]];
    for (std::size_t g = 0; g < count.size(); ++g)
      if (count[g] < q.min_new[g] || count[g] > q.max_new[g]) return false;
  }
  return true;
}

// Visits every rule-keeping set of candidate sites with at most k members.
inline void for_each_plan(const Instance& in, const ModelSpec& spec,
                          const std::function<void(const std::vector<std::uint32_t>&)>& visit) {
  std::vector<std::uint32_t> cand;
  for (std::uint32_t j = 0; j < in.facility_count(); ++j)
    if (!in.existing[j]) cand.push_back(j);
  std::vector<std::uint32_t> cur;
  std::function<void(std::size_t)> rec = [&](std::size_t from) {
    if (keeps_rules(in, spec, cur)) visit(cur);
    if (cur.size() == spec.k) return;
    for (std::size_t t = from; t < cand.size(); ++t) {
      cur.push_back(cand[t]);
      rec(t + 1);
      cur.pop_back();
    }
  };
  rec(0);
}

struct Optimum {
  double value;
  bool feasible = false;
};

// The objective of a plan, as the model defines it.
inline double brute_value(const Instance& in, const ModelSpec& spec,
                          const std::vector<std::uint32_t>& s) {
  switch (spec.kind) {
    case ModelKind::mclp:
      return double(brute_covered(in, spec, s));
    case ModelKind::cmclp:
      return double(brute_served(in, spec, s));
    case ModelKind::pmedian:
      return brute_pmedian(in, spec, s);
    case ModelKind::lscp:
      return double(s.size());
  }
  return 0;
}

// LSCP's target: target_share of the youth some facility can reach.
inline std::int64_t brute_target(const Instance& in, const ModelSpec& spec) {
  std::vector<std::uint32_t> all;
  for (std::uint32_t j = 0; j < in.facility_count(); ++j) all.push_back(j);
  const auto reachable = brute_covered(in, spec, all);
  return static_cast<std::int64_t>(std::ceil(spec.target_share * double(reachable) - 1e-9));
}

inline Optimum brute_force(const Instance& in, const ModelSpec& spec) {
  const bool maximise = spec.kind == ModelKind::mclp || spec.kind == ModelKind::cmclp;
  Optimum best{maximise ? -1.0 : std::numeric_limits<double>::infinity()};
  const auto target = spec.kind == ModelKind::lscp ? brute_target(in, spec) : 0;
  for_each_plan(in, spec, [&](const std::vector<std::uint32_t>& s) {
    if (spec.kind == ModelKind::lscp && brute_covered(in, spec, s) < target) return;
    const double v = brute_value(in, spec, s);
    if (maximise ? v > best.value : v < best.value) best.value = v;
    best.feasible = true;
  });
  return best;
}

}  // namespace sunplan::siting::test
