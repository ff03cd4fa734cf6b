// Relay (结对接力): when teams' terms end, their youth are handed over to teams that stay,
// preferring teams with room that are near: the most youth handed over, then the least
// total travel (the same capacitated min-cost assignment as pair_youth).
//
//   PairingResult p = pair_youth(d.youth, d.teams, nullptr, {}, progress);
//   RelayOptions opt;  opt.date_days = 20634;              // 2026-06-30
//   RelayPlan plan = plan_relay(d.youth, d.teams, pairs_of(p), nullptr, opt, progress);
//   for (const Handover& h : plan.handovers) ... h.youth, h.count, h.from_team, h.to_team,
//                                                 h.date_days, h.specialist, h.reason
//
// Leaving teams: term_end != kNoDate and term_end <= date_days. Receiving teams: all others,
// with room = capacity - the youth they keep (never negative). A handover's date is the
// leaving team's term_end; its specialist is the receiving team's named specialist (empty
// when the data has none). Youth that cannot be handed over are listed with the reason.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"
#include "sunplan/pairing/pair_youth.hpp"

namespace sunplan::pairing {

// One current pair: `count` youth of youth point `youth` with team `team` (input indexes).
struct CurrentPair {
  std::int32_t youth = kNone;
  std::int32_t team = kNone;
  std::int32_t count = 0;
};

// The pairs of a pairing result.
std::vector<CurrentPair> pairs_of(const PairingResult& pairing);
// The pairs recorded in the data (Youth::paired_team), whole points; ids without a team are
// skipped (pair_youth reports them as team_missing).
std::vector<CurrentPair> pairs_in_data(const Youth& youth, const Teams& teams);

struct RelayOptions {
  std::int32_t date_days = kNoDate;  // days since 1970-01-01; kNoDate: nobody leaves
  double max_distance_m = 5000.0;    // straight-line limit (no travel matrix); inclusive
  double max_cost = std::numeric_limits<double>::infinity();  // travel-matrix limit
  double cost_unit = 0.1;
  // Solver, as in PairingOptions: sparse pricing by default, the full formulation on request.
  bool exact_full = false;
  std::size_t initial_teams = 8;
  std::size_t whole_below_reach = 32;         // as PairingOptions
  std::uint64_t whole_max_arcs = 40'000'000;  // as PairingOptions
};

struct Handover {
  std::int32_t youth = kNone;  // youth point (input index)
  std::int32_t count = 0;
  std::int32_t from_team = kNone;    // the leaving team
  std::int32_t to_team = kNone;      // kNone when it cannot be handed over
  float cost = 0.0f;                 // metres or the travel matrix's unit; 0 without to_team
  std::int32_t date_days = kNoDate;  // the leaving team's term end
  std::string specialist;            // the receiving team's specialist, empty if unknown
  UnpairedReason reason = UnpairedReason::none;
};

struct RelayPlan {
  std::vector<std::int32_t> leaving;      // teams whose term ends by the date, ascending
  std::vector<Handover> handovers;        // by (youth, from_team, to_team); unplaced last per pair
  std::vector<std::int64_t> load_before;  // per team
  std::vector<std::int64_t> load_after;   // per team; 0 for leaving teams
  std::int64_t youth_to_hand_over = 0;
  std::int64_t handed_over = 0;
  std::int64_t not_handed_no_team = 0;
  std::int64_t not_handed_full = 0;
  double total_cost = 0.0;
};

// travel: optional matrix, one row per youth point, team indexes as facilities.
RelayPlan plan_relay(const Youth& youth, const Teams& teams, std::span<const CurrentPair> pairs,
                     const ReachMatrix* travel, const RelayOptions& options, Progress& progress);

}  // namespace sunplan::pairing
