// The `sunplan` command: parses flags and calls the engine; no analysis happens here.
#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "commands.hpp"
#include "signals.hpp"
#include "sunplan/core/data_dir.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/core/redact.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/version.hpp"

namespace {

// Numbers on the command line: finite, in range, the whole text a number ("5x", "nan", "inf"
// and "-1" where counts are meant are usage errors, exit 2).
CLI::Validator number_check(const char* description, bool whole, double lowest, bool lowest_open,
                            double highest = HUGE_VAL) {
  return CLI::Validator(
      [=](std::string& text) -> std::string {
        std::size_t used = 0;
        double v = 0;
        try {
          v = std::stod(text, &used);
        } catch (const std::exception&) {
          used = 0;
        }
        const bool ok = used == text.size() && std::isfinite(v) &&
                        (lowest_open ? v > lowest : v >= lowest) && v <= highest &&
                        (!whole || v == std::floor(v));
        return ok ? "" : std::string("must be ") + description + ", got '" + text + "'";
      },
      description);
}

const CLI::Validator kAboveZero = number_check("a number above 0", false, 0, true);
const CLI::Validator kZeroOrMore = number_check("a number >= 0", false, 0, false);
const CLI::Validator kCount = number_check("a whole number >= 0", true, 0, false, 1e9);
const CLI::Validator kShare = number_check("a share in (0, 1]", false, 0, true, 1);

// The data folder in use (where the map page's library is read from), for --version.
std::string data_folder_text() {
  try {
    return sunplan::find_data_file("leaflet/leaflet.js").parent_path().parent_path().string();
  } catch (const sunplan::Error&) {
    return "not found (set SUNPLAN_DATA_DIR)";
  }
}

// The flags every subcommand takes. --progress is held as its text until parsing is done and
// then named as a ProgressStyle.
struct CommonFlags {
  sunplan::cli::CommonOptions common;
  std::string progress_style = "bar";

  void add_to(CLI::App* cmd) {
    cmd->add_option("--progress", progress_style, "Progress on stderr: bar, json or none")
        ->check(CLI::IsMember({"bar", "json", "none"}));
    cmd->add_flag("--json", common.json, "Print the result as JSON on stdout");
    cmd->add_flag("--force", common.force,
                  "Replace existing output files that sunplan did not write (never an input)");
  }

