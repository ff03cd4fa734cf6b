// Teams matched to the bases and institutions they serve (rehab, care, employment-service
// centres, ...): every base gets at most one responsible team within a distance limit, each
// team takes at most `bases_per_team` bases; the most bases covered, then the least distance.
//
//   TeamBasesOptions opt;               // max_distance_m = 5000, bases_per_team = 2
//   TeamBasesResult r = match_teams_to_bases(d.bases, d.teams, opt, progress);
//   r.team[b] (kNone when left without one), r.reason[b], r.uncovered (base indexes)
//
// Same method as pair_youth (coverage::assign_served on each connected part), with each base
// a demand of one and each team a capacity of bases_per_team; bases and teams are put in a
// canonical order first, so the answer does not depend on row order.
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::pairing {

enum class BaseTeamReason : std::uint8_t {
  none,              // has a responsible team
  excluded,          // its status is not taking part (see include_status)
  no_team_in_reach,  // no team within the limit
  teams_full,        // teams in reach, all at bases_per_team
};
const char* to_string(BaseTeamReason r);

struct TeamBasesOptions {
  double max_distance_m = 5000.0;  // inclusive
  std::int32_t bases_per_team = 2;
  // Which base statuses need a team: existing, candidate, planned.
  std::array<bool, 3> include_status = {true, false, true};
  double cost_unit = 0.1;
};

struct TeamBasesResult {
  std::vector<std::int32_t> team;           // per base: responsible team (input index) or kNone
  std::vector<double> distance_m;           // per base: to its team, NaN without one
  std::vector<BaseTeamReason> reason;       // per base
  std::vector<std::int32_t> bases_of_team;  // per team: bases it is responsible for
  std::vector<std::int32_t> uncovered;      // bases taking part but left without a team, ascending
  std::int64_t bases_considered = 0;
  std::int64_t bases_covered = 0;
  double total_distance_m = 0.0;
};

TeamBasesResult match_teams_to_bases(const Bases& bases, const Teams& teams,
                                     const TeamBasesOptions& options, Progress& progress);

}  // namespace sunplan::pairing
