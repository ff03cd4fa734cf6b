// Subgradient optimisation of a Lagrangian dual (Held, Wolfe & Crowder 1974), internal to
// siting: maximise a concave piecewise-linear function phi(u) over a box, with the Polyak
// step t = mu (target - phi) / |g|^2 towards a known upper value (the heuristic's), mu halved
// when phi stops rising, and a deflected direction d = g + 0.5 d_prev (Camerini, Fratta &
// Maffioli 1975) that damps zig-zagging.
#pragma once

#include <functional>
#include <string_view>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/lagrangian.hpp"

namespace sunplan::siting::detail {

// Returns phi(u) and fills g with a subgradient at u.
using DualFunction = std::function<double(const std::vector<double>& u, std::vector<double>& g)>;

struct DualResult {
  double best = 0;             // largest phi seen: a valid bound
  std::vector<double> best_u;  // where it was seen
  int iterations = 0;
  bool converged = false;  // reached the target (within `close_enough`)
};

// u: starting point (warm start), kept within [lo, hi] per component. Stops when
// phi >= target - close_enough, or by the options' iteration, step and time limits.
DualResult maximise_dual(std::vector<double> u, const std::vector<double>& lo,
                         const std::vector<double>& hi, const DualFunction& phi, double target,
                         double close_enough, const LagrangianOptions& options, Progress& progress,
                         std::string_view stage);

}  // namespace sunplan::siting::detail
