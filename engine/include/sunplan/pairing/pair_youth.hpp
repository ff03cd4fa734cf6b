// Pairing (结对): youth assigned to volunteer teams within a distance or travel-time limit,
// never above a team's capacity; the most youth paired, then the least total travel.
//
//   PairingOptions opt;                 // max_distance_m = 5000, keep_existing = true
//   PairingResult p = pair_youth(d.youth, d.teams, nullptr, opt, progress);
//   p.paired[i], p.team[i], p.reason[i], p.existing[i]; flows of youth point i in
//   [p.flow_offsets[i], p.flow_offsets[i+1]) of p.flow_team / p.flow_count / p.flow_cost
//
// Method (docs/pairing.md): youth are merged by location (and, with a travel matrix, by
// identical reach rows); with keep_existing, existing pairs that are still feasible are fixed
// first (a team over capacity keeps its nearest youth, ties by youth id), then the remaining
// youth go to the remaining places by min-cost flow with a priced "unpaired" arc (most paired
// first, then least travel), on each connected part of the youth-team graph: by default with
// pricing (each location starts with its nearest teams; pairs with negative reduced cost are
// added until none is left), so memory follows the pairs the optimum needs, not all pairs in
// reach. Every figure depends only on the data, not on row order: youth and teams are put in
// a canonical order before solving.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan::pairing {

enum class UnpairedReason : std::uint8_t {
  none,              // every youth of the point is paired
  no_team_in_reach,  // no team within the limit
  teams_full,        // teams in reach, but all their places are taken
};
const char* to_string(UnpairedReason r);

// What became of a youth point's existing pair (Youth::paired_team).
enum class ExistingPair : std::uint8_t {
  none,           // no existing pair
  kept,           // kept in full
  partly_kept,    // an aggregate point: some kept, the rest over the team's capacity
  team_missing,   // no team with that id
  beyond_limit,   // the team is farther than the limit
  over_capacity,  // the team is full with nearer existing pairs
  not_kept,       // keep_existing is off
};
const char* to_string(ExistingPair e);

struct PairingOptions {
  // Straight-line limit (metres), used when no travel matrix is given. Inclusive.
  double max_distance_m = 5000.0;
  // Limit on travel-matrix costs (e.g. seconds) when a matrix is given. Inclusive.
  double max_cost = std::numeric_limits<double>::infinity();
  bool keep_existing = true;
  double cost_unit = 0.1;  // integer cost step of the flow (decimetres / tenths of a second)
  // Solver. Default: exact sparse pricing (column generation) that materialises only the pairs
  // the optimum needs; initial_teams = nearest teams per location in the first round.
  // exact_full = true: the full formulation (every pair in reach), same optimum, kept as the
  // reference the tests compare against.
  bool exact_full = false;
  std::size_t initial_teams = 8;
  // Parts of the youth-team graph with at most whole_below_reach pairs per location on
  // average and at most whole_max_arcs pairs are solved whole in one round: pricing pays off
  // in memory and time only where many teams are in reach (docs/pairing.md). 0 = always price.
  std::size_t whole_below_reach = 32;
  std::uint64_t whole_max_arcs = 40'000'000;
};

struct PairingResult {
  // Per youth point (input order).
  std::vector<std::int32_t> paired;    // youth of the point paired (kept + new)
  std::vector<std::int32_t> kept;      // of which kept from the existing pair
  std::vector<std::int32_t> team;      // team pairing the most of the point, kNone if none
  std::vector<UnpairedReason> reason;  // why count - paired are not paired
  std::vector<ExistingPair> existing;
  // Pairs of point i: [flow_offsets[i], flow_offsets[i+1]); the kept pair first, then by cost.
  std::vector<std::uint64_t> flow_offsets;
  std::vector<std::int32_t> flow_team;  // input team index
  std::vector<std::int32_t> flow_count;
  std::vector<float> flow_cost;         // metres, or the travel matrix's unit
  std::vector<std::uint8_t> flow_kept;  // 1 for a kept existing pair
  // Per team (input order).
  std::vector<std::int64_t> load;  // youth paired with the team
  // Totals.
  std::int64_t total_youth = 0;
  std::int64_t total_paired = 0;
  std::int64_t total_kept = 0;
  std::int64_t unpaired_no_team = 0;
  std::int64_t unpaired_full = 0;
  std::int64_t existing_dropped = 0;  // youth whose existing pair could not be kept
  double total_cost = 0.0;            // sum count * cost over every pair
  std::size_t locations = 0;          // demand groups after merging
  std::size_t components = 0;         // independent parts the flow was split into
  std::uint64_t pairs_in_reach = 0;   // (location, team) pairs within the limit, for
                                      // locations with youth left to pair
  std::uint64_t arcs = 0;             // of which the solver materialised as flow arcs
  std::size_t pricing_rounds = 0;     // most min-cost-flow solves any part needed (0 = none)
};

// travel: optional matrix with one row per youth point (input order) and team indexes (input
// order) as facilities, e.g. from the network module; nullptr means straight-line distance.
PairingResult pair_youth(const Youth& youth, const Teams& teams, const ReachMatrix* travel,
                         const PairingOptions& options, Progress& progress);

}  // namespace sunplan::pairing
