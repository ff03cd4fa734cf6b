#include "sunplan/siting/lagrangian.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "subproblem.hpp"

namespace sunplan::siting {

BoundResult mclp_lagrangian_bound(const CoverModel& m, std::size_t k_new, double budget,
                                  std::span<const std::uint32_t> named_before,
                                  std::int64_t lower_bound, const LagrangianOptions& options,
                                  Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const auto& in = *m.instance;
  const auto n = m.demand_count();
  const auto f = m.facility_count();

  // Demand already covered by a fixed site is constant; demand with no candidate is lost.
  double fixed_value = 0;
  std::vector<std::uint32_t> free_demand;
  std::vector<std::uint8_t> is_free(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (m.weight[i] == 0) continue;
    bool fixed = false, candidate = false;
    for (auto j : m.covering(i)) {
      fixed = fixed || m.fixed_open[j];
      candidate = candidate || m.is_candidate[j];
    }
    if (fixed)
      fixed_value += static_cast<double>(m.weight[i]);
    else if (candidate) {
      free_demand.push_back(static_cast<std::uint32_t>(i));
      is_free[i] = 1;
    }
  }
  std::vector<std::uint32_t> cand;
  for (std::uint32_t j = 0; j < f; ++j)
    if (m.is_candidate[j]) cand.push_back(j);

  std::vector<std::int32_t> lo, hi;
  if (!in.quotas.empty()) {
    const auto& q = in.quotas[0];
    lo = q.min_new;
    hi = q.max_new;
    for (auto j : named_before)
      if (q.group[j] != kNone) {
        --lo[q.group[j]];
        if (hi[q.group[j]] != kUnlimited) --hi[q.group[j]];
      }
    for (auto& v : lo) v = std::max(v, 0);
  }

  std::vector<double> u(n, 0), c(f, 0), x(f, 0), xb(f, 0), s(n, 0);
  for (auto i : free_demand) u[i] = static_cast<double>(m.weight[i]);
  std::vector<std::uint32_t> order;
  BoundResult result;
  double best = std::numeric_limits<double>::infinity();
  double step = options.initial_step;
  int stall = 0;
  const double target = static_cast<double>(lower_bound) - fixed_value;

  for (int it = 0; it < options.max_iterations; ++it) {
    result.iterations = it + 1;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, cand.size()), [&](auto r) {
      for (auto t = r.begin(); t < r.end(); ++t) {
        const auto j = cand[t];
        double sum = 0;
        for (auto i : m.covered_by(j))
          if (is_free[i]) sum += u[i];
        c[j] = sum;
      }
    });
    double value = 0;
    for (auto i : free_demand) value += std::max(0.0, static_cast<double>(m.weight[i]) - u[i]);
    std::fill(x.begin(), x.end(), 0.0);
    double inner = detail::best_cardinality(c, cand, k_new, in, lo, hi, order, x);
    if (std::isfinite(budget)) {
      std::fill(xb.begin(), xb.end(), 0.0);
      const double vb = detail::best_budget(c, cand, budget, in, order, xb);
      if (vb < inner) {
        inner = vb;
        x.swap(xb);
      }
    }
    value += inner;
    if (value < best - 1e-9) {
      best = value;
      stall = 0;
    } else if (++stall >= options.halve_after) {
      step /= 2;
      stall = 0;
    }
    // Weights are integers: a bound below the heuristic value + 1 proves optimality.
    if (best + fixed_value < static_cast<double>(lower_bound) + 1 - 1e-6) break;
    if (step < 1e-5) break;

    double norm = 0;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, free_demand.size()), [&](auto r) {
      for (auto t = r.begin(); t < r.end(); ++t) {
        const auto i = free_demand[t];
        double cover = 0;
        for (auto j : m.covering(i)) cover += x[j];
        const double z = static_cast<double>(m.weight[i]) > u[i] ? 1.0 : 0.0;
        s[i] = cover - z;
      }
    });
    for (auto i : free_demand) norm += s[i] * s[i];
    if (norm == 0) break;  // x covers exactly what z takes: L(u) is the optimum of the relaxation
    const double t = step * std::max(value - target, 1e-3) / norm;
    for (auto i : free_demand) u[i] = std::max(0.0, u[i] - t * s[i]);

    report_or_cancel(progress, static_cast<double>(it + 1) / options.max_iterations,
                     "siting: lagrangian bound");
    std::chrono::duration<double> el = std::chrono::steady_clock::now() - start;
    if (el.count() > options.time_limit_seconds) break;
  }
  const double total = best + fixed_value;
  // Covered weight is an integer; round down, with a margin for the floating-point sums.
  result.bound = std::floor(total + 1e-7 * std::max(1.0, std::abs(total)));
  return result;
}

}  // namespace sunplan::siting
