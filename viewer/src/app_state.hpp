// Everything the viewer's UI reads and changes, owned by App (no globals).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "camera.hpp"
#include "i18n.hpp"
#include "layer_style.hpp"
#include "sunplan/core/dataset.hpp"
#include "sunplan/scene/disclosed.hpp"
#include "sunplan/scene/export.hpp"
#include "sunplan/scene/scene.hpp"
#include "sunplan/scene/session.hpp"
#include "sunplan/scene/statistics.hpp"
#include "worker.hpp"

namespace sunplan::viewer {

struct StatsView {
  std::vector<std::string> path;  // parent codes, outermost first; empty = provinces
  std::optional<scene::StatTable> table;
  std::vector<std::size_t> order;  // sorted row order
  bool dirty = true;
};

enum class JobKind { load, siting, whatif };

struct SitingPanel {
  int model = 0;  // index into siting_models()
  int k = 5;
  bool urban_first = false;
  int standard = 0;  // coverage standard: metres, or minutes by travel time; 0 = the scenario's
};

struct WhatIfPanel {
  std::string selected_base;  // id of the base clicked in the inspector
  int capacity = 20;
  int add_type = 0;         // index into scene::base_type_names()
  bool adding = false;      // the next map click places a new base
  bool moving = false;      // the next map click moves the selected base
  std::size_t applied = 0;  // edits in the scene shown; a failed what-if drops the rest
  int next_id = 1;
};

struct ExportPanel {
  int layer = 0;   // index into the scene's layers
  int format = 0;  // index into scene::layer_formats()
  std::string path;
  bool path_edited = false;  // else the path follows the layer and format
  std::string message;       // the last export's files or its error
  bool failed = false;
  Job<scene::LayerExportReport> job;
};

const char* const* siting_models();  // mclp, lscp, pmedian, cmclp; nullptr-terminated
bool is_scenario_path(const std::string& path);

struct AppState {
  Args args;
  I18n text;
  std::shared_ptr<const scene::Scene> scene;
  // The run's [privacy]: in aggregate mode the panels show only what its outputs publish.
  scene::SceneDisclosure disclosure;
  ViewStyle style;
  Camera camera;
  bool labels = true;
  bool panels = true;
  StatsView stats;
  // Loads, siting runs and what-ifs all produce a ScenarioRun (base = nullptr for a
  // GeoPackage); what the result replaces depends on job_kind.
  Job<scene::ScenarioRun> load_job;
  JobKind job_kind = JobKind::load;
  // Scenario mode (a .toml): the run whose data and siting request the what-if edits start
  // from (after a siting run it already holds the edits: run->edits > 0), and the edits.
  std::shared_ptr<const scene::ScenarioRun> run;
  std::vector<scene::BaseEdit> edits;
  // The run the map shows: `run`, or its what-if (export writes its layers).
  std::shared_ptr<const scene::ScenarioRun> shown;
  SitingPanel siting;
  WhatIfPanel whatif;
  ExportPanel export_panel;
  bool fitted_once = false;
  // Per scene layer, the last frame drew 1 in this many of its points (1 = all; the map
  // thins large point layers by zoom, docs/viewer.md).
  std::vector<std::uint32_t> point_one_in;
  std::string status_line;
};

// Called when a new scene replaces the old one (first load or a finished job).
void adopt_scene(AppState& state, std::shared_ptr<const scene::Scene> scene);
// A finished job's result: a load replaces the base run and clears the edits; a siting
// run (made on the edited data) becomes the base run and keeps the edits, so later
// what-ifs rerun its siting; a what-if only replaces the scene.
void adopt_run(AppState& state, scene::ScenarioRun run, JobKind kind);
// Starts a siting job over state.run's data after state.edits (scene::run_siting).
void start_siting(AppState& state, const scene::SitingRequest& request);
// The job for a (re)load of args.path: a scenario runs, a GeoPackage is read.
std::function<scene::ScenarioRun(Progress&)> load_task(const Args& args);
// Starts a what-if job over state.run with state.edits (none: shows state.run again, or
// reruns it without edits when it was made on edited data).
void start_whatif(AppState& state);
// After a failed what-if: drops the edits it added (they were refused, e.g. a move
// outside every township) so the next edit starts from what the map shows.
void drop_failed_edits(AppState& state);
// Is there a township (the units layer) under this display position? Add and move refuse
// a click outside every township before asking the engine.
bool inside_units(const scene::Scene& scene, Vec2 display_pos);
// Starts exporting the panel's layer in its format to its path, from the run in memory
// (scenario mode) or from the opened file.
void start_export(AppState& state);
// "<layer><extension>" under exports/ for the panel's layer and format.
std::string default_export_path(const AppState& state);
// The unit layer the statistics table groups: townships, else the first polygon layer
// with a `code` column; nullptr when there is none.
const scene::Layer* units_layer(const scene::Scene& scene);
AdminLevel stats_level(const StatsView& stats);

}  // namespace sunplan::viewer
