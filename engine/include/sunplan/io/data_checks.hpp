// Whether the loaded data is good enough to run on, and the problems grouped so the cause of
// thousands of rejections is the first thing a planner sees.
//
//   const CheckSettings cs = check_settings(scenario);            // [check], schema defaults
//   const DataVerdict v = judge_layers(load.layers, cs);
//   for (const LayerVerdict& l : v.layers) print(l.role, l.read, l.kept, l.verdict);
//   if (!v.usable) throw InputError(...);                          // require_usable(v) does it
//   // pipeline/load.hpp's load_usable_dataset loads, spreads and requires usable data
//   for (const ProblemClass& c : problem_classes(log)) print(c.count, c.example);
//
// A layer the scenario names is not usable when it keeps no row, or when it rejects more than
// [check] max_rejected_share of its rows; then neither is the scenario (exit code 3), and run,
// site and pair refuse it. In a layer placed from addresses, the rows not placed (unmatched,
// county only, ambiguous) are held to [locate] max_unplaced_share instead, the other rejected
// rows to max_rejected_share. A mapped optional field more than [check] max_unreadable_share of
// whose values cannot be read (all categories garbled, say) makes the layer not usable too: the
// rows would be kept with the field unknown, and every figure by that field would be wrong.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sunplan/core/problems.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan {

struct CheckSettings {
  double max_rejected_share = 0.01;
  // Layers placed from addresses: rows no place could be found for are judged by their own
  // limit ([locate] max_unplaced_share), since some addresses always fail to match.
  double max_unplaced_share = 0.05;
  // A mapped optional field (category, age, capacity, ...) most of whose values cannot be read
  // is mapped to the wrong column or read in the wrong encoding: the layer is not usable.
  double max_unreadable_share = 0.5;
  double far_from_township_m = 1000;
  double overlap_min_m2 = 1000;
  double overlap_min_share = 0.01;
};

// Reads and checks [check]; defaults from the schema table.
CheckSettings check_settings(const Scenario& scenario);

struct LayerVerdict {
  std::string role, source, layer;
  std::int64_t read = 0, kept = 0, repaired = 0, rejected = 0, warnings = 0;
  bool usable = true;
  std::string verdict;  // "ok", "ok, 3 rows repaired", "NOT USABLE: no usable rows", ...
};

struct DataVerdict {
  std::vector<LayerVerdict> layers;
  bool usable = true;
  // One line per layer that is not usable, with the remedy; empty when usable.
  std::string reasons;
};

DataVerdict judge_layers(const std::vector<LayerReport>& layers, const CheckSettings& settings);

// Throws InputError (exit code 3) naming each layer that is not usable and why.
void require_usable(const DataVerdict& verdict, const ProblemLog& problems);

// Problems of one kind: same layer, severity, field and reason once the values in it (quoted
// text, numbers) are set aside. Sorted by severity (rejected, repaired, warning), then by count,
// most first; the example is the first seen.
struct ProblemClass {
  Severity severity = Severity::warning;
  std::string layer, field;
  std::string pattern;  // the reason with its values replaced by "…"
  std::int64_t count = 0;
  Problem example;
};
std::vector<ProblemClass> problem_classes(const ProblemLog& problems);

}  // namespace sunplan
