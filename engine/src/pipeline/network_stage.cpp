#include "network_stage.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "result_layers.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/graph_cache_file.hpp"
#include "sunplan/io/input_limits.hpp"
#include "sunplan/io/raster_writer.hpp"
#include "sunplan/io/road_layer.hpp"
#include "sunplan/network/network_reach.hpp"
#include "sunplan/network/travel_times.hpp"

namespace sunplan {

namespace fs = std::filesystem;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Above this many cells the raster's cell grows: a national grid at 200 m would be tens of GB.
constexpr double kMaxGridCells = 16e6;
// The `roads` layer is a map aid; a provincial graph would dwarf every other layer.
constexpr std::size_t kMaxRoadsLayerPieces = 500000;

[[noreturn]] void bad(const Scenario& sc, const std::string& what) {
  throw UsageError(sc.file.string() + ": " + what);
}

const LayerReport* report_for(const LoadResult& load, const std::string& role) {
  for (const LayerReport& r : load.layers)
    if (r.role == role) return &r;
  return nullptr;
}

void report_unroutable(const LoadResult& load, ProblemLog& log, const std::string& role,
                       const std::vector<network::Location>& at, const PointSet& pos,
                       const std::vector<std::string>& ids, const std::vector<std::int64_t>& rows,
                       const std::string& why, std::size_t& count) {
  const LayerReport* lr = report_for(load, role);
  const geo::Transformer to_lonlat(load.dataset.crs.definition, "EPSG:4326");
  for (std::size_t i = 0; i < at.size(); ++i) {
    if (at[i].routable()) continue;
    ++count;
    Problem p;
    p.severity = Severity::warning;
    p.file = lr ? lr->source : role;
    p.layer = lr ? lr->layer : role;
    p.row = rows[i];
    p.reason = why;
    p.feature_id = ids[i];
    double x = pos.x[i], y = pos.y[i];
    if (to_lonlat.transform(x, y)) p.lonlat = Vec2{x, y};
    log.add(std::move(p));
  }
}

}  // namespace

bool network_mode(const Scenario& sc) {
  const std::string mode = sc.settings.text("catchment.mode");
  if (mode != "distance" && mode != "network")
    bad(sc, "catchment.mode must be \"distance\" or \"network\", not '" + mode + "'");
  return mode == "network";
}

NetworkSettings network_settings(const Scenario& sc, const std::string& output_path) {
  const Settings& s = sc.settings;
  NetworkSettings o;
  const std::string profile = s.text("network.profile");
  const auto mode = network::parse_travel_mode(profile);
  if (!mode) bad(sc, "network.profile must be walk, bicycle, ebike or car, not '" + profile + "'");
  o.profile = network::make_profile(*mode);
  for (const std::string& cls : s.keys_under("network.speed_kmh")) {
    const double v = s.number("network.speed_kmh." + cls, 0.0);
    if (v > 0)
      o.profile.speed_kmh[cls] = v;
    else if (v == 0)
      o.profile.speed_kmh.erase(cls);  // 0 forbids the class
    else
      bad(sc, "network.speed_kmh." + cls + " must be >= 0 km/h (0 forbids the class)");
  }
  const double cutoff_min = s.number("network.cutoff_min");
  if (!(cutoff_min > 0) || !std::isfinite(cutoff_min))
    bad(sc, "network.cutoff_min must be > 0 minutes");
  o.cutoff_s = cutoff_min * 60.0;
  const auto bands = s.numbers("network.cutoffs_min");
  if (bands.empty()) bad(sc, "network.cutoffs_min needs at least one cutoff");
  o.cutoffs_s.clear();
  for (double b : bands) {
    if (!(b > 0) || !std::isfinite(b)) bad(sc, "network.cutoffs_min values must be > 0 minutes");
    if (!o.cutoffs_s.empty() && b * 60.0 <= o.cutoffs_s.back())
      bad(sc, "network.cutoffs_min must be strictly ascending");
    o.cutoffs_s.push_back(b * 60.0);
  }
  o.max_snap_m = s.number("network.max_snap_m");
  if (!(o.max_snap_m >= 0)) bad(sc, "network.max_snap_m must be >= 0 metres");
  o.offroad_walk_kmh = s.number("network.offroad_walk_kmh");
  if (!(o.offroad_walk_kmh > 0)) bad(sc, "network.offroad_walk_kmh must be > 0");
  const std::string iso = s.text("network.isochrone_mode");
  if (iso == "per_base")
    o.isochrone_mode = network::IsochroneMode::per_source;
  else if (iso == "dissolved")
    o.isochrone_mode = network::IsochroneMode::dissolved;
  else if (iso == "by_nearest_base")
    o.isochrone_mode = network::IsochroneMode::by_nearest_source;
  else
    bad(sc,
        "network.isochrone_mode must be per_base, dissolved or by_nearest_base, not '" + iso + "'");
  o.buffer_m = s.number("network.buffer_m");
  if (!(o.buffer_m > 0)) bad(sc, "network.buffer_m must be > 0 metres");
  const std::string cache = s.text("network.cache_dir", "");
  if (cache.empty()) {
    o.cache_dir = fs::path(output_path.empty() ? sc.output : output_path).parent_path() /
                  "sunplan-graph-cache";
  } else {
    o.cache_dir = fs::path(cache).is_relative() ? sc.folder / cache : fs::path(cache);
  }
  o.grid_cell_m = s.number("network.grid_cell_m");
  if (!(o.grid_cell_m >= 0)) bad(sc, "network.grid_cell_m must be >= 0 metres (0 = no raster)");
  o.write_roads = s.boolean("network.roads_layer");
  return o;
}

