// Lexicographic plan: first cover all urban youth within reach (set covering on the urban
// demand, fewest sites), then spend the rest of k on rural youth (maximal covering with the
// urban-phase sites open). Quota maxima and the budget hold across both phases; quota
// minimums are filled in the rural phase. Each phase is a full solve (solve.hpp): reduced,
// searched, bounded, and by CBC when asked.
//
//   UrbanFirstResult p = solve_urban_first(instance, spec, {}, progress);   // spec.k = total
//   name(p.opened);   // urban-phase sites first, then rural, each in greedy order
#pragma once

#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {

struct UrbanFirstResult {
  SitingResult urban;  // minimise sites; objective = sites used
  SitingResult rural;  // maximise rural youth in reach given the urban sites; proven bound
  std::vector<std::uint32_t> opened;  // urban phase then rural phase
  std::vector<double> marginal_gain;  // youth newly in reach, phase by phase
};

// Needs instance.demand_class; unknown-class demand is counted as rural.
UrbanFirstResult solve_urban_first(const Instance& in, const ModelSpec& spec,
                                   const SolveOptions& options, Progress& progress);

}  // namespace sunplan::siting
