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
#include "sunplan/siting/solve.hpp"

namespace sunplan {

struct SitingOptions {
  siting::ModelKind model = siting::ModelKind::mclp;
  std::size_t add = 10;       // new bases at most (mclp, pmedian, cmclp, urban-first)
  bool exactly = false;       // mclp, pmedian, cmclp: exactly `add` new bases
  double budget = -1;         // < 0: none; else the sum of the candidates' cost
  bool urban_first = false;   // cover all urban youth first, then rural
  double target_share = 1.0;  // lscp: share of reachable youth to bring in reach
  UrbanRural scope =
      UrbanRural::unknown;                // whose youth count: unknown = all, or urban / rural only
  std::vector<BaseType> candidate_types;  // empty: every type
  // p-median: how far a youth may be assigned to a new base; 0 = automatic (the farthest
  // youth's nearest facility, so every youth has one). Youth with no facility within it count
  // at their nearest existing base's distance (twice the radius when there is none).
  double pmedian_radius_m = 0;
  // One coverage standard for siting (mclp, lscp, cmclp): > 0 replaces every facility's
  // [catchment] radius by type and class; in network mode cutoff_min > 0 replaces the
  // catchment cutoff. The coverage figures after naming still use the [catchment] settings.
  double radius_m = 0;
  double cutoff_min = 0;
  std::int32_t min_per_county = 0;  // at least this many new bases per county with youth
  std::int32_t max_per_county = kUnlimited;
  std::map<std::string, std::int32_t> province_quota;  // exact new bases per province code
  siting::HeuristicOptions heuristics;  // how the plan is searched (not a scenario key)
  bool exact = false;              // also solve the MIP with CBC, keep the better plan and bound
  double exact_time_limit_s = 60;  // CBC's wall-clock limit
};

SitingOptions siting_options(const Scenario& scenario);

struct SitingStage {
  SitingOptions options;
  siting::SitingResult result;  // the best plan and bound of every stage, CBC's included
  std::optional<siting::StageRecord> exact;  // what CBC did, when asked (also in result.stages)
  std::vector<std::int32_t> chosen_bases;    // base indexes in naming order
  std::vector<double> marginal_gain;         // per chosen base
  std::size_t demand_points = 0, facilities = 0;
  double pmedian_radius_m = 0;     // p-median: the assignment radius used
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

// One line about a solve stage: "lagrangian: bound 77786 (0.31 s) 300 iterations".
std::string stage_text(const siting::StageRecord& stage);

// Layers: sites (chosen, ranked), site_catchments, site_effect (townships before/after),
// siting_summary (objective, bound, gap, method).
std::vector<OutputLayer> siting_layers(const Dataset& d, const coverage::CoverageResult& before,
                                       const SitingStage& s);

}  // namespace sunplan