coverage::CoverageResult coverage_from_reach(const Dataset& d, CatchmentMeasure measure,
                                             coverage::DistanceReach reach,
                                             std::vector<double> radius,
                                             const coverage::CoverageOptions& options,
                                             Progress& progress) {
  coverage::CoverageResult r;
  r.measure = measure;
  r.radius = std::move(radius);
  r.reach = std::move(reach);
  r.served = coverage::assign_served(d.youth.count, r.reach.reach, d.bases.capacity, options.served,
                                     progress);
  const coverage::UnitFiguresInput in{d.admin, d.youth.count, d.youth.township, d.bases,
                                      r.reach, r.served,      r.radius};
  r.figures = coverage::unit_figures(in, options.figures, progress);
  r.gaps = coverage::rank_gaps(d.admin, r.figures, options.gaps);
  return r;
}

NetworkCoverage network_coverage(const NetworkStage& st, const Dataset& d,
                                 const coverage::CoverageOptions& options, Progress& progress) {
  const NetworkSettings& ns = st.settings;
  // Bases whose status counts serve; the rest (e.g. candidates) are cleared from the search.
  const std::vector<double> radii = coverage::base_radii_m(d.bases, d.admin, options.radii);
  NetworkCoverage out;
  out.facility_at = st.base_at;
  std::vector<double> radius(d.bases.size(), -1.0);
  for (std::size_t j = 0; j < d.bases.size(); ++j) {
    if (radii[j] >= 0)
      radius[j] = ns.cutoff_s;
    else
      out.facility_at[j] = network::Location{};
  }
  // Reach within the catchment cutoff, and the nearest base without a cutoff.
  network::ReachOptions ro;
  ro.cutoff_s = ns.cutoff_s;
  ro.offroad_walk_kmh = ns.offroad_walk_kmh;
  ro.direction = network::ReachDirection::demand_to_facility;
  coverage::DistanceReach reach;
  reach.reach = network::network_reach(st.built.graph, out.facility_at, st.youth_at, ro, progress);
  network::TravelOptions to;
  to.offroad_walk_kmh = ns.offroad_walk_kmh;
  out.times = network::multi_source_times(st.toward, out.facility_at, {}, to, progress);
  const std::size_t n = d.youth.size();
  reach.nearest.assign(n, kNone);
  reach.nearest_cost.assign(n, kInf);
  reach.in_reach_count.assign(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    reach.in_reach_count[i] = static_cast<std::int32_t>(reach.reach.row_size(i));
    if (!st.youth_at[i].routable()) continue;
    const network::Arrival a = network::arrival(st.toward, out.times, st.youth_at[i], to);
    if (!a.reached()) continue;
    reach.nearest[i] = static_cast<std::int32_t>(a.source);
    reach.nearest_cost[i] = a.seconds;
  }
  out.coverage = coverage_from_reach(d, CatchmentMeasure::seconds, std::move(reach),
                                     std::move(radius), options, progress);
  return out;
}

namespace {
void stage_on_graph(NetworkStage& st, LoadResult& load, const coverage::CoverageOptions& options,
                    Progress& progress);
}  // namespace

