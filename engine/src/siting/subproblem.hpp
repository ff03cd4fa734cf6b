// The inner problem of the Lagrangian bounds: pick new sites maximising a non-negative score
// under k and quota level 0 (exact), or under the budget (fractional knapsack, an upper bound).
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting::detail {

// Best sum of c over x with at most k picks, quota level 0 mins and maxes (a partition
// constraint with lower bounds: greedy in descending c is optimal as every c >= 0).
inline double best_cardinality(const std::vector<double>& c, const std::vector<std::uint32_t>& cand,
                               std::size_t k, const Instance& in,
                               const std::vector<std::int32_t>& lo,
                               const std::vector<std::int32_t>& hi,
                               std::vector<std::uint32_t>& order, std::vector<double>& x) {
  order = cand;
  std::sort(order.begin(), order.end(),
            [&](auto a, auto b) { return c[a] != c[b] ? c[a] > c[b] : a < b; });
  const bool grouped = !in.quotas.empty();
  std::vector<std::int32_t> taken(lo.size(), 0);
  std::vector<std::uint32_t> optional;
  double value = 0;
  std::size_t forced = 0;
  for (auto j : order) {
    const auto g = grouped ? in.quotas[0].group[j] : kNone;
    if (g == kNone) {
      optional.push_back(j);
      continue;
    }
    if (taken[g] < lo[g]) {
      ++taken[g];
      ++forced;
      value += c[j];
      x[j] = 1;
    } else if (taken[g] < hi[g]) {
      ++taken[g];
      optional.push_back(j);
    }
  }
  for (std::size_t n = 0; n < optional.size() && forced + n < k; ++n) {
    value += c[optional[n]];
    x[optional[n]] = 1;
  }
  return value;
}

// Fractional knapsack: an upper bound on sum c x with sum cost x <= budget.
inline double best_budget(const std::vector<double>& c, const std::vector<std::uint32_t>& cand,
                          double budget, const Instance& in, std::vector<std::uint32_t>& order,
                          std::vector<double>& x) {
  order = cand;
  auto ratio = [&](std::uint32_t j) {
    const double cost = in.facility_cost(j);
    return cost <= 0 ? std::numeric_limits<double>::infinity() : c[j] / cost;
  };
  std::sort(order.begin(), order.end(), [&](auto a, auto b) {
    const double ra = ratio(a), rb = ratio(b);
    return ra != rb ? ra > rb : a < b;
  });
  double left = budget, value = 0;
  for (auto j : order) {
    const double cost = in.facility_cost(j);
    if (cost <= left) {
      x[j] = 1;
      value += c[j];
      left -= cost;
    } else {
      if (cost > 0 && left > 0) {
        x[j] = left / cost;
        value += c[j] * x[j];
      }
      break;
    }
  }
  return value;
}

}  // namespace sunplan::siting::detail
