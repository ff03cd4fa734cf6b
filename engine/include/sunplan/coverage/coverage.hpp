// The whole coverage stage from a Dataset: radii -> reach -> served -> unit figures -> gaps.
//
//   CoverageResult c = run_coverage(dataset, CoverageOptions{}, progress);
//   c.figures.units[u].served_rate; c.gaps.ranked.front();
//
// Each step is also callable alone (see the headers included here); this only wires them.
#pragma once

#include <vector>

#include "sunplan/core/catchment_measure.hpp"
#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/coverage/catchment_radius.hpp"
#include "sunplan/coverage/distance_reach.hpp"
#include "sunplan/coverage/gaps.hpp"
#include "sunplan/coverage/served_assignment.hpp"
#include "sunplan/coverage/unit_figures.hpp"

namespace sunplan::coverage {

struct CoverageOptions {
  CatchmentRadii radii;
  DistanceReachOptions reach;
  ServedOptions served;
  UnitFiguresOptions figures;
  GapsOptions gaps;
};

// Every cost here (radius, reach costs, nearest_cost, mean/p90 nearest) is in `measure`:
// metres from run_coverage, travel seconds from the network stage. Output layers name and
// convert their fields from it (core/catchment_measure.hpp).
struct CoverageResult {
  CatchmentMeasure measure = CatchmentMeasure::metres;
  std::vector<double> radius;  // per base: the catchment standard; negative = not serving
  DistanceReach reach;
  ServedAssignment served;
  UnitFiguresResult figures;
  GapsResult gaps;
};

CoverageResult run_coverage(const Dataset& dataset, const CoverageOptions& options,
                            Progress& progress);

}  // namespace sunplan::coverage