NetworkStage run_network_stage(const Scenario& sc, const NetworkSettings& ns, LoadResult& load,
                               const coverage::CoverageOptions& options, Progress& progress) {
  const LayerSpec* spec = sc.layer("roads");
  if (!spec)
    bad(sc,
        "catchment.mode = \"network\" needs a [layers.roads] layer (a line layer or an OSM .pbf)");
  Dataset& d = load.dataset;
  const std::string& crs = d.crs.definition;
  NetworkStage st;
  st.settings = ns;

  // 1. Graph.
  LayerReport roads_report;
  if (is_osm_source(*spec)) {
    require_regular_source(spec->source, spec->display_source(), "");
    progress.message("roads: reading OpenStreetMap " + spec->display_source());
    auto cached = io::cached_osm_road_graph(spec->source, ns.profile, crs, lonlat_projector(crs),
                                            ns.cache_dir, progress);
    st.built = std::move(cached.built);
    st.graph_from_cache = cached.from_cache;
    roads_report.role = "roads";
    roads_report.source = spec->display_source();
    roads_report.layer = "roads";
    roads_report.driver = "OSM (libosmium)";
    roads_report.crs = "EPSG:4326";
    roads_report.features_read = static_cast<std::int64_t>(st.built.report.ways_read);
    roads_report.kept = static_cast<std::int64_t>(st.built.report.ways_used);
  } else {
    RoadLayer roads = read_road_layer(*spec, crs, d.problems, progress);
    roads_report = roads.report;
    st.built = network::build_road_graph(roads.lines, ns.profile, progress);
  }
  const network::GraphReport& gr = st.built.report;
  if (gr.nodes_dropped > 0) {
    Problem p;
    p.severity = Severity::warning;
    p.file = roads_report.source;
    p.layer = roads_report.layer;
    p.reason = std::to_string(gr.nodes_dropped) + " of " + std::to_string(gr.nodes_before) +
               " junctions and " + std::to_string(gr.pieces_dropped) +
               " road pieces lie outside the largest strongly connected part of the " +
               network::to_string(ns.profile.mode) + " network (" + std::to_string(gr.components) +
               " parts found); they are not used";
    d.problems.add(std::move(p));
    ++roads_report.warnings;
  }
  load.layers.push_back(roads_report);
  if (st.built.graph.node_count() == 0)
    throw InputError(roads_report.source, roads_report.layer, -1, "",
                     std::string("no road in the layer is usable by the ") +
                         network::to_string(ns.profile.mode) +
                         " profile (check the class field and [network] speed_kmh)");
  progress.message("roads: " + std::to_string(st.built.graph.node_count()) + " junctions, " +
                   std::to_string(st.built.graph.piece_count()) + " pieces" +
                   (st.graph_from_cache ? " (from cache)" : ""));
  st.toward = network::reversed(st.built.graph);
  stage_on_graph(st, load, options, progress);
  return st;
}

NetworkStage rerun_network_stage(const NetworkStage& previous, LoadResult& load,
                                 const coverage::CoverageOptions& options, Progress& progress) {
  NetworkStage st;
  st.settings = previous.settings;
  st.built = previous.built;
  st.toward = previous.toward;
  st.graph_from_cache = previous.graph_from_cache;
  stage_on_graph(st, load, options, progress);
  return st;
}

