// The sunplan verbs. Each parses nothing itself: main.cpp fills the options and calls one.
#pragma once

#include <string>
#include <vector>

#include "terminal_progress.hpp"

namespace sunplan::cli {

struct CommonOptions {
  ProgressStyle progress = ProgressStyle::bar;
  bool json = false;
  bool force = false;  // --force: replace existing files that sunplan did not write
};

struct CheckOptions {
  std::string scenario;
  std::string problems_path;  // --problems FILE.gpkg
};
int run_check(const CheckOptions& options, const CommonOptions& common);

struct InitOptions {
  std::string folder;
  std::vector<std::string> from;   // --from: sources to inspect (none: the commented template)
  std::vector<std::string> roles;  // --as NAME=ROLE
};
// Writes DIR/scenario.toml; with --from, then runs check on it and returns its exit code.
int run_init(const InitOptions& options, const CommonOptions& common);
// `sunplan schema markdown|template` (hidden): the generated scenario reference or template.
int print_schema(const std::string& what);

}  // namespace sunplan::cli

namespace sunplan::cli {

struct RunCommandOptions {
  std::string scenario;
  std::string output;         // -o
  std::string output_crs;     // --output-crs
  std::string schema;         // --schema, for a PostGIS output
  long calendar_days = -1;    // --calendar-days; < 0: [pairing] calendar_days
  std::string calendar_from;  // --calendar-from YYYY-MM-DD
  bool no_report = false;
  std::vector<std::string> layers, skip_layers;  // --layers, --skip-layers
  std::vector<std::string> published_with;       // --published-with PREV.gpkg (repeatable)
  std::string history;  // --history FILE.gpkg: append this run to the history of runs
  std::string as_of;    // --as-of YYYY-MM-DD: the run's date in the history
};
int run_run(const RunCommandOptions& options, const CommonOptions& common);

}  // namespace sunplan::cli

namespace sunplan::cli {

struct ExportCommandOptions {
  std::string input;
  std::string output;
  std::string format;
  std::vector<std::string> layers;
  std::string crs;
  double cell_size_m = 0;
};
int run_export(const ExportCommandOptions& options, const CommonOptions& common);

}  // namespace sunplan::cli

namespace sunplan::cli {

struct SiteCommandOptions {
  std::string scenario;
  std::string output;
  std::string model;  // empty: the scenario's
  long add = -1;      // < 0: the scenario's
  double budget = -1;
  bool urban_first = false;
  bool exact = false;
  bool exactly = false;      // exactly --add new bases
  double time_limit_s = -1;  // > 0: CBC's limit; else [siting] exact_time_limit_s
  double target_share = -1;
  double radius_m = -1;    // > 0: [siting] radius_m
  double cutoff_min = -1;  // > 0: [siting] cutoff_min
  std::string scope;       // all, urban, rural; empty: the scenario's
  std::vector<std::string> candidate_types;
  std::vector<std::string> layers, skip_layers;  // --layers, --skip-layers
  std::vector<std::string> published_with;       // --published-with PREV.gpkg (repeatable)
  bool no_report = false;
};
int run_site(const SiteCommandOptions& options, const CommonOptions& common);

struct PairCommandOptions {
  std::string scenario;
  std::string output;
  std::string relay_date;     // YYYY-MM-DD
  long calendar_days = -1;    // --calendar-days; < 0: [pairing] calendar_days
  std::string calendar_from;  // --calendar-from YYYY-MM-DD
  bool no_report = false;
  std::vector<std::string> layers, skip_layers;  // --layers, --skip-layers
  std::vector<std::string> published_with;       // --published-with PREV.gpkg (repeatable)
};
int run_pair(const PairCommandOptions& options, const CommonOptions& common);

}  // namespace sunplan::cli

namespace sunplan::cli {

struct CompareCommandOptions {
  std::string old_result, new_result;  // result GeoPackages of run, site or pair
  std::string output;                  // DIFF.gpkg (DIFF.md beside it)
};
int run_compare(const CompareCommandOptions& options, const CommonOptions& common);

}  // namespace sunplan::cli

namespace sunplan::cli {

struct AtlasCommandOptions {
  std::string input;
  std::string output;
  std::string paper = "A4";
  std::string lang = "zh";
  std::string basemap;  // MBTiles file or XYZ folder; empty = none
  std::string basemap_crs = "wgs84";
};
int run_atlas(const AtlasCommandOptions& options, const CommonOptions& common);

}  // namespace sunplan::cli

#include <map>
#include <nlohmann/json_fwd.hpp>

#include "sunplan/io/load.hpp"
#include "sunplan/io/locate.hpp"

namespace CLI {
class App;
}

namespace sunplan::cli {

struct LocateCommandOptions {
  LocateTableOptions options;
  std::map<std::string, std::string> divisions;  // filled by the flags, empty ones dropped
};
CLI::App* add_locate_command(CLI::App& app, LocateCommandOptions& options);
int run_locate(LocateCommandOptions& options, const CommonOptions& common);

// check's lines and JSON for layers placed from addresses (locate_summary.cpp).
void print_locate_summaries(const std::vector<LayerReport>& layers);
nlohmann::json locate_json(const LocateSummary& summary);

}  // namespace sunplan::cli
