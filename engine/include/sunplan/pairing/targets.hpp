// The programme's targets and progress against them per admin unit (township up to province).
//
//   Targets t;                                   // the published national figures
//   t.base_quota["310115"] = 40;                 // optional explicit quotas by division code
//   TargetsInput in{d.admin, d.youth.count, d.youth.township, pairing.paired, in_reach,
//                   d.bases, d.teams, pairing.load};
//   TargetsProgress p = target_progress(in, t);
//   p.units[u].pairing_rate, .urban_reach_rate, .bases, .base_quota, .teams_with_specialist ...
//
// Reading a targets file (TOML) is io's job; this is the struct and the computation.
// Definitions are in docs/pairing.md; the rules that are choices, not facts:
//  - national_youth (3.3 million) is the population the 70% pairing rate applies to.
//  - A unit's base quota is the explicit one for its code if given; else its parent's quota
//    times its share of the parent's youth; a unit without a parent (or whose parent has no
//    youth counted) gets national_bases times its share of national_youth. The same for
//    specialists (national_specialists).
//  - Bases counted are those whose status is in count_status (default existing + planned).
//  - Specialists counted are teams with has_specialist (one certified specialist per team).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"

namespace sunplan::pairing {

struct Targets {
  double pairing_rate = 0.70;                      // of youth paired with a team
  std::int64_t national_youth = 3'300'000;         // youth the pairing rate applies to, nationally
  double urban_reach_rate = 1.00;                  // urban youth within reach of a base
  std::int64_t national_bases = 10'000;            // service bases nationally
  std::int64_t national_specialists = 10'000;      // certified project specialists nationally
  double paired_team_specialist_rate = 1.00;       // paired teams that have a specialist
  std::map<std::string, double> base_quota;        // by division code; overrides pro rata
  std::map<std::string, double> specialist_quota;  // by division code; overrides pro rata
  std::array<bool, 3> count_status = {true, false, true};  // existing, candidate, planned
};

struct TargetsInput {
  const AdminUnits& admin;
  std::span<const std::int32_t> youth_count;
  std::span<const std::int32_t> youth_township;  // index into admin.units, kNone outside
  std::span<const std::int32_t> youth_paired;    // per youth point, e.g. PairingResult::paired
  std::span<const std::uint8_t>
      youth_in_reach;  // per youth point, 1 = a base in reach; may be empty
  const Bases& bases;
  const Teams& teams;
  std::span<const std::int64_t> team_load;  // per team, e.g. PairingResult::load
};

struct UnitProgress {
  std::int64_t youth = 0;
  std::int64_t paired = 0;
  double pairing_rate = 0.0;      // NaN without youth
  std::int64_t paired_short = 0;  // more youth to pair to reach the target rate (>= 0)
  std::int64_t urban_youth = 0;
  std::int64_t urban_in_reach = 0;
  double urban_reach_rate = 0.0;  // NaN without urban youth or without in-reach input
  std::int64_t bases = 0;
  double base_quota = 0.0;
  bool base_quota_explicit = false;
  std::int64_t teams = 0;         // teams located in the unit
  std::int64_t paired_teams = 0;  // with at least one youth paired
  std::int64_t paired_teams_with_specialist = 0;
  double paired_team_specialist_rate = 0.0;  // NaN without paired teams
  std::int64_t specialists = 0;              // teams with a certified specialist
  double specialist_quota = 0.0;
  bool specialist_quota_explicit = false;
  // Met: rate/count at or above the target (false when the rate is NaN).
  bool pairing_met = false;
  bool urban_reach_met = false;
  bool bases_met = false;
  bool specialist_teams_met = false;
  bool specialists_met = false;
};

struct TargetsProgress {
  std::vector<UnitProgress> units;  // aligned with admin.units
  UnitProgress total;               // everything, including points outside every unit
};

TargetsProgress target_progress(const TargetsInput& input, const Targets& targets);

}  // namespace sunplan::pairing
