// A scenario opened in the viewer: run without writing, then siting and what-if edits,
// each returning a new Scene. The viewer sees only these plain types.
//
//   ScenarioRun run = open_scenario("scenario.toml", {}, std::nullopt, progress);
//   ScenarioRun sited = rerun_scenario(*run.base, {}, SitingRequest{"mclp", 5}, progress);
//   Scene edited = apply_whatif(run, {BaseEdit::remove("B001")}, progress);
//
// What-if edits change a copy of the loaded Dataset (remove a base, set its capacity, add
// a base of a type at a map position) and rerun coverage::run_coverage with the scenario's
// [catchment] options; the admin-unit figures in the scene are rewritten from the result
// and the bases layer rebuilt. Catchments, gaps and youth layers are not recomputed.
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
};

struct SitingFigures {
  std::string model;
  double objective = 0, bound = 0, gap = 0;
  std::string bound_method;
  std::size_t chosen = 0;
};

struct BaseEdit {
  enum class Kind { remove, set_capacity, add };
  Kind kind = Kind::remove;
  std::string base_id;         // remove / set_capacity; add: the new base's id
  std::int32_t capacity = -1;  // set_capacity / add; < 0 = unlimited
  Vec2 display_pos;            // add: EPSG:3857 metres (the map's CRS)
  std::string type;            // add: a base type ("warm_home", "温馨家园", ...)

  static BaseEdit remove(std::string id) { return {Kind::remove, std::move(id), -1, {}, {}}; }
  static BaseEdit set_capacity(std::string id, std::int32_t c) {
    return {Kind::set_capacity, std::move(id), c, {}, {}};
  }
  static BaseEdit add(std::string id, Vec2 display_pos, std::string type, std::int32_t c = -1) {
    return {Kind::add, std::move(id), c, display_pos, std::move(type)};
  }
};

struct ScenarioBase;  // the parsed scenario and its unedited loaded data (opaque)

struct ScenarioRun {
  Scene scene;
  std::shared_ptr<const ScenarioBase> base;
  std::optional<SitingFigures> siting;
};

// Reads the scenario TOML and runs it without writing (run_scenario, write_output = false).
// Throws UsageError / InputError as the CLI would, CancelledError on cancel.
ScenarioRun open_scenario(const std::string& toml_path, const SceneOptions& options,
                          const std::optional<SitingRequest>& siting, Progress& progress);
// Runs the same scenario again, with siting when asked.
ScenarioRun rerun_scenario(const ScenarioBase& base, const SceneOptions& options,
                           const std::optional<SitingRequest>& siting, Progress& progress);
// The scene of `run` with coverage recomputed after `edits` (applied in order). Throws
// UsageError for an unknown base id or base type.
Scene apply_whatif(const ScenarioRun& run, std::span<const BaseEdit> edits, Progress& progress);

// Base types accepted by BaseEdit::add (English keys, in the engine's order).
std::vector<std::string> base_type_names();

}  // namespace sunplan::scene
