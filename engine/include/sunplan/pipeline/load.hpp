// Loading as every verb that analyses does it: io reads the layers, and youth given as counts
// per township (and rows placed from their address only to a township) are spread by the
// coverage module's rule, here, so io stays free of analysis.
//
//   LoadResult r = load_usable_dataset(scenario, progress);   // run, site, pair, the viewer
//   LoadResult c = load_spread_dataset(scenario, progress);   // check: judged by the caller
//
// The rule (docs/coverage.md): village points of the township where it has any, else a grid
// over its polygon; exact totals, deterministic.
#pragma once

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/io/spreading.hpp"

namespace sunplan {

// coverage::spread_counts (default options, anchors unweighted) as io's SpreadCounts.
SpreadPoints spread_by_coverage_rule(const AdminUnits& admin, const CountsToSpread& counts,
                                     Progress& progress);

// load_dataset with spread_by_coverage_rule.
LoadResult load_spread_dataset(const Scenario& scenario, Progress& progress);

// load_spread_dataset, then require_usable (io/data_checks.hpp): what run, site, pair and the
// viewer load.
LoadResult load_usable_dataset(const Scenario& scenario, Progress& progress);

}  // namespace sunplan