  void name_progress_style() {
    using sunplan::cli::ProgressStyle;
    common.progress = progress_style == "json"   ? ProgressStyle::json
                      : progress_style == "none" ? ProgressStyle::quiet
                                                 : ProgressStyle::bar;
  }
};

void describe_app(CLI::App& app) {
  app.set_version_flag("--version", std::string("sunplan ") + sunplan::kVersion + " (" +
                                        sunplan::git_revision() + ")\ndata: " + data_folder_text());
  app.require_subcommand(1);
  app.footer(
      "Exit codes: 0 ok, 1 internal failure, 2 usage/scenario syntax, 3 input data or CRS, "
      "4 resources (memory, disk, output), 5 cancelled.\nSee docs/ for the scenario schema and "
      "methods.");
}

void add_layer_choice(CLI::App* cmd, std::vector<std::string>& only,
                      std::vector<std::string>& skip) {
  cmd->add_option("--layers", only,
                  "Write only these result layers (comma-separated; per_youth = youth, "
                  "assignments, youth_pairing, pairings, relay; default: [run] output_layers)")
      ->delimiter(',');
  cmd->add_option("--skip-layers", skip,
                  "Write every result layer but these, e.g. per_youth (default: [run] "
                  "skip_output_layers)")
      ->delimiter(',');
}

// The relay calendar's window (run, pair): [pairing] calendar_days / calendar_from.
void add_calendar(CLI::App* cmd, long& days, std::string& from) {
  cmd->add_option("--calendar-days", days,
                  "Relay calendar: the handovers due in the next N days, per county, as the "
                  "layer relay_calendar and OUT-relay.ics (default: [pairing] calendar_days)")
      ->check(number_check("a whole number of days from 1 to 3660", true, 1, false, 3660));
  cmd->add_option("--calendar-from", from,
                  "First day of the relay calendar, YYYY-MM-DD (default: [pairing] "
                  "calendar_from, else today)");
}

void add_published_with(CLI::App* cmd, std::vector<std::string>& files) {
  cmd->add_option("--published-with", files,
                  "Aggregate privacy mode: an output of the same data published before this one "
                  "(repeatable). This run withholds what that output withholds, and more where "
                  "the two together would narrow a withheld count of 1 to min_count-1; the file "
                  "is only read. docs/reliability.md, Privacy")
      ->check(CLI::ExistingFile);
}

// Each add_*_command below declares one subcommand with its own options; the common flags are
// added after them by the caller, so they come last in every --help.

CLI::App* add_check_command(CLI::App& app, sunplan::cli::CheckOptions& check) {
  auto* cmd = app.add_subcommand("check", "Load and validate every layer of a scenario");
  cmd->add_option("scenario", check.scenario, "Scenario TOML file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--problems", check.problems_path,
                  "Write every problem found to this GeoPackage");
  return cmd;
}

CLI::App* add_run_command(CLI::App& app, sunplan::cli::RunCommandOptions& run) {
  auto* cmd = app.add_subcommand("run", "The main job: coverage, gaps, GeoPackage and report");
  cmd->add_option("scenario", run.scenario, "Scenario TOML file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", run.output,
                  "Result GeoPackage, or a \"PG:...\" PostGIS connection with --schema "
                  "(default: [run] output)");
  cmd->add_option("--output-crs", run.output_crs,
                  "CRS of the result layers (default: [run] output_crs)");
  cmd->add_option("--schema", run.schema,
                  "With -o \"PG:dbname=...\": the PostGIS schema the result layers replace");
  cmd->add_flag("--no-report", run.no_report, "Skip the Markdown/HTML report");
  add_calendar(cmd, run.calendar_days, run.calendar_from);
  cmd->add_option("--history", run.history,
                  "Append this run (date, hashes, figures per unit) to a history of runs, a "
                  "GeoPackage (default: [monitoring] history); docs/monitoring.md");
  cmd->add_option("--as-of", run.as_of,
                  "The run's date in the history and the trajectories, YYYY-MM-DD (default: "
                  "today), e.g. to back-fill last month's run");
  add_layer_choice(cmd, run.layers, run.skip_layers);
  add_published_with(cmd, run.published_with);
  return cmd;
}

CLI::App* add_site_command(CLI::App& app, sunplan::cli::SiteCommandOptions& site) {
  auto* cmd = app.add_subcommand("site", "Choose which candidate facilities to name as new bases");
  cmd->add_option("scenario", site.scenario, "Scenario TOML file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", site.output,
                  "Result GeoPackage (default: [run] output of the scenario)");
  cmd->add_option("--model", site.model,
                  "mclp (max coverage), lscp (set covering), pmedian, cmclp (capacitated)")
      ->check(CLI::IsMember({"mclp", "lscp", "pmedian", "cmclp"}));
  cmd->add_option("--add", site.add,
                  "New bases: at most this many (exactly, with --exactly; lscp: a cap)")
      ->check(kCount);
  cmd->add_flag("--exactly", site.exactly,
                "mclp, pmedian, cmclp: name exactly --add new bases, even ones that add "
                "nothing");
  cmd->add_option("--budget", site.budget, "Budget: the chosen candidates' cost sum at most")
      ->check(kZeroOrMore);
  cmd->add_flag("--urban-first", site.urban_first,
                "Bring every urban youth in reach first, then rural");
  cmd->add_option("--target-share", site.target_share,
                  "lscp: share of reachable youth to bring in reach (0-1]")
      ->check(kShare);
  cmd->add_option("--radius", site.radius_m,
                  "one coverage standard in metres for every facility (default: the "
                  "[catchment] radii by type)")
      ->check(kAboveZero);
  cmd->add_option(
         "--minutes", site.cutoff_min,
         "network mode: the travel-time standard in minutes (default: the [catchment] cutoff)")
      ->check(kAboveZero);
  cmd->add_option("--scope", site.scope, "Whose youth drive the plan: all, urban or rural")
      ->check(CLI::IsMember({"all", "urban", "rural"}));
  cmd->add_option("--candidate-type", site.candidate_types,
                  "Only candidates of this base type (repeatable)");
  cmd->add_flag("--exact", site.exact,
                "Also solve the MIP with COIN-OR CBC, started from the heuristic plan; the "
                "better plan and bound are kept");
  cmd->add_option("--time-limit", site.time_limit_s,
                  "CBC wall-clock limit in seconds (default: [siting] exact_time_limit_s, 60)")
      ->check(kAboveZero);
  cmd->add_flag("--no-report", site.no_report, "Skip the Markdown/HTML report");
  add_layer_choice(cmd, site.layers, site.skip_layers);
  add_published_with(cmd, site.published_with);
  return cmd;
}

CLI::App* add_pair_command(CLI::App& app, sunplan::cli::PairCommandOptions& pair) {
  auto* cmd =
      app.add_subcommand("pair", "Pair youth with volunteer teams, plan the relay, track targets");
  cmd->add_option("scenario", pair.scenario, "Scenario TOML file")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", pair.output,
                  "Result GeoPackage (default: [run] output of the scenario)");
  cmd->add_option("--relay-date", pair.relay_date,
                  "Teams whose term ends by this date (YYYY-MM-DD) hand over");
  add_calendar(cmd, pair.calendar_days, pair.calendar_from);
  cmd->add_flag("--no-report", pair.no_report, "Skip the Markdown/HTML report");
  add_layer_choice(cmd, pair.layers, pair.skip_layers);
  add_published_with(cmd, pair.published_with);
  return cmd;
}

