#include "sunplan/siting/mip.hpp"

#include <coin/Cbc_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <string>

#include "sunplan/core/error.hpp"
#include "sunplan/siting/evaluate.hpp"

namespace sunplan::siting {

namespace {

// A minimisation problem assembled column by column, then handed to CBC in CSC form.
struct Lp {
  std::vector<double> col_lo, col_hi, obj;
  std::vector<std::uint8_t> integer;
  std::vector<double> row_lo, row_hi;
  std::vector<std::vector<std::pair<int, double>>> cols;  // (row, value)

  int add_col(double lo, double hi, double c, bool is_int) {
    col_lo.push_back(lo);
    col_hi.push_back(hi);
    obj.push_back(c);
    integer.push_back(is_int);
    cols.emplace_back();
    return static_cast<int>(obj.size() - 1);
  }
  int add_row(double lo, double hi) {
    row_lo.push_back(lo);
    row_hi.push_back(hi);
    return static_cast<int>(row_lo.size() - 1);
  }
  void set(int row, int col, double v) { cols[col].push_back({row, v}); }
};

constexpr double kInf = 1e30;

}  // namespace

SitingResult solve_mip(const Instance& in, const ModelSpec& spec, const MipOptions& options,
                       Progress& progress) {
  require_valid(in);
  const auto start_time = std::chrono::steady_clock::now();
  report_or_cancel(progress, 0, "siting: mip");
  const auto n = in.demand_count(), f = in.facility_count();
  auto w = [&](std::size_t i) { return spec.weight.empty() ? in.weight[i] : spec.weight[i]; };
  const bool maximise = spec.kind == ModelKind::mclp || spec.kind == ModelKind::cmclp;
  const double sign = maximise ? -1.0 : 1.0;

  SitingResult r;
  r.maximise = maximise;
  r.method = options.lp_relaxation ? "lp relaxation (clp via cbc)" : "cbc";
  r.bound_method = options.lp_relaxation ? "lp" : "cbc";

  Lp lp;
  std::vector<int> xcol(f, -1);
  for (std::size_t j = 0; j < f; ++j)
    if (!in.existing[j]) xcol[j] = lp.add_col(0, 1, spec.kind == ModelKind::lscp ? 1.0 : 0.0, true);

  double constant = 0;  // objective part fixed by the existing bases (original sense)
  std::int64_t total = 0, unreachable = 0, fixed_cover = 0, reachable = 0;
  auto in_reach = [&](std::uint64_t e) { return in.reach.cost[e] <= spec.cover_limit; };

  if (spec.kind == ModelKind::mclp || spec.kind == ModelKind::lscp) {
    std::vector<std::pair<int, double>> target_terms;
    for (std::size_t i = 0; i < n; ++i) {
      if (w(i) == 0) continue;
      total += w(i);
      bool fixed = false, any = false;
      for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
        if (in_reach(e)) {
          any = true;
          fixed = fixed || in.existing[in.reach.facility[e]];
        }
      if (!any) {
        unreachable += w(i);
        continue;
      }
      reachable += w(i);
      if (fixed) {
        fixed_cover += w(i);
        continue;
      }
      const int z = lp.add_col(0, 1, spec.kind == ModelKind::mclp ? -double(w(i)) : 0.0, false);
      const int row = lp.add_row(-kInf, 0);
      lp.set(row, z, 1);
      for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
        if (in_reach(e)) lp.set(row, xcol[in.reach.facility[e]], -1);
      target_terms.push_back({z, double(w(i))});
    }
    if (spec.kind == ModelKind::mclp) constant = double(fixed_cover);
    if (spec.kind == ModelKind::lscp) {
      const auto target =
          static_cast<std::int64_t>(std::ceil(spec.target_share * double(reachable) - 1e-9));
      const int row = lp.add_row(double(target - fixed_cover), kInf);
      for (auto [z, v] : target_terms) lp.set(row, z, v);
    }
  } else if (spec.kind == ModelKind::cmclp) {
    std::vector<int> cap_row(f, -1);
    std::vector<double> reach_w(f, 0);
    for (std::size_t i = 0; i < n; ++i)
      for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
        if (in_reach(e)) reach_w[in.reach.facility[e]] += double(w(i));
    for (std::size_t j = 0; j < f; ++j) {
      const double cap = std::min<double>(double(in.facility_capacity(j)), reach_w[j]);
      if (in.existing[j]) {
        cap_row[j] = lp.add_row(-kInf, cap);
      } else {
        cap_row[j] = lp.add_row(-kInf, 0);
        lp.set(cap_row[j], xcol[j], -cap);
      }
    }
    for (std::size_t i = 0; i < n; ++i) {
      if (w(i) == 0) continue;
      total += w(i);
      int row = -1;
      for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e) {
        if (!in_reach(e)) continue;
        if (row < 0) row = lp.add_row(-kInf, double(w(i)));
        const auto j = in.reach.facility[e];
        const int y = lp.add_col(0, kInf, -1.0, false);
        lp.set(row, y, 1);
        lp.set(cap_row[j], y, 1);
        if (!in.existing[j]) {  // y <= w x: tightens the LP relaxation
          const int link = lp.add_row(-kInf, 0);
          lp.set(link, y, 1);
          lp.set(link, xcol[j], -double(w(i)));
        }
      }
      if (row < 0) unreachable += w(i);
    }
  } else {  // pmedian
    for (std::size_t i = 0; i < n; ++i) {
      if (w(i) == 0) continue;
      total += w(i);
      const int row = lp.add_row(1, 1);
      const int u = lp.add_col(0, 1, double(w(i)) * spec.unassigned_cost, false);
      lp.set(row, u, 1);
      bool any = false;
      for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e) {
        if (!in_reach(e)) continue;
        any = true;
        const auto j = in.reach.facility[e];
        const int y = lp.add_col(0, 1, double(w(i)) * double(in.reach.cost[e]), false);
        lp.set(row, y, 1);
        if (!in.existing[j]) {
          const int link = lp.add_row(-kInf, 0);
          lp.set(link, y, 1);
          lp.set(link, xcol[j], -1);
        }
      }
      if (!any) unreachable += w(i);
    }
  }

  // Side constraints on the new sites: k, quotas, budget.
  {
    const int card = lp.add_row(-kInf, spec.k >= f ? kInf : double(spec.k));
    for (std::size_t j = 0; j < f; ++j)
      if (xcol[j] >= 0) lp.set(card, xcol[j], 1);
    for (const auto& q : in.quotas) {
      std::vector<int> rows(q.min_new.size());
      for (std::size_t g = 0; g < rows.size(); ++g)
        rows[g] = lp.add_row(q.min_new[g], q.max_new[g] == kUnlimited ? kInf : q.max_new[g]);
      for (std::size_t j = 0; j < f; ++j)
        if (xcol[j] >= 0 && q.group[j] != kNone) lp.set(rows[q.group[j]], xcol[j], 1);
    }
    if (std::isfinite(spec.budget)) {
      const int row = lp.add_row(-kInf, spec.budget);
      for (std::size_t j = 0; j < f; ++j)
        if (xcol[j] >= 0) lp.set(row, xcol[j], in.facility_cost(j));
    }
  }

  // CSC arrays.
  std::vector<int> starts{0}, index;
  std::vector<double> value;
  for (auto& col : lp.cols) {
    for (auto [row, v] : col) {
      index.push_back(row);
      value.push_back(v);
    }
    starts.push_back(static_cast<int>(index.size()));
  }
  std::unique_ptr<Cbc_Model, decltype(&Cbc_deleteModel)> model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_Model* cbc = model.get();
  Cbc_loadProblem(cbc, static_cast<int>(lp.obj.size()), static_cast<int>(lp.row_lo.size()),
                  starts.data(), index.data(), value.data(), lp.col_lo.data(), lp.col_hi.data(),
                  lp.obj.data(), lp.row_lo.data(), lp.row_hi.data());
  if (!options.lp_relaxation)
    for (std::size_t c = 0; c < lp.obj.size(); ++c)
      if (lp.integer[c]) Cbc_setInteger(cbc, static_cast<int>(c));
  Cbc_setLogLevel(cbc, 0);
  Cbc_setMaximumSeconds(cbc, options.time_limit_seconds);
  if (!options.start.empty() && !options.lp_relaxation) {
    std::vector<int> idx;
    std::vector<double> val;
    for (auto j : options.start)
      if (xcol[j] >= 0) {
        idx.push_back(xcol[j]);
        val.push_back(1);
      }
    Cbc_setMIPStartI(cbc, static_cast<int>(idx.size()), idx.data(), val.data());
  }
  Cbc_solve(cbc);
  report_or_cancel(progress, 1, "siting: mip");

  r.total_weight = total;
  r.unreachable_weight = unreachable;
  const double best_possible = Cbc_getBestPossibleObjValue(cbc);
  if (options.lp_relaxation) {
    if (!Cbc_isProvenOptimal(cbc)) {
      r.feasible = false;
      r.notes.push_back("lp relaxation not solved to optimality");
      r.bound = maximise ? kInf : -kInf;
    } else {
      r.bound = sign * Cbc_getObjValue(cbc) + constant;
    }
    r.objective = r.bound;
    return r;
  }
  const double* sol = Cbc_bestSolution(cbc);
  r.proven_optimal = Cbc_isProvenOptimal(cbc) != 0;
  if (Cbc_isProvenInfeasible(cbc) || sol == nullptr) {
    r.feasible = false;
    r.notes.push_back(Cbc_isProvenInfeasible(cbc) ? "the model is infeasible"
                                                  : "no feasible plan found in the time limit");
    r.bound = std::isfinite(best_possible) ? sign * best_possible + constant : 0;
    r.objective = maximise ? 0 : kInf;
    r.proven_optimal = false;
    return r;
  }
  for (std::size_t j = 0; j < f; ++j)
    if (xcol[j] >= 0 && sol[xcol[j]] > 0.5) {
      r.opened.push_back(static_cast<std::uint32_t>(j));
      r.cost_used += in.facility_cost(j);
    }
  switch (spec.kind) {
    case ModelKind::mclp:
      r.covered_weight = covered_weight(in, spec, r.opened);
      r.objective = double(r.covered_weight);
      break;
    case ModelKind::lscp:
      r.covered_weight = covered_weight(in, spec, r.opened);
      r.objective = double(r.opened.size());
      break;
    case ModelKind::cmclp:
      r.covered_weight = served_weight(in, spec, r.opened);
      r.objective = double(r.covered_weight);
      break;
    case ModelKind::pmedian:
      r.objective = pmedian_cost(in, spec, r.opened);
      break;
  }
  r.marginal_gain.assign(r.opened.size(), 0.0);
  // CBC's bound is on the LP objective; integer objectives may round it.
  double bound = r.proven_optimal ? r.objective : sign * best_possible + constant;
  if (spec.kind != ModelKind::pmedian)
    bound = maximise ? std::floor(bound + 1e-6) : std::ceil(bound - 1e-6);
  r.bound = maximise ? std::max(bound, r.objective) : std::min(bound, r.objective);
  if (!r.proven_optimal) r.notes.push_back("cbc stopped at the time limit before proving");
  std::chrono::duration<double> el = std::chrono::steady_clock::now() - start_time;
  r.notes.push_back("cbc seconds: " + std::to_string(el.count()));
  finish_gap(r);
  return r;
}

}  // namespace sunplan::siting
