// Lagrangian bound of the capacitated maximal covering model (declared in lagrangian.hpp).
//
//   max sum_ij y_ij   s.t.  sum_j y_ij <= w_i              (demand i served at most once)
//                           sum_i y_ij <= C_j x_j          (capacity, C_j = min(cap, reach))
//                           0 <= y_ij <= w_i x_j, x within the rules, existing x_j = 1
//
// Relaxing "served at most once" with u_i in [0, w_i] (youth of point i, as in the MCLP
// bound) leaves one fractional knapsack per facility: V_j(u) = max sum_i (1 - u_i / w_i) y_ij
// with sum_i y_ij <= C_j, y_ij <= w_i, filled by the best (1 - u_i / w_i) first. Then
//   L(u) = sum_i u_i + sum_{existing j} V_j(u) + max_{x within the rules} sum V_j(u) x_j
// is at least the optimum for every u (Fisher 1981). At u = 0 it is the counting bound with
// the existing sites counted by capacity; the multipliers then charge youth that several
// chosen sites count twice, which the counting bound cannot see. The inner x problem keeps k,
// one quota level or the budget (selection.hpp), so at its best L equals the LP relaxation.
#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "capacitated_rows.hpp"
#include "selection.hpp"
#include "subgradient.hpp"
#include "sunplan/siting/lagrangian.hpp"

namespace sunplan::siting {

BoundResult cmclp_bound(const Instance& in, const ModelSpec& spec, double heuristic,
                        const LagrangianOptions& options, Progress& progress) {
  const auto start = std::chrono::steady_clock::now();
  const detail::CapacitatedRows m = detail::capacitated_rows(in, spec);
  const std::size_t n = m.weight.size(), f = in.facility_count();
  std::vector<std::uint32_t> cand;
  for (std::uint32_t j = 0; j < f; ++j)
    if (!in.existing[j]) cand.push_back(j);
  detail::Selection selection({&in, std::min(spec.k, cand.size()), spec.exactly, spec.budget},
                              cand);
  const double total = std::accumulate(m.weight.begin(), m.weight.end(), 0.0);
  std::vector<double> value(f, 0), x(f, 0), y(m.row_facility.size(), 0), profit(n, 0);
  // Per facility, its column positions in the order they were last filled (scratch).
  std::vector<std::uint64_t> order(m.cols.row.size());
  std::iota(order.begin(), order.end(), std::uint64_t{0});

  auto knapsack = [&](std::size_t j) {
    const auto b = m.cols.offsets[j], e = m.cols.offsets[j + 1];
    auto* first = order.data() + b;
    auto* last = order.data() + e;
    // Only youth with a positive profit are taken; when they all fit, no order is needed.
    auto* positive = std::partition(first, last, [&](auto p) { return profit[m.cols.row[p]] > 0; });
    double want = 0;
    for (auto* it = first; it != positive; ++it) want += m.weight[m.cols.row[*it]];
    if (want > m.capacity[j])
      std::sort(first, positive, [&](auto p, auto q) {
        const double a = profit[m.cols.row[p]], b = profit[m.cols.row[q]];
        return a != b ? a > b : p < q;
      });
    double room = m.capacity[j], v = 0;
    for (auto* it = first; it != last; ++it) {
      const auto i = m.cols.row[*it];
      const double take = profit[i] > 0 && room > 0 ? std::min(room, m.weight[i]) : 0.0;
      y[m.cols.entry[*it]] = take;
      room -= take;
      v += profit[i] * take;
    }
    value[j] = v;
  };
  // phi(u) = -L(u); its subgradient is (youth served by the chosen sites) - w_i per row.
  auto phi = [&](const std::vector<double>& u, std::vector<double>& g) {
    for (std::size_t i = 0; i < n; ++i) profit[i] = 1.0 - u[i] / m.weight[i];
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, f, 16), [&](const auto& r) {
      for (auto j = r.begin(); j < r.end(); ++j) knapsack(j);
    });
    double upper = 0;
    for (std::size_t i = 0; i < n; ++i) upper += u[i];
    for (std::uint32_t j = 0; j < f; ++j)
      if (in.existing[j]) upper += value[j];
    upper += selection.best(value, x);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const auto& r) {
      for (auto i = r.begin(); i < r.end(); ++i) {
        double served = 0;
        for (auto e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e) {
          const auto j = m.row_facility[e];
          served += (in.existing[j] ? 1.0 : x[j]) * y[e];
        }
        g[i] = served / m.weight[i] - 1.0;
      }
    });
    return -upper;
  };
  const std::vector<double> lo(n, 0.0), hi(m.weight);
  std::vector<double> u0(n, 0.0);
  if (options.warm_start.size() == n) u0 = options.warm_start;
  const auto dual = detail::maximise_dual(u0, lo, hi, phi, -heuristic, 1.0 - 1e-6, options,
                                          progress, "siting: cmclp lagrangian bound");
  BoundResult r;
  r.iterations = dual.iterations;
  r.multipliers = dual.best_u;
  // Served youth are an integer; round down with a margin for the floating-point sums.
  const double upper = -dual.best;
  r.bound = std::min(std::floor(upper + 1e-7 * std::max(1.0, std::abs(upper))), total);
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace sunplan::siting