namespace {

// Steps 2 to 5 of the stage, once st.settings, st.built and st.toward are set.
void stage_on_graph(NetworkStage& st, LoadResult& load, const coverage::CoverageOptions& options,
                    Progress& progress) {
  const NetworkSettings& ns = st.settings;
  Dataset& d = load.dataset;

  // 2. Snapping. Every base is snapped (candidates matter for siting), only active ones serve.
  const network::SnapIndex index(st.toward);
  const network::SnapOptions snap{ns.max_snap_m};
  st.base_at = index.snap_all(d.bases.pos, snap, progress);
  st.youth_at = index.snap_all(d.youth.pos, snap, progress);
  const std::string why = "unroutable: farther than max_snap_m = " +
                          std::to_string(static_cast<long long>(ns.max_snap_m)) +
                          " m from every road the " + network::to_string(ns.profile.mode) +
                          " profile may use (not joined to a road)";
  report_unroutable(load, d.problems, "bases", st.base_at, d.bases.pos, d.bases.id,
                    d.bases.source_row, why, st.unroutable_bases);
  report_unroutable(load, d.problems, "youth", st.youth_at, d.youth.pos, d.youth.id,
                    d.youth.source_row, why + "; counted as unserved, no base in reach",
                    st.unroutable_youth);
  NetworkCoverage nc = network_coverage(st, d, options, progress);
  st.facility_at = std::move(nc.facility_at);
  st.times = std::move(nc.times);
  st.nearest_s = nc.coverage.reach.nearest_cost;
  st.coverage = std::move(nc.coverage);

  // 4. Isochrone bands, and per-base catchment polygons at the cutoff for the gap polygons.
  network::IsochroneOptions io;
  io.cutoffs_s = ns.cutoffs_s;
  io.mode = ns.isochrone_mode;
  io.buffer_m = ns.buffer_m;
  io.offroad_walk_kmh = ns.offroad_walk_kmh;
  st.isochrones = network::isochrones(st.toward, st.facility_at, {}, io, progress);
  network::IsochroneOptions per_base = io;
  per_base.cutoffs_s = {ns.cutoff_s};
  per_base.mode = network::IsochroneMode::per_source;
  std::vector<CatchmentArea> areas;
  for (network::Isochrone& iso :
       network::isochrones(st.toward, st.facility_at, {}, per_base, progress))
    areas.push_back({static_cast<std::int32_t>(iso.source), std::move(iso.area)});
  st.geometry = coverage_geometry(d, st.coverage, std::move(areas), progress);
  Box study;
  for (std::int32_t t : d.admin.townships)
    if (const auto& geom = d.admin.units[static_cast<std::size_t>(t)].geometry; !geom.empty())
      study.expand(bounds(geom));

  // 5. Travel-time grid over the study area (or the graph when there are no outlines).
  if (ns.grid_cell_m > 0) {
    const Box b = study.empty() ? bounds(st.built.graph.nodes) : study;
    double cell = ns.grid_cell_m;
    const double cells =
        std::ceil((b.max_x - b.min_x) / cell) * std::ceil((b.max_y - b.min_y) / cell);
    if (cells > kMaxGridCells) {
      cell *= std::sqrt(cells / kMaxGridCells);
      cell = std::ceil(cell);
      progress.message("travel-time raster: cell enlarged to " +
                       std::to_string(static_cast<long long>(cell)) +
                       " m to stay under 16 million cells");
    }
    network::GridSpec gs;
    gs.cell_m = cell;
    gs.origin_x = std::floor(b.min_x / cell) * cell;
    gs.origin_y = std::ceil(b.max_y / cell) * cell;
    gs.cols = static_cast<std::uint32_t>(std::max(1.0, std::ceil((b.max_x - gs.origin_x) / cell)));
    gs.rows = static_cast<std::uint32_t>(std::max(1.0, std::ceil((gs.origin_y - b.min_y) / cell)));
    network::GridOptions go;
    go.max_snap_m = ns.max_snap_m;
    go.travel.offroad_walk_kmh = ns.offroad_walk_kmh;
    go.travel.cutoff_s = std::max(ns.cutoff_s, ns.cutoffs_s.back());
    st.grid = network::travel_time_grid(st.toward, index, st.times, gs, go, progress);
  }
}

}  // namespace

ReachMatrix network_reach_for(const NetworkStage& st, const PointSet& demand,
                              std::span<const std::int32_t> base_of, double cutoff_s,
                              Progress& progress) {
  const network::SnapIndex index(st.built.graph);
  const auto demand_at = index.snap_all(demand, {st.settings.max_snap_m}, progress);
  std::vector<network::Location> facilities;
  facilities.reserve(base_of.size());
  for (std::int32_t b : base_of) facilities.push_back(st.base_at[static_cast<std::size_t>(b)]);
  network::ReachOptions ro;
  ro.cutoff_s = cutoff_s;
  ro.offroad_walk_kmh = st.settings.offroad_walk_kmh;
  ro.direction = network::ReachDirection::demand_to_facility;
  return network::network_reach(st.built.graph, facilities, demand_at, ro, progress);
}

