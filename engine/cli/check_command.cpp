// `sunplan check SCENARIO`: load and validate every layer, report what was found.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/data_checks.hpp"
#include "sunplan/io/input_limits.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/osm_roads.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/road_layer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/load.hpp"
#include "sunplan/pipeline/privacy.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan::cli {

namespace {

nlohmann::json box_json(const Box& b) {
  if (b.empty()) return nullptr;
  return {b.min_x, b.min_y, b.max_x, b.max_y};
}

nlohmann::json report_json(const LoadResult& r, const DataVerdict& verdict) {
  nlohmann::json layers = nlohmann::json::array();
  for (const LayerReport& l : r.layers) {
    layers.push_back({{"role", l.role},
                      {"source", l.source},
                      {"layer", l.layer},
                      {"driver", l.driver},
                      {"crs", l.crs},
                      {"features", l.features_read},
                      {"kept", l.kept},
                      {"rejected", l.rejected},
                      {"repaired", l.repaired},
                      {"warnings", l.warnings},
                      {"empty_geometries", l.empty_geometries},
                      {"invalid_geometries", l.invalid_geometries},
                      {"duplicate_ids", l.duplicate_ids},
                      {"outside_units", l.outside_units},
                      {"geometry_types", l.geometry_types},
                      {"notes", l.notes},
                      {"locate", locate_json(l.locate)},
                      {"extent_lonlat", box_json(l.extent_lonlat)}});
  }
  const Dataset& d = r.dataset;
  int urban = 0, rural = 0, unknown = 0;
  for (auto t : d.admin.townships) {
    switch (d.admin.units[static_cast<std::size_t>(t)].urban_rural) {
      case UrbanRural::urban:
        ++urban;
        break;
      case UrbanRural::rural:
        ++rural;
        break;
      default:
        ++unknown;
    }
  }
  nlohmann::json problems = nlohmann::json::array();
  for (const Problem& p : d.problems.all()) {
    problems.push_back({{"severity", to_string(p.severity)},
                        {"file", p.file},
                        {"layer", p.layer},
                        {"row", p.row},
                        {"field", p.field},
                        {"feature_id", p.feature_id},
                        {"reason", p.reason}});
  }
  nlohmann::json verdicts = nlohmann::json::array();
  for (const LayerVerdict& v : verdict.layers)
    verdicts.push_back({{"role", v.role},
                        {"layer", v.layer},
                        {"read", v.read},
                        {"kept", v.kept},
                        {"repaired", v.repaired},
                        {"rejected", v.rejected},
                        {"warnings", v.warnings},
                        {"usable", v.usable},
                        {"verdict", v.verdict}});
  nlohmann::json classes = nlohmann::json::array();
  for (const ProblemClass& c : problem_classes(d.problems))
    classes.push_back({{"severity", to_string(c.severity)},
                       {"layer", c.layer},
                       {"field", c.field},
                       {"pattern", c.pattern},
                       {"count", c.count},
                       {"example", describe(c.example)}});
  return {{"usable", verdict.usable},
          {"verdicts", verdicts},
          {"problem_classes", classes},
          {"working_crs",
           {{"definition", d.crs.definition}, {"name", d.crs.name}, {"rule", d.crs.rule}}},
          {"layers", layers},
          {"townships",
           {{"total", d.admin.townships.size()},
            {"urban", urban},
            {"rural", rural},
            {"unknown", unknown}}},
          {"admin_units", d.admin.units.size()},
          {"problems", problems}};
}

// The roads layer is read only by network catchments; check opens it too, so a broken road
// source is found before a run (an OSM extract is parsed with the walk profile).
void check_roads(const Scenario& sc, LoadResult& r, Progress& progress) {
  const LayerSpec* spec = sc.layer("roads");
  if (!spec) return;
  if (is_osm_source(*spec)) {
    require_regular_source(spec->source, spec->display_source(), "");
    try {
      const auto built =
          io::read_osm_road_graph(spec->source, network::make_profile(network::TravelMode::walk),
                                  lonlat_projector(r.dataset.crs.definition), progress);
      LayerReport report;
      report.role = "roads";
      report.source = spec->display_source();
      report.driver = "OSM (libosmium)";
      report.crs = "EPSG:4326";
      report.features_read = static_cast<std::int64_t>(built.graph.piece_count());
      report.kept = report.features_read;
      r.layers.push_back(report);
    } catch (const Error&) {
      throw;
    } catch (const std::exception& e) {
      throw InputError(spec->display_source(), "", -1, "",
                       std::string("not a readable OSM file: ") + e.what());
    }
    return;
  }
  r.layers.push_back(
      read_road_layer(*spec, r.dataset.crs.definition, r.dataset.problems, progress).report);
}

// "rejected  youth (青年), field '残疾类别': category '…' is not ..."
std::string describe_class(const ProblemClass& c) {
  return std::string(to_string(c.severity)) + " in layer '" + c.layer + "'" +
         (c.field.empty() ? "" : ", field '" + c.field + "'") + ": " + c.pattern;
}

}  // namespace

