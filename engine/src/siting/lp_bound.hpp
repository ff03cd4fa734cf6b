// Bounds from the LP relaxation of the reduced model (Clp's dual simplex), internal to
// siting. When Clp proves the LP optimum, that value (rounded for integer objectives) is the
// bound; when it stops at its time limit, its row duals are taken as Lagrangian multipliers
// and the Lagrangian function is evaluated there, which is a valid bound at any point.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formulation.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::siting::detail {

struct LpSolution {
  bool optimal = false;
  double value = 0;          // reported objective of the LP optimum (when optimal)
  std::vector<double> dual;  // per row
  std::string status;
};

LpSolution solve_lp(const Formulation& f, double seconds);

struct LpBound {
  double bound = 0;
  std::string status;
};

LpBound lp_bound_mclp(const CoverModel& m, const ModelSpec& spec, double seconds,
                      Progress& progress);
LpBound lp_bound_lscp(const CoverModel& m, const ModelSpec& spec, std::int64_t target,
                      double seconds, Progress& progress);
LpBound lp_bound_pmedian(const AssignModel& m, const ModelSpec& spec, double seconds,
                         Progress& progress);

}  // namespace sunplan::siting::detail
