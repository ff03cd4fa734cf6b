#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "subproblem.hpp"
#include "sunplan/siting/evaluate.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/quota_state.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

namespace {

// Reach entries within the limit, by demand and by facility, with weighted costs.
struct Costs {
  std::vector<std::uint64_t> row_off{0}, col_off;
  std::vector<std::uint32_t> row_fac, col_dem;
  std::vector<double> row_cost, col_cost;  // unweighted cost
};

Costs make_costs(const Instance& in, float limit) {
  Costs c;
  const auto n = in.demand_count(), f = in.facility_count();
  std::vector<std::uint64_t> count(f + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      if (in.reach.cost[e] <= limit) {
        c.row_fac.push_back(in.reach.facility[e]);
        c.row_cost.push_back(in.reach.cost[e]);
        ++count[in.reach.facility[e] + 1];
      }
    c.row_off.push_back(c.row_fac.size());
  }
  c.col_off.assign(f + 1, 0);
  for (std::size_t j = 0; j < f; ++j) c.col_off[j + 1] = c.col_off[j] + count[j + 1];
  c.col_dem.resize(c.row_fac.size());
  c.col_cost.resize(c.row_fac.size());
  std::vector<std::uint64_t> fill(c.col_off.begin(), c.col_off.end() - 1);
  for (std::size_t i = 0; i < n; ++i)
    for (auto e = c.row_off[i]; e < c.row_off[i + 1]; ++e) {
      const auto p = fill[c.row_fac[e]]++;
      c.col_dem[p] = static_cast<std::uint32_t>(i);
      c.col_cost[p] = c.row_cost[e];
    }
  return c;
}

// Nearest and second-nearest open facility per demand (the dummy "unassigned" is always open).
struct Assign {
  std::vector<double> d1, d2;
  std::vector<std::uint32_t> a1;  // UINT32_MAX = unassigned
  double total = 0;
};

void assign(const Costs& c, const std::vector<std::int64_t>& w,
            const std::vector<std::uint8_t>& open, double penalty, Assign& a) {
  const auto n = w.size();
  a.d1.assign(n, penalty);
  a.d2.assign(n, penalty);
  a.a1.assign(n, UINT32_MAX);
  a.total = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (auto e = c.row_off[i]; e < c.row_off[i + 1]; ++e) {
      if (!open[c.row_fac[e]]) continue;
      const double d = c.row_cost[e];
      if (d < a.d1[i]) {
        a.d2[i] = a.d1[i];
        a.d1[i] = d;
        a.a1[i] = c.row_fac[e];
      } else if (d < a.d2[i]) {
        a.d2[i] = d;
      }
    }
    a.total += double(w[i]) * a.d1[i];
  }
}

}  // namespace

