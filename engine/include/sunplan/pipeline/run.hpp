// The main job: load -> coverage -> geometry -> layers -> GeoPackage + report.
//
//   Scenario sc = read_scenario("scenario.toml");
//   RunResult r = run_scenario(sc, RunOptions{"out/demo.gpkg"}, progress);
//   r.summary.served, r.coverage.gaps.ranked ...
//
// The CLI and the viewer call this same function; nothing here prints.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/coverage/coverage.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/monitor/targets_over_time.hpp"
#include "sunplan/pipeline/disclosure.hpp"
#include "sunplan/pipeline/pairing_stage.hpp"
#include "sunplan/pipeline/privacy.hpp"
#include "sunplan/pipeline/siting_stage.hpp"

namespace sunplan {

struct RunOptions {
  std::string output_path;    // the result GeoPackage; "" = the scenario's [run] output
  std::string output_crs;     // "" = the scenario's [run] output_crs
  std::string output_schema;  // PostGIS output ("PG:" output_path): the schema to (re)place
  bool write_report = true;   // Markdown + HTML + SVG + map page beside the GeoPackage
  bool write_output = true;   // false: compute only (tests, the viewer's what-if)
  bool force = false;         // --force: replace existing files that sunplan did not write
  // Siting: the scenario's [siting] runs when it names a model; `sunplan site` sets this.
  std::optional<SitingOptions> siting;
  // Pairing runs when the scenario has teams; `sunplan pair` may override the relay date.
  std::optional<std::int32_t> relay_date;
  // --calendar-days / --calendar-from: the relay calendar's window (pairing_stage.hpp).
  std::optional<std::int32_t> calendar_days, calendar_from;
  // --layers / --skip-layers: the result layers to write, or to leave out (layer_choice.hpp);
  // both empty: the scenario's [run] output_layers / skip_output_layers.
  std::vector<std::string> layers, skip_layers;
  // --history FILE: the history of runs to append this run to (overrides [monitoring] history);
  // --as-of DATE: the run's date in the history and trajectories (default today, UTC), for
  // back-filling earlier months.
  std::string history;
  std::optional<std::int32_t> as_of;
  // Whether this run is appended to the history: `sunplan run` only; site and pair explore
  // alternatives, which would distort the pace, so they read the history but add nothing.
  bool record_history = false;
  // --published-with FILE (repeatable): aggregate-mode outputs of the same data published
  // before this one; this run's suppression protects every small count of them all together
  // (pipeline/disclosure_ledger.hpp). Read only, never written.
  std::vector<std::string> published_with;
};

// Headline numbers for the one-screen summary and --json.
struct RunSummary {
  std::int64_t townships = 0, urban_townships = 0, rural_townships = 0;
  std::int64_t youth = 0, in_reach = 0, served = 0;
  std::int64_t urban_youth = 0, urban_in_reach = 0, urban_served = 0;
  std::int64_t rural_youth = 0, rural_in_reach = 0, rural_served = 0;
  std::int64_t bases_existing = 0, bases_candidate = 0, bases_planned = 0;
  std::int64_t gap_townships = 0;  // townships with unserved youth
  std::int64_t problems_rejected = 0, problems_repaired = 0, problems_warnings = 0;
  std::string output_path, report_markdown, report_html;
  std::string map_page;  // OUT-map.html: the offline interactive map (map_page.hpp)
  std::string catchment_mode = "distance";  // or "network": distance figures then hold seconds
  std::string travel_time_raster;           // network mode: <out>-travel-time.tif
  std::string relay_calendar;               // with a relay calendar: <out>-relay.ics
  std::string history;                      // the history of runs appended to, if any
  std::int64_t unroutable_youth = 0, unroutable_bases = 0;  // network mode, beyond max_snap_m
};

struct NetworkStage;  // pipeline/network_stage.hpp: graph, snaps, isochrones, travel-time grid

struct RunResult {
  LoadResult load;
  coverage::CoverageResult coverage;
  std::vector<OutputLayer> layers;
  std::optional<SitingStage> siting;
  std::optional<PairingStage> pairing;
  PrivacyOptions privacy;
  Disclosure disclosure;  // aggregate mode: the counts every writer withholds
  RunSummary summary;
  std::shared_ptr<const NetworkStage> network;  // set in network mode
  // With milestones ([targets.milestones.*]): each unit's trajectory, most urgent first
  // (pipeline/monitoring.hpp); the history's run id this run was appended as, 0 = none.
  std::vector<monitor::TrajectoryRow> trajectory;
  std::int64_t history_run_id = 0;
};

RunResult run_scenario(const Scenario& scenario, const RunOptions& options, Progress& progress);

// The stages after loading (coverage, geometry, siting, pairing, privacy) on a LoadResult the
// caller holds, e.g. the viewer's what-if: the scenario's data with bases edited. Nothing is
// written (write_output is ignored). Gives the layers run_scenario gives for data that loads
// to `load`. In network mode a previous run's stage (RunResult::network) lends its road graph,
// so roads are not read again; bases and youth are snapped and travel times recomputed.
RunResult run_loaded(const Scenario& scenario, LoadResult load, const RunOptions& options,
                     Progress& progress, const NetworkStage* graph = nullptr);

// Reads and checks every parameter section ([catchment], [network], [siting], [pairing],
// [targets], [privacy]) without touching the data; throws UsageError as run_scenario would.
void check_parameters(const Scenario& scenario);

// Reads [catchment] from the scenario (radii per type and urban/rural, statuses counted).
coverage::CoverageOptions coverage_options(const Scenario& scenario);

}  // namespace sunplan
