// The last stage of the fast solvers when a gap is left and the reduced model is small:
// CBC on the reduced model, started from the plan, with the candidates that Lagrangian
// reduced costs prove useless left out, within a few seconds. Internal to siting.
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting::detail {

// Runs CBC and keeps its plan and bound in r when better (adopt_better); the stage is
// recorded as "cbc polish".
void polish(const Instance& in, const ModelSpec& spec, const HeuristicOptions& options,
            const std::vector<std::uint8_t>& fixed_out, SitingResult& r, Progress& progress);

}  // namespace sunplan::siting::detail