SitingResult solve_pmedian(const Instance& in, const ModelSpec& spec,
                           const HeuristicOptions& options, Progress& progress) {
  require_valid(in);
  SitingResult r;
  r.maximise = false;
  const auto n = in.demand_count();
  const auto f = in.facility_count();
  const std::vector<std::int64_t> w = spec.weight.empty() ? in.weight : spec.weight;
  const double penalty = spec.unassigned_cost;
  const Costs c = make_costs(in, spec.cover_limit);
  for (std::size_t i = 0; i < n; ++i) {
    r.total_weight += w[i];
    if (c.row_off[i] == c.row_off[i + 1]) r.unreachable_weight += w[i];
  }
  if (r.unreachable_weight > 0)
    r.notes.push_back(std::to_string(r.unreachable_weight) +
                      " youth have no facility in reach and pay the unassigned cost");

  std::vector<std::uint8_t> open(in.existing.begin(), in.existing.end());
  const std::size_t k = std::min(spec.k, f);
  QuotaState quota(in, k, spec.budget);
  Assign a;
  assign(c, w, open, penalty, a);
  std::vector<std::uint32_t> named;
  std::vector<double> gain(f, 0);

  // Greedy: cost reduction is submodular too; gains are recomputed each round in parallel.
  while (quota.named() < k) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, f), [&](auto rg) {
      for (auto j = rg.begin(); j < rg.end(); ++j) {
        double g = 0;
        if (!open[j])
          for (auto e = c.col_off[j]; e < c.col_off[j + 1]; ++e)
            g += double(w[c.col_dem[e]]) * std::max(0.0, a.d1[c.col_dem[e]] - c.col_cost[e]);
        gain[j] = g;
      }
    });
    const bool filling = quota.unmet_min() > 0;
    std::uint32_t best = UINT32_MAX;
    for (std::uint32_t j = 0; j < f; ++j) {
      if (open[j] || !quota.can_add(j) || (filling && !quota.fills_deficit(j))) continue;
      if (best == UINT32_MAX || gain[j] > gain[best]) best = j;
    }
    if (best == UINT32_MAX && filling) {
      r.notes.push_back("some quota minimums cannot be met");
      for (std::uint32_t j = 0; j < f; ++j)
        if (!open[j] && quota.can_add(j) && (best == UINT32_MAX || gain[j] > gain[best])) best = j;
    }
    if (best == UINT32_MAX || (gain[best] <= 0 && quota.unmet_min() == 0)) break;
    open[best] = 1;
    quota.add(best);
    named.push_back(best);
    assign(c, w, open, penalty, a);
    report_or_cancel(progress, double(named.size()) / double(k), "siting: p-median greedy");
  }
  r.method = "greedy";

  // Swap (Whitaker's fast interchange): for each candidate `in`, one pass over its column
  // gives the change for every `out` at once.
  if (options.swap && !named.empty()) {
    const auto start = std::chrono::steady_clock::now();
    std::vector<double> loss(f, 0), corr(f, 0);
    std::vector<std::uint32_t> touched;
    std::vector<std::uint8_t> is_named(f, 0);
    for (auto j : named) is_named[j] = 1;
    int passes = 0;
    std::int64_t swaps = 0;
    bool improved = true, stopped = false;
    while (improved && !stopped && passes < options.swap_options.max_passes) {
      improved = false;
      ++passes;
      for (std::uint32_t cand = 0; cand < f && !stopped; ++cand) {
        if (open[cand]) continue;
        std::fill(loss.begin(), loss.end(), 0.0);
        for (std::size_t i = 0; i < n; ++i)
          if (a.a1[i] != UINT32_MAX && is_named[a.a1[i]])
            loss[a.a1[i]] += double(w[i]) * (a.d2[i] - a.d1[i]);
        double base = 0;
        touched.clear();
        for (auto e = c.col_off[cand]; e < c.col_off[cand + 1]; ++e) {
          const auto i = c.col_dem[e];
          const double cost = c.col_cost[e], wi = double(w[i]);
          base += wi * std::max(0.0, a.d1[i] - cost);
          const auto o = a.a1[i];
          if (o != UINT32_MAX && is_named[o]) {
            if (corr[o] == 0) touched.push_back(o);
            corr[o] += wi * (std::min(a.d2[i], cost) - a.d1[i]) - wi * (a.d2[i] - a.d1[i]) +
                       wi * std::max(0.0, a.d1[i] - cost);
          }
        }
        double best_delta = -1e-9 * std::max(1.0, a.total);
        std::uint32_t best_out = UINT32_MAX;
        for (auto o : named) {
          const double d = loss[o] - base + corr[o];
          if (d < best_delta && quota.can_swap(o, cand)) {
            best_delta = d;
            best_out = o;
          }
        }
        for (auto o : touched) corr[o] = 0;
        if (best_out != UINT32_MAX) {
          open[best_out] = 0;
          is_named[best_out] = 0;
          quota.remove(best_out);
          open[cand] = 1;
          is_named[cand] = 1;
          quota.add(cand);
          std::replace(named.begin(), named.end(), best_out, cand);
          assign(c, w, open, penalty, a);
          ++swaps;
          improved = true;
        }
        if ((cand & 63) == 0) {
          report_or_cancel(progress, double(cand) / double(f), "siting: p-median swap");
          std::chrono::duration<double> el = std::chrono::steady_clock::now() - start;
          stopped = el.count() > options.swap_options.time_limit_seconds;
        }
      }
    }
    r.method += " + swap (" + std::to_string(swaps) + " swaps)";
  }

  // Naming order: re-add the chosen sites greedily and record each one's saving.
  {
    std::vector<std::uint8_t> o2(in.existing.begin(), in.existing.end());
    Assign a2;
    assign(c, w, o2, penalty, a2);
    std::vector<std::uint32_t> left = named;
    while (!left.empty()) {
      double best_g = -1;
      std::size_t best_n = 0;
      for (std::size_t t = 0; t < left.size(); ++t) {
        double g = 0;
        const auto j = left[t];
        for (auto e = c.col_off[j]; e < c.col_off[j + 1]; ++e)
          g += double(w[c.col_dem[e]]) * std::max(0.0, a2.d1[c.col_dem[e]] - c.col_cost[e]);
        if (g > best_g || (g == best_g && j < left[best_n])) {
          best_g = g;
          best_n = t;
        }
      }
      r.opened.push_back(left[best_n]);
      r.marginal_gain.push_back(-best_g);  // cost change (a saving is negative)
      o2[left[best_n]] = 1;
      left.erase(left.begin() + static_cast<std::ptrdiff_t>(best_n));
      assign(c, w, o2, penalty, a2);
    }
  }
  r.objective = a.total;
  r.cost_used = quota.cost_used();
  r.feasible = quota.unmet_min() == 0;

  // Lagrangian lower bound: relax "each demand assigned once" with multipliers u_i.
  // L(u) = sum_i u_i + sum_i min(0, w_i P - u_i) + sum_{open-fixed j} rho_j
  //        + min over k new sites of sum rho_j,  rho_j = sum_{i in col j} min(0, w_i c_ij - u_i)
  {
    std::vector<std::uint32_t> cand;
    for (std::uint32_t j = 0; j < f; ++j)
      if (!in.existing[j]) cand.push_back(j);
    std::vector<std::int32_t> lo, hi;
    if (!in.quotas.empty()) {
      lo = in.quotas[0].min_new;
      hi = in.quotas[0].max_new;
    }
    std::vector<double> u(n), rho(f), score(f), x(f), xb(f), s(n);
    for (std::size_t i = 0; i < n; ++i)
      u[i] = double(w[i]) * (c.row_off[i] < c.row_off[i + 1] ? c.row_cost[c.row_off[i]] : penalty);
    std::vector<std::uint32_t> order;
    double best = -std::numeric_limits<double>::infinity();
    double step = options.lagrangian.initial_step;
    int stall = 0, it = 0;
    const auto start = std::chrono::steady_clock::now();
    for (; it < options.lagrangian.max_iterations; ++it) {
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, f), [&](auto rg) {
        for (auto j = rg.begin(); j < rg.end(); ++j) {
          double sum = 0;
          for (auto e = c.col_off[j]; e < c.col_off[j + 1]; ++e)
            sum += std::min(0.0, double(w[c.col_dem[e]]) * c.col_cost[e] - u[c.col_dem[e]]);
          rho[j] = sum;
          score[j] = -sum;
        }
      });
      double value = 0;
      for (std::size_t i = 0; i < n; ++i)
        value += u[i] + std::min(0.0, double(w[i]) * penalty - u[i]);
      std::fill(x.begin(), x.end(), 0.0);
      for (std::uint32_t j = 0; j < f; ++j)
        if (in.existing[j]) {
          value += rho[j];
          x[j] = 1;
        }
      double inner = detail::best_cardinality(score, cand, k, in, lo, hi, order, x);
      if (std::isfinite(spec.budget)) {
        std::fill(xb.begin(), xb.end(), 0.0);
        for (std::uint32_t j = 0; j < f; ++j) xb[j] = in.existing[j] ? 1 : 0;
        const double vb = detail::best_budget(score, cand, spec.budget, in, order, xb);
        if (vb < inner) {
          inner = vb;
          x.swap(xb);
        }
      }
      value -= inner;
      if (it == 0 || value > best + 1e-9 * std::max(1.0, std::abs(best))) {
        best = value;
        stall = 0;
      } else if (++stall >= options.lagrangian.halve_after) {
        step /= 2;
        stall = 0;
      }
      if (a.total - best <= 1e-9 * std::max(1.0, a.total) || step < 1e-6) break;
      double norm = 0;
      for (std::size_t i = 0; i < n; ++i) {
        double assigned = double(w[i]) * penalty - u[i] < 0 ? 1 : 0;
        for (auto e = c.row_off[i]; e < c.row_off[i + 1]; ++e)
          if (double(w[i]) * c.row_cost[e] - u[i] < 0) assigned += x[c.row_fac[e]];
        s[i] = 1 - assigned;
        norm += s[i] * s[i];
      }
      if (norm == 0) break;
      const double t = step * std::max(a.total - value, 1e-9) / norm;
      for (std::size_t i = 0; i < n; ++i) u[i] += t * s[i];
      std::chrono::duration<double> el = std::chrono::steady_clock::now() - start;
      if (el.count() > options.lagrangian.time_limit_seconds) break;
    }
    // Sums of doubles: give back a relative hair so rounding cannot push the bound past the
    // optimum.
    r.bound = best - 1e-9 * std::max(1.0, std::abs(best));
    r.bound_method = "lagrangian (" + std::to_string(it) + " iterations)";
  }
  if (c.row_fac.size() * 2 <= options.lp_bound_max_nonzeros && r.bound < r.objective) {
    MipOptions mo;
    mo.lp_relaxation = true;
    mo.time_limit_seconds = options.lp_time_limit_seconds;
    ModelSpec s2 = spec;
    s2.kind = ModelKind::pmedian;
    auto lp = solve_mip(in, s2, mo, progress);
    const double lb = lp.bound - 1e-9 * std::max(1.0, std::abs(lp.bound));
    if (lp.feasible && lb > r.bound) {
      r.bound = lb;
      r.bound_method = "lp relaxation";
    }
  }
  if (!r.feasible) r.bound = std::min(r.bound, r.objective);
  finish_gap(r);
  return r;
}

}  // namespace sunplan::siting