CLI::App* add_export_command(CLI::App& app, sunplan::cli::ExportCommandOptions& exp) {
  auto* cmd = app.add_subcommand("export", "Convert a result GeoPackage to other GIS formats");
  cmd->add_option("result", exp.input, "Result GeoPackage of sunplan run")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", exp.output,
                  "Output folder (shp, geojson, fgb, csv) or file (kml, gtiff)")
      ->required();
  cmd->add_option("-f,--format", exp.format,
                  "shp, geojson, fgb, kml, csv, or gtiff (distance to the nearest base)")
      ->required();
  cmd->add_option("--layer", exp.layers, "Only these layers (repeatable)");
  cmd->add_option("--crs", exp.crs, "Reproject to this CRS (GeoJSON and KML are always WGS84)");
  cmd->add_option("--cell-size", exp.cell_size_m,
                  "GeoTIFF cell size in metres (default: extent / 1000)")
      ->check(kAboveZero);
  return cmd;
}

CLI::App* add_compare_command(CLI::App& app, sunplan::cli::CompareCommandOptions& cmp) {
  auto* cmd = app.add_subcommand(
      "compare",
      "What changed between two runs: bases, figures per unit, townships covered, youth whose "
      "base or team changed, and the parameters and inputs that differ (listed first)");
  cmd->add_option("old", cmp.old_result, "The earlier result GeoPackage (run, site or pair)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("new", cmp.new_result, "The later result GeoPackage")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", cmp.output,
                  "The changes as a GeoPackage (base_changes, unit_changes, "
                  "township_coverage_changes, assignment_changes, parameter_changes); the "
                  "Markdown change report is written beside it with the extension .md")
      ->required();
  return cmd;
}

CLI::App* add_atlas_command(CLI::App& app, sunplan::cli::AtlasCommandOptions& atlas) {
  auto* cmd = app.add_subcommand(
      "atlas", "Print a result as a PDF atlas: a cover, then one map page per county");
  cmd->add_option("result", atlas.input, "Result GeoPackage of sunplan run")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("-o,--output", atlas.output, "The PDF to write")->required();
  cmd->add_option("--paper", atlas.paper, "A4 or A3 (default A4)")
      ->check(CLI::IsMember({"A4", "A3", "a4", "a3"}));
  cmd->add_option("--lang", atlas.lang, "zh or en (default zh)")
      ->check(CLI::IsMember({"zh", "en"}));
  cmd->add_option("--basemap", atlas.basemap,
                  "Raster background from local tiles: an MBTiles file or an XYZ folder "
                  "({z}/{x}/{y}.png)");
  cmd->add_option("--basemap-crs", atlas.basemap_crs,
                  "The datum the tiles are drawn in: wgs84 (default) or gcj02 (Chinese web "
                  "maps; the tiles are shifted onto the data)");
  return cmd;
}

// --force (from the common flags) replaces an existing scenario.toml.
CLI::App* add_init_command(CLI::App& app, sunplan::cli::InitOptions& init) {
  auto* cmd = app.add_subcommand(
      "init",
      "Write a scenario into a folder: from your files with --from (layers, fields, encoding and "
      "CRS recognised, then checked), else a commented template");
  cmd->add_option("folder", init.folder, "Folder to create the scenario in")->required();
  cmd->add_option("--from", init.from,
                  "Data sources to build the scenario from: files (GeoPackage, Shapefile, "
                  "GeoJSON, CSV, XLSX, .osm.pbf, ...) or \"PG:...\"");
  cmd->add_option("--as", init.roles,
                  "NAME=ROLE: give a layer (or file) a role, e.g. poi_hospital=bases "
                  "(repeatable)");
  return cmd;
}

