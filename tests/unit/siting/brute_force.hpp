// Enumerates every set of new sites (up to k of them) that keeps quotas and the budget: the
// independent oracle for tiny instances.
#pragma once

#include <cstdint>
#include <functional>
#include <limits>
#include <vector>

#include "sunplan/siting/evaluate.hpp"

namespace sunplan::siting::test {

inline bool keeps_rules(const Instance& in, const ModelSpec& spec,
                        const std::vector<std::uint32_t>& sites) {
  if (sites.size() > spec.k) return false;
  double cost = 0;
  for (auto j : sites) cost += in.facility_cost(j);
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

inline Optimum brute_force(const Instance& in, const ModelSpec& spec) {
  const bool maximise = spec.kind == ModelKind::mclp || spec.kind == ModelKind::cmclp;
  Optimum best{maximise ? -1.0 : std::numeric_limits<double>::infinity()};
  std::int64_t reachable = 0;
  if (spec.kind == ModelKind::lscp) {
    std::vector<std::uint32_t> all;
    for (std::uint32_t j = 0; j < in.facility_count(); ++j) all.push_back(j);
    reachable = covered_weight(in, spec, all);
  }
  const auto target =
      static_cast<std::int64_t>(std::ceil(spec.target_share * double(reachable) - 1e-9));
  for_each_plan(in, spec, [&](const std::vector<std::uint32_t>& s) {
    double v = 0;
    switch (spec.kind) {
      case ModelKind::mclp:
        v = double(covered_weight(in, spec, s));
        break;
      case ModelKind::cmclp:
        v = double(served_weight(in, spec, s));
        break;
      case ModelKind::pmedian:
        v = pmedian_cost(in, spec, s);
        break;
      case ModelKind::lscp:
        if (covered_weight(in, spec, s) < target) return;
        v = double(s.size());
        break;
    }
    if (maximise ? v > best.value : v < best.value) best.value = v;
    best.feasible = true;
  });
  return best;
}

}  // namespace sunplan::siting::test
