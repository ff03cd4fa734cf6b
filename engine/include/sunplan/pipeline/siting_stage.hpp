// Siting inside the main job: which candidate facilities to name as new bases.
//
//   SitingOptions o = siting_options(scenario);           // [siting], CLI flags override
//   SitingStage s = run_siting(d, coverage_options, o, progress);
//   s.chosen_bases (naming order), s.result.objective / bound / gap, s.after (coverage)
//
// Demand is youth aggregated by location; facilities are existing and planned bases (fixed
// open) plus candidates of the allowed types; reach is each facility's catchment radius
// (docs/coverage.md), or pmedian_radius_m for p-median.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sunplan/coverage/coverage.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/siting/model.hpp"
#include "sunplan/siting/result.hpp"

namespace sunplan {

struct SitingOptions {
  siting::ModelKind model = siting::ModelKind::mclp;
  std::size_t add = 10;       // new bases at most (mclp, pmedian, cmclp, urban-first)
  double budget = -1;         // < 0: none; else the sum of the candidates' cost
  bool urban_first = false;   // cover all urban youth first, then rural
  double target_share = 1.0;  // lscp: share of reachable youth to bring in reach
  UrbanRural scope =
      UrbanRural::unknown;                // whose youth count: unknown = all, or urban / rural only
  std::vector<BaseType> candidate_types;  // empty: every type
  double pmedian_radius_m = 50'000;       // p-median: how far a youth may be assigned
  // One coverage standard for siting (mclp, lscp, cmclp): > 0 replaces every facility's
  // [catchment] radius by type and class; in network mode cutoff_min > 0 replaces the
  // catchment cutoff. The coverage figures after naming still use the [catchment] settings.
  double radius_m = 0;
  double cutoff_min = 0;
  std::int32_t min_per_county = 0;  // at least this many new bases per county with youth
  std::int32_t max_per_county = kUnlimited;
  std::map<std::string, std::int32_t> province_quota;  // exact new bases per province code
  bool exact = false;                                  // also solve the MIP with CBC (small cases)
  double exact_time_limit_s = 60;
};

SitingOptions siting_options(const Scenario& scenario);

struct SitingStage {
  SitingOptions options;
  siting::SitingResult result;                // the plan (urban-first: both phases merged)
  std::optional<siting::SitingResult> exact;  // CBC, when asked
  std::vector<std::int32_t> chosen_bases;     // base indexes in naming order
  std::vector<double> marginal_gain;          // per chosen base
  std::size_t demand_points = 0, facilities = 0;
  Bases bases_after;               // chosen candidates as planned
  coverage::CoverageResult after;  // coverage with the chosen bases open
};

// Travel-time mode: where siting gets its reach and the coverage after naming, in place of
// straight-line radii. The pipeline sets it when [catchment] mode = "network".
struct SitingTravel {
  // Row i: positions k in base_of whose base demand point i reaches (cost in seconds).
  std::function<ReachMatrix(const PointSet& demand, std::span<const std::int32_t> base_of)> reach;
  std::function<coverage::CoverageResult(const Dataset& after)> coverage_after;
};

SitingStage run_siting(const Dataset& d, const coverage::CoverageOptions& coverage_options,
                       const SitingOptions& options, Progress& progress,
                       const SitingTravel* travel = nullptr);

// Layers: sites (chosen, ranked), site_catchments, site_effect (townships before/after),
// siting_summary (objective, bound, gap, method).
std::vector<OutputLayer> siting_layers(const Dataset& d, const coverage::CoverageResult& before,
                                       const SitingStage& s);

}  // namespace sunplan
