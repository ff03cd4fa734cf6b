// Road-network catchments for `sunplan run` ([catchment] mode = "network").
//
//   NetworkSettings ns = network_settings(sc, out_path);      // reads and checks [network]
//   NetworkStage st = run_network_stage(sc, ns, load, cov_options, progress);
//   st.coverage.measure == CatchmentMeasure::seconds  // every cost below is travel seconds
//   st.coverage.reach.nearest_cost[i]                // seconds to the nearest base
//   auto layers = network_layers(load, st);          // isochrones (+ roads)
//
// Youth travel to the bases: every time is measured *towards* a base, on the reversed graph
// when one-way streets bind the profile. The catchment of a base is every point whose trip
// to it (off-road legs at walking speed included) takes at most cutoff_min. Bases and youth
// farther than max_snap_m from every usable road are unroutable: they are reported as
// warnings in the problems layer and never joined to a far road; such youth count as
// unserved with reason no_base_in_reach.
#pragma once

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "coverage_geometry.hpp"
#include "result_layers.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/coverage/coverage.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/network/isochrones.hpp"
#include "sunplan/network/road_graph.hpp"
#include "sunplan/network/snap.hpp"
#include "sunplan/network/travel_time_grid.hpp"
#include "sunplan/network/travel_times.hpp"

namespace sunplan {

class OutputTransaction;

struct NetworkSettings {
  network::Profile profile;
  double cutoff_s = 1800.0;                              // the catchment
  std::vector<double> cutoffs_s{900, 1800, 2700, 3600};  // isochrone bands, ascending
  double max_snap_m = 500.0;
  double offroad_walk_kmh = 5.0;
  network::IsochroneMode isochrone_mode = network::IsochroneMode::dissolved;
  double buffer_m = 100.0;
  std::filesystem::path cache_dir;  // OSM graphs only
  double grid_cell_m = 200.0;       // 0 = no travel-time raster
  bool write_roads = true;          // the `roads` result layer
};

// Is [catchment] mode "network"? Throws UsageError for modes other than distance/network.
bool network_mode(const Scenario& scenario);

// Reads every [network] key (so unknown ones are caught by require_all_used) and checks them.
// output_path locates the default cache folder: <output folder>/sunplan-graph-cache.
NetworkSettings network_settings(const Scenario& scenario, const std::string& output_path);

struct NetworkStage {
  NetworkSettings settings;
  network::BuiltGraph built;  // forward graph (largest strongly connected part)
  network::RoadGraph toward;  // reversed: searches from bases give times *to* them
  bool graph_from_cache = false;
  std::vector<network::Location> base_at;      // every base as snapped (piece kNone: unroutable)
  std::vector<network::Location> facility_at;  // base_at with inactive statuses cleared
  std::vector<network::Location> youth_at;
  std::size_t unroutable_bases = 0, unroutable_youth = 0;
  network::TravelTimes times;         // from the active bases on `toward`, no cutoff
  std::vector<double> nearest_s;      // per youth, to the nearest active base (inf if none)
  coverage::CoverageResult coverage;  // measure: seconds
  std::vector<network::Isochrone> isochrones;
  network::TravelTimeGrid grid;  // empty when grid_cell_m == 0
  CoverageGeometry geometry;     // catchments = per-base isochrones at cutoff_s
};

// The stage again on `previous`'s road graph (copied, not rebuilt from the roads layer) for
// an edited dataset: snaps, reach, nearest times, coverage, isochrones, gaps and the grid are
// recomputed exactly as run_network_stage would on the same graph.
NetworkStage rerun_network_stage(const NetworkStage& previous, LoadResult& load,
                                 const coverage::CoverageOptions& options, Progress& progress);

// Coverage by travel time for the bases of `d` whose status counts (options.radii), on the
// stage's graph and snaps: `d` must have the stage's bases and youth (statuses may differ, e.g.
// siting's chosen candidates turned planned).
struct NetworkCoverage {
  std::vector<network::Location> facility_at;  // base_at with inactive bases cleared
  network::TravelTimes times;                  // from the active bases, no cutoff
  coverage::CoverageResult coverage;           // measure: seconds
};
NetworkCoverage network_coverage(const NetworkStage& st, const Dataset& d,
                                 const coverage::CoverageOptions& options, Progress& progress);

// Builds the graph from the scenario's roads layer, snaps, computes reach within cutoff_s,
// nearest times, served assignment, figures, gaps, isochrones and the grid. Road-layer and
// unroutable-point problems go into load.dataset.problems; the roads LayerReport into
// load.layers. Throws UsageError when the scenario has no roads layer.
NetworkStage run_network_stage(const Scenario& scenario, const NetworkSettings& settings,
                               LoadResult& load, const coverage::CoverageOptions& options,
                               Progress& progress);

// The rest of coverage from a precomputed reach (costs in `measure`, radius per base in the
// same measure, negative = inactive): served assignment, unit figures and gaps.
coverage::CoverageResult coverage_from_reach(const Dataset& d, CatchmentMeasure measure,
                                             coverage::DistanceReach reach,
                                             std::vector<double> radius,
                                             const coverage::CoverageOptions& options,
                                             Progress& progress);

// Travel-time reach from any demand points (e.g. siting's aggregated youth) to the bases listed
// in base_of (any status, candidates included), on the stage's graph: row i lists positions k
// in base_of whose base is reachable within cutoff_s. Demand beyond max_snap_m gets empty rows.
ReachMatrix network_reach_for(const NetworkStage& st, const PointSet& demand,
                              std::span<const std::int32_t> base_of, double cutoff_s,
                              Progress& progress);

// Travel time from every youth to the teams within cutoff_s (row i: youth i, facility: team
// index, cost seconds), for pairing and the relay. Teams beyond max_snap_m are reported.
ReachMatrix team_travel(const NetworkStage& st, LoadResult& load, double cutoff_s,
                        Progress& progress);

// The layers only network mode has: `isochrones` (the bands) and `roads` (minutes to the
// nearest base along each piece; left out above 500,000 pieces or with roads_layer = false).
// The common layers name their fields from the coverage's measure (coverage_layers).
std::vector<OutputLayer> network_layers(const LoadResult& load, const NetworkStage& st);

// Whether each base and youth point joined the road network (the `routable` fields).
Routable routable_of(const NetworkStage& st);

// Plans <output stem>-travel-time.tif beside the GeoPackage in `out` (written now, renamed
// with the rest of the run's files); returns its final path ("" if no grid).
std::string write_travel_time_raster(OutputTransaction& out, const std::string& output_path,
                                     const LoadResult& load, const NetworkStage& st);

}  // namespace sunplan
