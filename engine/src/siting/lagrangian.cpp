#include "sunplan/siting/lagrangian.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "selection.hpp"
#include "subgradient.hpp"

namespace sunplan::siting {

namespace {

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

template <class F>
void for_each_index(std::size_t n, F&& f) {
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const auto& r) {
    for (auto i = r.begin(); i < r.end(); ++i) f(i);
  });
}

detail::SelectionRules rules_of(const Instance& in, const ModelSpec& spec, std::size_t candidates) {
  return {&in, std::min(spec.k, candidates), spec.exactly, spec.budget};
}

std::vector<double> start_point(const LagrangianOptions& o, std::vector<double> fallback) {
  return o.warm_start.size() == fallback.size() ? o.warm_start : fallback;
}

// Sum over rows of a value; serial, so the result never depends on the thread count.
template <class F>
double row_sum(std::size_t n, F&& f) {
  double s = 0;
  for (std::size_t i = 0; i < n; ++i) s += f(i);
  return s;
}

}  // namespace

BoundResult mclp_bound(const CoverModel& m, const ModelSpec& spec, double heuristic,
                       const LagrangianOptions& options, Progress& progress) {
  const auto start = Clock::now();
  const auto cand = candidate_list(m);
  const std::size_t n = m.demand_count(), f = m.facility_count();
  detail::Selection selection(rules_of(*m.instance, spec, cand.size()), cand);
  std::vector<double> lo(n, 0), hi(n), u0(n), c(f, 0), x(f, 0);
  for (std::size_t i = 0; i < n; ++i) {
    hi[i] = static_cast<double>(m.weight[i]);
    u0[i] = hi[i] / static_cast<double>(m.row_offsets[i + 1] - m.row_offsets[i]);
  }
  const double total = std::accumulate(hi.begin(), hi.end(), 0.0);
  // phi(u) = -U(u): U(u) = sum (w - u) + max_x sum c_j x_j bounds the covered reduced weight.
  auto phi = [&](const std::vector<double>& u, std::vector<double>& g) {
    for_each_index(cand.size(), [&](std::size_t t) {
      double s = 0;
      for (auto i : m.covered_by(cand[t])) s += u[i];
      c[cand[t]] = s;
    });
    const double upper =
        total - row_sum(n, [&](std::size_t i) { return u[i]; }) + selection.best(c, x);
    for_each_index(n, [&](std::size_t i) {
      double cover = 0;
      for (auto j : m.covering(i)) cover += x[j];
      g[i] = 1.0 - cover;
    });
    return -upper;
  };
  const double reduced_heuristic = heuristic - static_cast<double>(m.fixed_weight);
  const auto dual =
      detail::maximise_dual(start_point(options, u0), lo, hi, phi, -reduced_heuristic, 1.0 - 1e-6,
                            options, progress, "siting: lagrangian bound");
  BoundResult r;
  r.iterations = dual.iterations;
  r.multipliers = dual.best_u;
  const double upper = static_cast<double>(m.fixed_weight) - dual.best;
  // Covered weight is an integer; round down, with a margin for the floating-point sums.
  r.bound = std::min(std::floor(upper + 1e-7 * std::max(1.0, std::abs(upper))),
                     static_cast<double>(m.fixed_weight) + total);
  if (selection.simple()) {  // reduced-cost fixing at the best multipliers
    std::vector<double> g(n);
    const double at_best = static_cast<double>(m.fixed_weight) - phi(dual.best_u, g);
    r.fixed_out.assign(f, 0);
    for (auto j : cand)
      if (x[j] < 0.5 && at_best + selection.flip_in(c[j]) < heuristic + 1 - 1e-6)
        r.fixed_out[j] = 1;
  }
  r.seconds = seconds_since(start);
  return r;
}

