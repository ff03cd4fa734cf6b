// A scenario opened in the viewer: run without writing, then siting and what-if edits,
// each returning a new run whose scene the map shows.
//
//   ScenarioRun run = open_scenario("scenario.toml", {}, std::nullopt, progress);
//   ScenarioRun sited = rerun_scenario(*run.base, {}, SitingRequest{"mclp", 5}, progress);
//   ScenarioRun edited = run_whatif(run, {BaseEdit::remove("B001"),
//                                         BaseEdit::move("B002", display_pos)}, progress);
//   ScenarioRun planned = run_siting(run, edits, SitingRequest{"mclp", 5}, progress);
//
// What-if edits change a copy of the scenario's loaded data (remove a base, set its capacity,
// add a base of a type at a map position, move a base) and rerun every stage after loading
// (pipeline's run_loaded): coverage, catchments, gaps, youth, assignments, siting and pairing
// when the run had them, so the scene holds the layers `sunplan run` would write for the
// edited data. Network-mode scenarios reuse the run's road graph (not rebuilt) and recompute
// travel times. run_siting sites new bases given the edited plan: the edits stay applied and
// the siting runs on the edited data, as `sunplan run` with [siting] would on it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

struct SitingRequest {
  std::string model = "mclp";  // mclp, lscp, pmedian, cmclp
  std::size_t k = 5;           // new bases at most
  bool urban_first = false;
  double radius_m = 0;    // > 0: one coverage standard for every facility ([siting] radius_m)
  double cutoff_min = 0;  // network mode, > 0: the travel-time standard ([siting] cutoff_min)
};

struct SitingFigures {
  std::string model;
  double objective = 0, bound = 0, gap = 0;
  std::string bound_method;
  std::size_t chosen = 0;
  bool withheld = false;  // aggregate mode: the solver's figures are counts the run withholds
};

struct BaseEdit {
  enum class Kind { remove, set_capacity, add, move };
  Kind kind = Kind::remove;
  std::string base_id;         // the base edited; add: the new base's id
  std::int32_t capacity = -1;  // set_capacity / add; < 0 = unlimited
  Vec2 display_pos;            // add / move: EPSG:3857 metres (the map's CRS)
  std::string type;            // add: a base type ("warm_home", "温馨家园", ...)

  static BaseEdit remove(std::string id) { return {Kind::remove, std::move(id), -1, {}, {}}; }
  static BaseEdit set_capacity(std::string id, std::int32_t c) {
    return {Kind::set_capacity, std::move(id), c, {}, {}};
  }
  static BaseEdit add(std::string id, Vec2 display_pos, std::string type, std::int32_t c = -1) {
    return {Kind::add, std::move(id), c, display_pos, std::move(type)};
  }
  // Keeps the base's id, type, status and capacity; its township becomes the one under
  // the new position.
  static BaseEdit move(std::string id, Vec2 display_pos) {
    return {Kind::move, std::move(id), -1, display_pos, {}};
  }
};

struct ScenarioBase;  // the parsed scenario and its unedited loaded data (opaque)
struct RunLayers;     // the run's result layers in engine terms, for export (export.hpp)

struct ScenarioRun {
  Scene scene;
  std::shared_ptr<const ScenarioBase> base;
  std::optional<SitingFigures> siting;
  std::shared_ptr<const RunLayers> layers;  // what the scene was built from
  std::size_t edits = 0;                    // what-if edits applied to the base's data
  bool by_travel_time = false;              // [catchment] mode = "network"
};

// Reads the scenario TOML and runs it without writing (run_scenario, write_output = false).
// Throws UsageError / InputError as the CLI would, CancelledError on cancel.
ScenarioRun open_scenario(const std::string& toml_path, const SceneOptions& options,
                          const std::optional<SitingRequest>& siting, Progress& progress);
// Runs the same scenario again, with siting when asked.
ScenarioRun rerun_scenario(const ScenarioBase& base, const SceneOptions& options,
                           const std::optional<SitingRequest>& siting, Progress& progress);
// `run`'s scenario rerun on its data after `edits` (applied in order; a siting run keeps its
// siting request). Throws UsageError for an unknown or taken base id, an unknown base type,
// or a position (add, move) outside every township; CancelledError on cancel.
ScenarioRun run_whatif(const ScenarioRun& run, std::span<const BaseEdit> edits, Progress& progress);
// Siting on `run`'s data after `edits` ("site k new bases given my edited plan"): run_whatif
// with `siting` replacing the run's siting request. The result counts the edits and its
// base carries the request, so later what-ifs from it (run_whatif) rerun this siting.
// Throws as run_whatif, and UsageError for an unknown model.
ScenarioRun run_siting(const ScenarioRun& run, std::span<const BaseEdit> edits,
                       const SitingRequest& siting, Progress& progress);
// The scene of run_whatif.
Scene apply_whatif(const ScenarioRun& run, std::span<const BaseEdit> edits, Progress& progress);

// Base types accepted by BaseEdit::add (English keys, in the engine's order).
std::vector<std::string> base_type_names();

}  // namespace sunplan::scene