ReachMatrix team_travel(const NetworkStage& st, LoadResult& load, double cutoff_s,
                        Progress& progress) {
  Dataset& d = load.dataset;
  const network::SnapIndex index(st.built.graph);
  const auto team_at = index.snap_all(d.teams.pos, {st.settings.max_snap_m}, progress);
  std::size_t unroutable = 0;
  report_unroutable(
      load, d.problems, "teams", team_at, d.teams.pos, d.teams.id, d.teams.source_row,
      "unroutable: farther than max_snap_m from every road; pairs with no youth by travel time",
      unroutable);
  network::ReachOptions ro;
  ro.cutoff_s = cutoff_s;
  ro.offroad_walk_kmh = st.settings.offroad_walk_kmh;
  ro.direction = network::ReachDirection::demand_to_facility;
  return network::network_reach(st.built.graph, team_at, st.youth_at, ro, progress);
}

std::vector<OutputLayer> network_layers(const LoadResult& load, const NetworkStage& st) {
  const Dataset& d = load.dataset;
  std::vector<OutputLayer> layers;
  OutputLayer iso("isochrones", GeometryKind::polygon);
  iso.fields = {{"band", FieldType::integer},
                {"cutoff_min", FieldType::real},
                {"base_id", FieldType::text},
                {"mode", FieldType::text},
                {"profile", FieldType::text}};
  const char* mode = st.settings.isochrone_mode == network::IsochroneMode::per_source ? "per_base"
                     : st.settings.isochrone_mode == network::IsochroneMode::dissolved
                         ? "dissolved"
                         : "by_nearest_base";
  for (const network::Isochrone& is : st.isochrones) {
    const auto band =
        std::find(st.settings.cutoffs_s.begin(), st.settings.cutoffs_s.end(), is.cutoff_s) -
        st.settings.cutoffs_s.begin();
    iso.add_polygon(is.area,
                    {std::int64_t{band + 1}, is.cutoff_s / 60.0,
                     is.source == network::kNone ? FieldValue{} : FieldValue{d.bases.id[is.source]},
                     std::string(mode), std::string(network::to_string(st.settings.profile.mode))});
  }
  layers.push_back(std::move(iso));

  const network::RoadGraph& g = st.built.graph;
  if (st.settings.write_roads && g.piece_count() <= kMaxRoadsLayerPieces) {
    // Minutes to the nearest base from each end of the piece, from the same search as the raster.
    const network::TravelTimes& times = st.times;
    OutputLayer roads("roads", GeometryKind::line);
    roads.fields = {{"piece", FieldType::integer},         {"length_m", FieldType::real},
                    {"forward_min", FieldType::real},      {"backward_min", FieldType::real},
                    {"from_min_to_base", FieldType::real}, {"to_min_to_base", FieldType::real},
                    {"nearest_base", FieldType::text}};
    for (std::uint32_t p = 0; p < g.piece_count(); ++p) {
      std::vector<Vec2> line(g.piece_point_count(p));
      for (std::uint32_t k = 0; k < line.size(); ++k) line[k] = g.piece_point(p, k);
      const float ta = times.node_seconds[g.piece_from[p]], tb = times.node_seconds[g.piece_to[p]];
      const std::uint32_t src =
          ta <= tb ? times.node_source[g.piece_from[p]] : times.node_source[g.piece_to[p]];
      roads.add_line(
          std::move(line),
          {std::int64_t{p}, double{g.piece_length_m[p]}, minutes_or_null(g.piece_forward_s[p]),
           minutes_or_null(g.piece_backward_s[p]), minutes_or_null(ta), minutes_or_null(tb),
           src == network::kNone ? FieldValue{} : FieldValue{d.bases.id[src]}});
    }
    layers.push_back(std::move(roads));
  }
  return layers;
}

std::string write_travel_time_raster(OutputTransaction& out, const std::string& output_path,
                                     const LoadResult& load, const NetworkStage& st) {
  if (st.grid.minutes.empty()) return {};
  const fs::path path = fs::path(output_path).replace_extension("").string() + "-travel-time.tif";
  RasterGrid rg{st.grid.spec.origin_x, st.grid.spec.origin_y, st.grid.spec.cell_m,
                st.grid.spec.cols, st.grid.spec.rows};
  write_float_geotiff(out, path.string(), rg, st.grid.minutes, load.dataset.crs.definition,
                      "minutes to the nearest base (" +
                          std::string(network::to_string(st.settings.profile.mode)) + ")");
  return path.string();
}

Routable routable_of(const NetworkStage& st) {
  Routable routable;
  for (const network::Location& at : st.base_at) routable.bases.push_back(at.routable());
  for (const network::Location& at : st.youth_at) routable.youth.push_back(at.routable());
  return routable;
}

}  // namespace sunplan