BoundResult lscp_bound(const CoverModel& m, const ModelSpec& spec, std::int64_t target,
                       double heuristic, const LagrangianOptions& options, Progress& progress) {
  const auto start = Clock::now();
  const auto cand = candidate_list(m);
  const std::size_t n = m.demand_count(), f = m.facility_count();
  detail::Selection selection(rules_of(*m.instance, spec, cand.size()), cand);
  const double need = static_cast<double>(target - m.fixed_weight);  // in the reduced rows
  const double total =
      static_cast<double>(std::accumulate(m.weight.begin(), m.weight.end(), std::int64_t{0}));
  const bool full = need >= total;
  std::vector<double> lo(n, 0), hi(n, 1e9), u0(n), s(f, 0), x(f, 0), z(n, 1.0);
  for (std::size_t i = 0; i < n; ++i)
    u0[i] = 1.0 / static_cast<double>(m.row_offsets[i + 1] - m.row_offsets[i]);
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  // z part: min sum u_i z_i with sum w_i z_i >= need, z in [0, 1] (fractional knapsack).
  auto z_part = [&](const std::vector<double>& u) {
    if (full) return row_sum(n, [&](std::size_t i) { return u[i]; });
    std::sort(order.begin(), order.end(), [&](auto a, auto b) {
      const double ra = u[a] / double(m.weight[a]), rb = u[b] / double(m.weight[b]);
      return ra != rb ? ra < rb : a < b;
    });
    double left = need, value = 0;
    for (auto i : order) {
      const double w = double(m.weight[i]);
      z[i] = left <= 0 ? 0.0 : std::min(1.0, left / w);
      value += u[i] * z[i];
      left -= w * z[i];
    }
    return value;
  };
  auto phi = [&](const std::vector<double>& u, std::vector<double>& g) {
    for_each_index(cand.size(), [&](std::size_t t) {
      double sum = 0;
      for (auto i : m.covered_by(cand[t])) sum += u[i];
      s[cand[t]] = sum - 1.0;
    });
    const double value = z_part(u) - selection.best(s, x);
    for_each_index(n, [&](std::size_t i) {
      double cover = 0;
      for (auto j : m.covering(i)) cover += x[j];
      g[i] = z[i] - cover;
    });
    return value;
  };
  BoundResult r;
  if (need <= 0) {
    std::vector<double> g(n);
    r.bound = std::max(0.0, std::ceil(phi(u0, g) - 1e-6));
    r.seconds = seconds_since(start);
    return r;
  }
  const auto dual =
      detail::maximise_dual(start_point(options, u0), lo, hi, phi, heuristic, 1.0 - 1e-6, options,
                            progress, "siting: lagrangian bound");
  r.iterations = dual.iterations;
  r.multipliers = dual.best_u;
  r.bound = std::max(0.0, std::ceil(dual.best - 1e-6 * std::max(1.0, std::abs(dual.best))));
  r.seconds = seconds_since(start);
  return r;
}

BoundResult pmedian_bound(const AssignModel& m, const ModelSpec& spec, double heuristic,
                          const LagrangianOptions& options, Progress& progress) {
  const auto start = Clock::now();
  std::vector<std::uint32_t> cand;
  for (std::uint32_t j = 0; j < m.facility_count(); ++j)
    if (m.is_candidate[j]) cand.push_back(j);
  const std::size_t n = m.demand_count(), f = m.facility_count();
  detail::Selection selection(rules_of(*m.instance, spec, cand.size()), cand);
  std::vector<double> lo(n), hi(n), u0(n), rho(f, 0), score(f, 0), x(f, 0);
  for (std::size_t i = 0; i < n; ++i) {
    const double w = static_cast<double>(m.weight[i]);
    const auto first = m.row_offsets[i], count = m.row_offsets[i + 1] - first;
    lo[i] = w * m.row_cost[first];
    hi[i] = w * m.penalty[i];
    u0[i] = w * m.row_cost[first + std::min<std::uint64_t>(count - 1, 1)];
  }
  // L(u) = constant + sum_i [u_i + min(0, w_i P_i - u_i)] + sum_{open j} rho_j
  //        + min over new sites of sum rho_j,  rho_j = sum_{i in col j} min(0, w_i d_ij - u_i)
  auto phi = [&](const std::vector<double>& u, std::vector<double>& g) {
    for_each_index(f, [&](std::size_t j) {
      double sum = 0;
      for (auto e = m.col_offsets[j]; e < m.col_offsets[j + 1]; ++e) {
        const auto i = m.col_demand[e];
        sum += std::min(0.0, static_cast<double>(m.weight[i]) * m.col_cost[e] - u[i]);
      }
      rho[j] = sum;
      score[j] = -sum;
    });
    double value =
        m.constant + row_sum(n, [&](std::size_t i) {
          return u[i] + std::min(0.0, static_cast<double>(m.weight[i]) * m.penalty[i] - u[i]);
        });
    for (std::uint32_t j = 0; j < f; ++j)
      if (m.fixed_open[j]) value += rho[j];
    value -= selection.best(score, x);
    for_each_index(n, [&](std::size_t i) {
      const double w = static_cast<double>(m.weight[i]);
      double assigned = w * m.penalty[i] < u[i] ? 1.0 : 0.0;
      for (auto e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e) {
        const auto j = m.row_facility[e];
        if (w * m.row_cost[e] < u[i]) assigned += m.fixed_open[j] ? 1.0 : x[j];
      }
      g[i] = 1.0 - assigned;
    });
    return value;
  };
  const double close = options.stop_gap * std::max(1.0, std::abs(heuristic));
  const auto dual = detail::maximise_dual(start_point(options, u0), lo, hi, phi, heuristic, close,
                                          options, progress, "siting: lagrangian bound");
  BoundResult r;
  r.iterations = dual.iterations;
  r.multipliers = dual.best_u;
  // Sums of doubles: give back a relative hair so rounding cannot push the bound past the
  // optimum.
  r.bound = dual.best - 1e-9 * std::max(1.0, std::abs(dual.best));
  if (selection.simple()) {
    std::vector<double> g(n);
    const double at_best = phi(dual.best_u, g) - 1e-9 * std::max(1.0, std::abs(dual.best));
    r.fixed_out.assign(f, 0);
    for (auto j : cand) {
      if (x[j] >= 0.5) r.chosen.push_back(j);
      if (x[j] < 0.5 && at_best - selection.flip_in(score[j]) > heuristic + close)
        r.fixed_out[j] = 1;
    }
  }
  r.seconds = seconds_since(start);
  return r;
}

}  // namespace sunplan::siting
