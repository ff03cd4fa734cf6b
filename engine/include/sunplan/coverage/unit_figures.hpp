// Coverage figures for every admin unit (township up to province) and the whole area.
//
//   UnitFiguresInput in{d.admin, d.youth.count, d.youth.township, d.bases, reach, served, radii};
//   UnitFiguresResult f = unit_figures(in, {}, progress);
//   f.units[u].youth, .in_reach, .served, .served_rate, .p90_nearest, .accessibility ...
//   f.total (every youth and base, including those outside every unit)
//
// Definitions (docs/coverage.md has the details):
//  - in reach: youth at points with at least one base within its radius; served: assigned by
//    assign_served(). Rates are over youth, NaN when the unit has no youth.
//  - urban/rural split by the class of the youth's township (unit_class()).
//  - distance to the nearest base, weighted by count: mean, and the 90th percentile by the
//    nearest-rank method (the smallest d with at least ceil(0.9 N) youth at distance <= d).
//    NaN when the unit has no youth or there is no active base.
//  - accessibility: enhanced two-step floating catchment (E2SFCA, Luo & Qi 2009) with
//    stepwise decay inside each base's radius; a unit's score is the youth-weighted mean of
//    its points' scores.
// Figures roll up through AdminUnit::parent; youth or bases with township kNone count only in
// `total`.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/coverage/distance_reach.hpp"
#include "sunplan/coverage/served_assignment.hpp"

namespace sunplan::coverage {

struct E2sfcaOptions {
  // Zone upper bounds as fractions of each base's radius, and their weights. Defaults: three
  // equal zones with Luo & Qi's (2009) slow-decay weights 1.00, 0.68, 0.22.
  std::vector<double> zone_fraction = {1.0 / 3.0, 2.0 / 3.0, 1.0};
  std::vector<double> zone_weight = {1.00, 0.68, 0.22};
  // Supply S_j: one per base (score = bases per youth), or the base's capacity (places per
  // youth), with unlimited capacity counted as `unlimited_supply`.
  bool supply_is_capacity = false;
  double unlimited_supply = 50.0;
};

struct UnitFiguresOptions {
  E2sfcaOptions e2sfca;
  double percentile = 0.9;
};

struct ClassFigures {
  std::int64_t youth = 0;
  std::int64_t in_reach = 0;
  std::int64_t served = 0;
};

struct UnitFigures {
  std::int64_t youth = 0;
  std::int64_t in_reach = 0;
  std::int64_t served = 0;
  std::int64_t unserved_no_base = 0;  // not served, no base in reach
  std::int64_t unserved_full = 0;     // not served, bases in reach all full
  double reach_rate = 0.0;            // in_reach / youth (NaN without youth)
  double served_rate = 0.0;           // served / youth
  // Index static_cast<int>(UrbanRural): unknown, urban, rural.
  std::array<ClassFigures, 3> by_class;
  double mean_nearest = 0.0;  // in the coverage result's measure (metres or seconds)
  double p90_nearest = 0.0;   // same measure; the `percentile` option, 0.9 by default
  // bases[type][status], counted by the base's township.
  std::array<std::array<std::int32_t, 3>, kBaseTypeCount> bases{};
  std::int64_t base_load = 0;  // youth served by bases located in this unit
  double accessibility = 0.0;  // youth-weighted mean E2SFCA score (NaN without youth)
};

struct UnitFiguresInput {
  const AdminUnits& admin;
  std::span<const std::int32_t> youth_count;
  std::span<const std::int32_t> youth_township;
  const Bases& bases;
  const DistanceReach& reach;
  const ServedAssignment& served;
  std::span<const double> radius_m;  // per base, as passed to distance_reach()
};

struct UnitFiguresResult {
  std::vector<UnitFigures> units;           // aligned with admin.units
  UnitFigures total;                        // the whole area
  std::vector<double> point_accessibility;  // E2SFCA A_i per demand point
  std::vector<double> facility_ratio;       // E2SFCA R_j per base (0 for unreached/excluded)
};

UnitFiguresResult unit_figures(const UnitFiguresInput& input, const UnitFiguresOptions& options,
                               Progress& progress);

// The E2SFCA step alone: A_i per demand point and R_j per facility.
struct E2sfcaResult {
  std::vector<double> point_score;
  std::vector<double> facility_ratio;
};
E2sfcaResult e2sfca(std::span<const std::int32_t> demand, const ReachMatrix& reach,
                    std::span<const double> radius_m, std::span<const double> supply,
                    const E2sfcaOptions& options);

}  // namespace sunplan::coverage