int run_check(const CheckOptions& options, const CommonOptions& common) {
  const Scenario sc = read_scenario(options.scenario);
  check_parameters(sc);
  OutputTransaction out;
  out.force = common.force;
  out.protect_scenario(sc);
  if (!options.problems_path.empty()) out.check(options.problems_path);
  TerminalProgress progress(common.json ? ProgressStyle::quiet : common.progress);
  LoadResult r = load_spread_dataset(sc, progress);
  check_roads(sc, r, progress);
  // What is shown and written follows [privacy]: youth rows by pseudonym.
  r.dataset.problems = published_problems(sc, r.dataset.problems, privacy_options(sc));
  if (!options.problems_path.empty()) {
    write_problems_layer(r.dataset.problems, options.problems_path, out);
    out.commit();
  }
  const DataVerdict verdict = judge_layers(r.layers, check_settings(sc));
  const int exit_code = verdict.usable ? 0 : static_cast<int>(ExitCode::input);

  if (common.json) {
    std::printf("%s\n", report_json(r, verdict).dump(2).c_str());
    return exit_code;
  }
  const Dataset& d = r.dataset;
  // First, one line per layer: what was read, kept, repaired and rejected, and the verdict.
  fmt::print("scenario   {}\n\n", sc.file.string());
  fmt::print("{:<10} {:<28} {:>9} {:>9} {:>8} {:>8} {:>8}  {}\n", "layer", "source:layer", "read",
             "kept", "repaired", "rejected", "warnings", "verdict");
  for (const LayerVerdict& v : verdict.layers) {
    std::string src = v.source;
    if (auto slash = src.find_last_of('/'); slash != std::string::npos) src = src.substr(slash + 1);
    fmt::print("{:<10} {:<28} {:>9} {:>9} {:>8} {:>8} {:>8}  {}\n", v.role, src + ":" + v.layer,
               v.read, v.kept, v.repaired, v.rejected, v.warnings, v.verdict);
  }
  fmt::print("\nworking CRS {} — {}\n", d.crs.name, d.crs.rule);
  for (const LayerReport& l : r.layers)
    fmt::print("  {:<10} read in {}\n", l.role,
               l.crs.size() > 60 ? l.crs.substr(0, 57) + "..." : l.crs);
  print_locate_summaries(r.layers);
  int urban = 0, rural = 0;
  for (auto t : d.admin.townships) {
    const auto ur = d.admin.units[static_cast<std::size_t>(t)].urban_rural;
    urban += ur == UrbanRural::urban;
    rural += ur == UrbanRural::rural;
  }
  fmt::print("\ntownships  {} ({} urban, {} rural, {} unclassified); {} admin units in all\n",
             d.admin.townships.size(), urban, rural, d.admin.townships.size() - urban - rural,
             d.admin.units.size());
  for (const LayerReport& l : r.layers)
    for (const std::string& n : l.notes) fmt::print("note       {}: {}\n", l.role, n);
  const auto& all = d.problems.all();
  if (!all.empty()) {
    // Grouped by kind, most first, one example each: the cause of 6,000 rejections comes first.
    const auto classes = problem_classes(d.problems);
    fmt::print("\nproblems   {} rejected, {} repaired, {} warnings, of {} kinds{}\n",
               d.problems.count(Severity::rejected), d.problems.count(Severity::repaired),
               d.problems.count(Severity::warning), classes.size(),
               options.problems_path.empty() ? " (write them all with --problems FILE.gpkg)" : "");
    const std::size_t shown = std::min<std::size_t>(classes.size(), 25);
    for (std::size_t i = 0; i < shown; ++i) {
      const ProblemClass& c = classes[i];
      fmt::print("  {:>7} × {}\n            e.g. {}\n", c.count, describe_class(c),
                 describe(c.example));
    }
    if (shown < classes.size())
      fmt::print("  ... and {} more kinds (all of them with --json or --problems)\n",
                 classes.size() - shown);
  }
  if (verdict.usable) {
    fmt::print("\nusable: yes\n");
  } else {
    fmt::print(
        "\nusable: NO\n{}\nFix the data or the field mapping, or raise [check] "
        "max_rejected_share to run anyway.\n",
        verdict.reasons);
  }
  return exit_code;
}

}  // namespace sunplan::cli
