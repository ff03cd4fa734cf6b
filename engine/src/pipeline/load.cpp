#include "sunplan/pipeline/load.hpp"

#include <utility>

#include "sunplan/coverage/spread_counts.hpp"
#include "sunplan/io/data_checks.hpp"

namespace sunplan {

SpreadPoints spread_by_coverage_rule(const AdminUnits& admin, const CountsToSpread& counts,
                                     Progress& progress) {
  coverage::SpreadAnchors anchors;
  anchors.pos = counts.anchor_pos;
  anchors.unit = counts.anchor_unit;
  coverage::SpreadResult s = coverage::spread_counts(
      admin, coverage::UnitCounts{counts.unit, counts.count}, anchors, {}, progress);
  SpreadPoints out;
  out.pos = std::move(s.pos);
  out.count = std::move(s.count);
  out.township = std::move(s.township);
  out.entry = std::move(s.entry);
  out.unplaced = std::move(s.unplaced);
  return out;
}

LoadResult load_spread_dataset(const Scenario& scenario, Progress& progress) {
  return load_dataset(scenario, spread_by_coverage_rule, progress);
}

LoadResult load_usable_dataset(const Scenario& scenario, Progress& progress) {
  LoadResult r = load_spread_dataset(scenario, progress);
  require_usable(judge_layers(r.layers, check_settings(scenario)), r.dataset.problems);
  return r;
}

}  // namespace sunplan
