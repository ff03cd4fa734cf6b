#include "lp_bound.hpp"

#include <coin/Clp_C_Interface.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>

#include "sunplan/siting/lagrangian.hpp"

namespace sunplan::siting::detail {

LpSolution solve_lp(const Formulation& f, double seconds) {
  std::vector<int> starts, index;
  std::vector<double> value;
  f.csc(starts, index, value);
  std::unique_ptr<Clp_Simplex, decltype(&Clp_deleteModel)> model(Clp_newModel(), Clp_deleteModel);
  Clp_Simplex* clp = model.get();
  Clp_setLogLevel(clp, 0);
  Clp_loadProblem(clp, static_cast<int>(f.obj.size()), static_cast<int>(f.row_lo.size()),
                  starts.data(), index.data(), value.data(), f.col_lo.data(), f.col_hi.data(),
                  f.obj.data(), f.row_lo.data(), f.row_hi.data());
  // Clp's own limit counts CPU time; on a busy machine that lets a run last several times
  // longer. Iterate in chunks and check the wall clock between them (each call continues
  // from the basis the previous one left).
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  constexpr int kChunk = 2000;
  Clp_setMaximumSeconds(clp, std::max(0.1, seconds));
  do {
    Clp_setMaximumIterations(clp, Clp_numberIterations(clp) + kChunk);
    Clp_dual(clp, 0);
  } while (Clp_status(clp) == 3 && elapsed() < seconds);
  LpSolution s;
  s.optimal = Clp_isProvenOptimal(clp) != 0;
  s.status = s.optimal ? "optimal"
                       : "stopped before optimal (status " + std::to_string(Clp_status(clp)) + ")";
  if (s.optimal) s.value = f.constant + f.sign * Clp_objectiveValue(clp);
  const double* dual = Clp_dualRowSolution(clp);
  if (dual) s.dual.assign(dual, dual + f.row_lo.size());
  return s;
}

namespace {

std::vector<double> multipliers(const Formulation& f, const LpSolution& s) {
  std::vector<double> u(f.link_row.size(), 0);
  if (s.dual.empty()) return u;
  for (std::size_t r = 0; r < u.size(); ++r) u[r] = std::abs(s.dual[f.link_row[r]]);
  return u;
}

LagrangianOptions evaluate_once(std::vector<double> u) {
  LagrangianOptions o;
  o.max_iterations = 1;
  o.warm_start = std::move(u);
  return o;
}

}  // namespace

LpBound lp_bound_mclp(const CoverModel& m, const ModelSpec& spec, double seconds,
                      Progress& progress) {
  const auto f = mclp_formulation(m, spec);
  const auto s = solve_lp(f, seconds);
  if (s.optimal)
    return {std::floor(s.value + 1e-7 * std::max(1.0, std::abs(s.value))), "lp optimal"};
  const auto b = mclp_bound(m, spec, 0, evaluate_once(multipliers(f, s)), progress);
  return {b.bound, s.status + "; lagrangian at its duals"};
}

LpBound lp_bound_lscp(const CoverModel& m, const ModelSpec& spec, std::int64_t target,
                      double seconds, Progress& progress) {
  const auto f = lscp_formulation(m, spec, target);
  const auto s = solve_lp(f, seconds);
  if (s.optimal)
    return {std::ceil(s.value - 1e-7 * std::max(1.0, std::abs(s.value))), "lp optimal"};
  const auto b = lscp_bound(m, spec, target, 0, evaluate_once(multipliers(f, s)), progress);
  return {b.bound, s.status + "; lagrangian at its duals"};
}

LpBound lp_bound_pmedian(const AssignModel& m, const ModelSpec& spec, double seconds,
                         Progress& progress) {
  const auto f = pmedian_formulation(m, spec);
  const auto s = solve_lp(f, seconds);
  if (s.optimal) return {s.value - 1e-9 * std::max(1.0, std::abs(s.value)), "lp optimal"};
  const auto b = pmedian_bound(m, spec, 0, evaluate_once(multipliers(f, s)), progress);
  return {b.bound, s.status + "; lagrangian at its duals"};
}

}  // namespace sunplan::siting::detail