// Hidden: prints the scenario reference or template generated from the schema table
// (scripts/update-scenario-docs writes them into docs/). It takes no common flags.
CLI::App* add_schema_command(CLI::App& app, std::string& what) {
  auto* cmd = app.add_subcommand("schema", "");
  cmd->group("");
  cmd->add_option("what", what, "markdown or template")
      ->required()
      ->check(CLI::IsMember({"markdown", "template"}));
  return cmd;
}

// Every subcommand's options and its CLI::App, declared in the order --help lists them.
struct Commands {
  CommonFlags flags;
  sunplan::cli::CheckOptions check;
  sunplan::cli::RunCommandOptions run;
  sunplan::cli::SiteCommandOptions site;
  sunplan::cli::PairCommandOptions pair;
  sunplan::cli::ExportCommandOptions exp;
  sunplan::cli::CompareCommandOptions cmp;
  sunplan::cli::AtlasCommandOptions atlas;
  sunplan::cli::LocateCommandOptions locate;
  sunplan::cli::InitOptions init;
  std::string schema_what;
  CLI::App* check_cmd = nullptr;
  CLI::App* run_cmd = nullptr;
  CLI::App* site_cmd = nullptr;
  CLI::App* pair_cmd = nullptr;
  CLI::App* export_cmd = nullptr;
  CLI::App* compare_cmd = nullptr;
  CLI::App* atlas_cmd = nullptr;
  CLI::App* locate_cmd = nullptr;
  CLI::App* init_cmd = nullptr;
  CLI::App* schema_cmd = nullptr;

  void declare(CLI::App& app) {
    flags.add_to(check_cmd = add_check_command(app, check));
    flags.add_to(run_cmd = add_run_command(app, run));
    flags.add_to(site_cmd = add_site_command(app, site));
    flags.add_to(pair_cmd = add_pair_command(app, pair));
    flags.add_to(export_cmd = add_export_command(app, exp));
    flags.add_to(compare_cmd = add_compare_command(app, cmp));
    flags.add_to(atlas_cmd = add_atlas_command(app, atlas));
    flags.add_to(locate_cmd = sunplan::cli::add_locate_command(app, locate));
    flags.add_to(init_cmd = add_init_command(app, init));
    schema_cmd = add_schema_command(app, schema_what);
  }

  // The exit code of the subcommand given (0 when none matched, which parsing rules out).
  int run_chosen() {
    using namespace sunplan::cli;
    const CommonOptions& common = flags.common;
    if (*check_cmd) return run_check(check, common);
    if (*init_cmd) return run_init(init, common);
    if (*schema_cmd) return print_schema(schema_what);
    if (*run_cmd) return run_run(run, common);
    if (*export_cmd) return run_export(exp, common);
    if (*site_cmd) return run_site(site, common);
    if (*pair_cmd) return run_pair(pair, common);
    if (*atlas_cmd) return run_atlas(atlas, common);
    if (*compare_cmd) return run_compare(cmp, common);
    if (*locate_cmd) return run_locate(locate, common);
    return 0;
  }
};

// Runs the chosen subcommand and turns what it throws into a message on stderr and an exit code.
int run_reporting_errors(Commands& commands) {
  using namespace sunplan;
  try {
    return commands.run_chosen();
  } catch (const CancelledError&) {
    std::fprintf(stderr, "sunplan: cancelled%s%s%s\n", *cli::cancel_signal_name() ? " (" : "",
                 cli::cancel_signal_name(), *cli::cancel_signal_name() ? ")" : "");
    return static_cast<int>(ExitCode::cancelled);
  } catch (const Error& e) {
    // Every message passes the one redaction: no password of a connection string leaves.
    std::fprintf(stderr, "sunplan: error: %s\n", redact_secrets(e.what()).c_str());
    return static_cast<int>(e.code());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "sunplan: error: out of memory\n");
    return static_cast<int>(ExitCode::resources);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sunplan: internal error: %s\n", redact_secrets(e.what()).c_str());
    return static_cast<int>(ExitCode::failure);
  }
}

}  // namespace

int main(int argc, char** argv) {
  sunplan::cli::install_cancel_handling();  // first: before any thread exists

  CLI::App app{"sunplan — plan Sunshine Action service bases, coverage and pairing on a map"};
  describe_app(app);
  Commands commands;
  commands.declare(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : static_cast<int>(sunplan::ExitCode::usage);
  }
  commands.flags.name_progress_style();
  sunplan::silence_gdal_messages();
  return run_reporting_errors(commands);
}
