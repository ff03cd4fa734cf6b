// `sunplan compare OLD.gpkg NEW.gpkg -o DIFF.gpkg`: reads two run results, compares them
// (compare/compare_runs.hpp) and writes the changes as layers of DIFF.gpkg and a Markdown report
// DIFF.md and its map DIFF-map.svg beside it, under the output rules (never over an input or the
// files the inputs were made from; files that sunplan did not write only with `force`).
//
//   CompareOptions o{"jan.gpkg", "feb.gpkg", "diff.gpkg"};
//   CompareOutcome c = compare_results(o, progress);
//   c.comparison.bases.size(), c.report_path
//
// Layers (docs/outputs.md): parameter_changes, base_changes, unit_changes,
// township_coverage_changes, assignment_changes, run_metadata.
#pragma once

#include <string>
#include <vector>

#include "sunplan/compare/compare_runs.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/io/output_layer.hpp"

namespace sunplan {

struct CompareOptions {
  std::string old_path, new_path;
  std::string output_path;  // DIFF.gpkg; the report is DIFF.md beside it
  bool force = false;
};

struct CompareOutcome {
  compare::Comparison comparison;
  compare::RunRecords old_run, new_run;
  std::string output_path, report_path, map_path;
};

// Reads one result GeoPackage into what compare_runs needs, geometry in `crs` ("" = the
// result's working CRS). Throws InputError naming the file, layer and field when a layer it
// reads lacks a field.
compare::RunRecords read_run_records(const std::string& path, const std::string& crs);

// The changes as result layers (the order of docs/outputs.md).
std::vector<OutputLayer> comparison_layers(const compare::Comparison& c);

// The change report (Markdown): parameters first, then headline totals, bases, units,
// townships newly covered or uncovered and assignments.
std::string comparison_markdown(const CompareOptions& o, const compare::Comparison& c,
                                const compare::RunRecords& old_run,
                                const compare::RunRecords& new_run);

// The map of the changes (DIFF-map.svg): townships by the change in youth served, townships
// newly covered or uncovered outlined, changed bases marked by kind.
std::string comparison_svg(const compare::Comparison& c, int width_px = 800);

CompareOutcome compare_results(const CompareOptions& options, Progress& progress);

}  // namespace sunplan
