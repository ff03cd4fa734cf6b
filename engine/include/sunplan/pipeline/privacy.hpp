// What may leave the building: disability status is sensitive personal information.
//
//   PrivacyOptions p = privacy_options(scenario);      // [privacy]
//   apply_privacy(layers, dataset, p);                   // before anything is written
//
// Always: youth ids are replaced by pseudonyms ("r<row>", the row in the source layer)
// unless `youth_ids = "keep"`; age, disability category and names never leave (the result
// layers carry none). Aggregate mode (`mode = "aggregate"`) also drops every layer that
// holds a youth's location (youth, assignments, pairings, youth_pairing, relay, gaps) and
// publishes counts per grid cell instead (youth_grid); which counts are then withheld is
// decided by pipeline/disclosure.hpp.
#pragma once

#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan {

struct PublishedSystem;  // pipeline/disclosure_ledger.hpp

struct PrivacyOptions {
  bool aggregate_only = false;
  bool keep_youth_ids = false;
  std::int64_t min_count = 5;
  double grid_m = 1000.0;
  // --published-with: outputs of the same data published before this one; aggregate mode
  // plans this run's suppression in their system too.
  std::vector<std::shared_ptr<const PublishedSystem>> published_with;
};

PrivacyOptions privacy_options(const Scenario& scenario);

// The layers (by name) that carry one feature per youth location.
const std::vector<std::string>& youth_location_layers();

// The youth_grid cell (column, row) holding a working-CRS position; the layer's rows are in
// ascending order of cells.
using GridCell = std::pair<std::int64_t, std::int64_t>;
GridCell grid_cell(Vec2 pos, double grid_m);

// The id a youth row is published under with youth_ids = "pseudonym" (the default): "r" and
// its row in the input, e.g. "r42". Layers, problems and the written per-youth layers all use it.
std::string youth_pseudonym(std::int64_t source_row);

void apply_privacy(std::vector<OutputLayer>& layers, const Dataset& d,
                   const PrivacyOptions& options);

// The problems as they may be shown or written: a problem of a youth row carries the row
// pseudonym ("r<row>") as its id unless youth_ids = "keep", and no location in aggregate
// mode. (Reasons never quote a youth's id or personal values: the loader writes them so.)
ProblemLog published_problems(const Scenario& scenario, const ProblemLog& problems,
                              const PrivacyOptions& options);

}  // namespace sunplan
