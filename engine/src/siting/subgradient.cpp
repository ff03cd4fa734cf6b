#include "subgradient.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

namespace sunplan::siting::detail {

namespace {
constexpr std::size_t kGrain = 4096;  // fixed blocks: sums do not depend on the thread count
}

DualResult maximise_dual(std::vector<double> u, const std::vector<double>& lo,
                         const std::vector<double>& hi, const DualFunction& phi, double target,
                         double close_enough, const LagrangianOptions& options, Progress& progress,
                         std::string_view stage) {
  const auto start = std::chrono::steady_clock::now();
  const std::size_t n = u.size();
  for (std::size_t i = 0; i < n; ++i) u[i] = std::clamp(u[i], lo[i], hi[i]);
  std::vector<double> g(n, 0), d(n, 0);
  DualResult r;
  r.best = -std::numeric_limits<double>::infinity();
  double mu = options.initial_step;
  int stall = 0;
  for (int it = 0; it < options.max_iterations; ++it) {
    const double v = phi(u, g);
    r.iterations = it + 1;
    const bool first = it == 0;
    if (first || v > r.best + 1e-12 * std::max(1.0, std::abs(r.best))) {
      if (first || v > r.best + 1e-6 * std::max(1.0, std::abs(r.best))) stall = 0;
      r.best = v;
      r.best_u = u;
    }
    if (++stall > options.halve_after) {
      mu /= 2;
      stall = 0;
    }
    if (r.best >= target - close_enough) {
      r.converged = true;
      break;
    }
    if (mu < options.min_step) break;
    const double keep = options.deflection;
    const double norm = tbb::parallel_deterministic_reduce(
        tbb::blocked_range<std::size_t>(0, n, kGrain), 0.0,
        [&](const auto& range, double sum) {
          for (auto i = range.begin(); i < range.end(); ++i) {
            d[i] = g[i] + keep * d[i];
            // A component pinned at its bound and pushing outwards cannot move.
            if ((u[i] <= lo[i] && d[i] < 0) || (u[i] >= hi[i] && d[i] > 0)) d[i] = 0;
            sum += d[i] * d[i];
          }
          return sum;
        },
        [](double a, double b) { return a + b; });
    if (norm <= 0) {  // zero subgradient: u maximises phi
      r.converged = true;
      break;
    }
    const double t = mu * std::max(target - v, 1e-9 * std::max(1.0, std::abs(target))) / norm;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain), [&](const auto& range) {
      for (auto i = range.begin(); i < range.end(); ++i)
        u[i] = std::clamp(u[i] + t * d[i], lo[i], hi[i]);
    });
    if ((it & 7) == 0) {
      report_or_cancel(progress, double(it + 1) / options.max_iterations, stage);
      const std::chrono::duration<double> el = std::chrono::steady_clock::now() - start;
      if (el.count() > options.time_limit_seconds) break;
    }
  }
  if (r.best_u.empty()) r.best_u = u;
  return r;
}

}  // namespace sunplan::siting::detail
