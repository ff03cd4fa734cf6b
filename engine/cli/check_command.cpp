// `sunplan check SCENARIO`: load and validate every layer, report what was found.
#include <fmt/format.h>

#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/road_layer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/network/osm_reader.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan::cli {

namespace {

nlohmann::json box_json(const Box& b) {
  if (b.empty()) return nullptr;
  return {b.min_x, b.min_y, b.max_x, b.max_y};
}

nlohmann::json report_json(const LoadResult& r) {
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
  return {{"usable", true},
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
    try {
      const auto built = network::read_osm_road_graph(
          spec->source, network::make_profile(network::TravelMode::walk),
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

}  // namespace

int run_check(const CheckOptions& options, const CommonOptions& common) {
  const Scenario sc = read_scenario(options.scenario);
  check_parameters(sc);
  TerminalProgress progress(common.json ? ProgressStyle::quiet : common.progress);
  LoadResult r = load_dataset(sc, progress);
  check_roads(sc, r, progress);
  if (!options.problems_path.empty())
    write_problems_layer(r.dataset.problems, options.problems_path);

  if (common.json) {
    std::printf("%s\n", report_json(r).dump(2).c_str());
    return 0;
  }
  const Dataset& d = r.dataset;
  fmt::print("scenario   {}\nworking CRS {} — {}\n\n", sc.file.string(), d.crs.name, d.crs.rule);
  fmt::print("{:<10} {:<28} {:>9} {:>9} {:>8} {:>8} {:>8}  {}\n", "layer", "source:layer",
             "features", "kept", "rejected", "repaired", "warnings", "CRS");
  for (const LayerReport& l : r.layers) {
    std::string src = l.source;
    if (auto slash = src.find_last_of('/'); slash != std::string::npos) src = src.substr(slash + 1);
    fmt::print("{:<10} {:<28} {:>9} {:>9} {:>8} {:>8} {:>8}  {}\n", l.role, src + ":" + l.layer,
               l.features_read, l.kept, l.rejected, l.repaired, l.warnings,
               l.crs.size() > 24 ? l.crs.substr(0, 21) + "..." : l.crs);
  }
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
  const auto& all = d.problems.all();
  if (!all.empty()) {
    fmt::print("\nproblems   {} rejected, {} repaired, {} warnings{}\n",
               d.problems.count(Severity::rejected), d.problems.count(Severity::repaired),
               d.problems.count(Severity::warning),
               options.problems_path.empty() ? " (write them all with --problems FILE.gpkg)" : "");
    const std::size_t shown = std::min<std::size_t>(all.size(), 20);
    for (std::size_t i = 0; i < shown; ++i) fmt::print("  {}\n", describe(all[i]));
    if (shown < all.size()) fmt::print("  ... and {} more\n", all.size() - shown);
  }
  fmt::print("\nusable: yes\n");
  return 0;
}

}  // namespace sunplan::cli
