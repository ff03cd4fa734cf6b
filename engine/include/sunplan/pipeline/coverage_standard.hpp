// What a figure was measured against: the coverage standard of the run's figures ([catchment]:
// each base's radius by type and class, or travel time) and that of a siting objective (which may
// be its own: [siting] radius_m / --radius, cutoff_min / --minutes, p-median's radius). Reports
// and JSON name both, so "in reach 3208 → 3875" is never read as the objective's standard.
//
//   const CoverageStandard f = figures_standard(run);     // in_reach, served, before/after
//   const CoverageStandard o = objective_standard(run);   // the siting objective
//   print(o.describe(), o.same_as_figures);
#pragma once

#include <optional>
#include <string>

#include "sunplan/pipeline/run.hpp"

namespace sunplan {

struct CoverageStandard {
  std::string mode;                // "distance" (straight line) or "network" (travel time)
  std::string rule;                // "catchment radius by base type and urban/rural class", ...
  std::optional<double> radius_m;  // one radius for every facility
  std::optional<double> min_radius_m, max_radius_m;  // radii by type and class: their range
  std::optional<double> minutes;                     // travel-time standard
  std::string source;                                // the scenario key (and flag) that sets it
  bool same_as_figures = true;  // objective only: measured as the run's figures are

  // One sentence: "straight-line distance within one radius of 3000 m for every facility
  // ([siting] radius_m, --radius)".
  std::string describe() const;
};

// The standard of the coverage figures (in_reach, served, gaps; before and after siting).
CoverageStandard figures_standard(const RunResult& run);
// The standard of the siting objective; requires run.siting.
CoverageStandard objective_standard(const RunResult& run);

}  // namespace sunplan
