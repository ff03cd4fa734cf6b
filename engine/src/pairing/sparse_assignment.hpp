// Internal: the capacitated assignment (most demand served, then least total cost) solved
// exactly without materialising every (location, team) pair: column generation on the
// transportation problem, priced with the min-cost flow's node potentials.
//
//   DistanceCandidates src(group_pos, team_pos, {}, 5000.0);
//   SparseFlows s = solve_sparse(demand, src, capacity, {}, progress, "pairing");
//   flows of group g: [s.flows.offsets[g], s.flows.offsets[g+1]) in (cost, team rank) order
//
// Same objective as coverage::assign_served on the full reach matrix, in the same integer
// units (llround(cost / cost_unit)): an "unpaired" arc per location priced M = C·F + 1 (C the
// largest cost in reach in the part, F its teams) makes pairing one more youth always worth
// more than any change in cost, like assign_served's single source->sink bypass. Each part
// (connected component of the full location-team graph, found by enumerating reach once,
// nothing stored) starts with each location's K nearest teams; LEMON NetworkSimplex solves
// it; every pair left out whose reduced cost is negative is added; repeat until none is. The
// final flow is then optimal for the full problem (its potentials are dual feasible for every
// pair), so paired count and total cost equal the full formulation's. See sparse_assignment.cpp
// for the bound that stops each location's scan early.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "flow_components.hpp"
#include "sunplan/core/progress.hpp"
#include "team_candidates.hpp"

namespace sunplan::pairing::detail {

struct SparseOptions {
  double cost_unit = 0.1;         // integer cost step (decimetres / tenths of a second)
  std::size_t initial_teams = 8;  // K nearest teams per location in the first restricted problem
  // A part whose pairs average at most this many per location is solved whole in one round,
  // unless it has more than whole_max_arcs pairs (see solve()).
  std::size_t whole_below_reach = 32;
  std::uint64_t whole_max_arcs = 40'000'000;
};

struct SparseFlows {
  ComponentFlows flows;                // layout of solve_by_components' result
  std::vector<std::int32_t> in_reach;  // per group with demand: teams in reach (full row size)
  std::uint64_t pairs_in_reach = 0;    // pairs the full formulation would materialise
  std::uint64_t arcs = 0;              // location-team arcs in the final restricted problems
  std::size_t rounds = 0;              // most network-simplex solves any part needed
  bool big_m_unsafe = false;           // costs too large for M in 64 bits: nothing was solved
};

// demand: per group (>= 0); capacity: per team rank, kUnlimited allowed.
SparseFlows solve_sparse(std::span<const std::int32_t> demand, const CandidateSource& source,
                         std::span<const std::int32_t> capacity, const SparseOptions& options,
                         Progress& progress, std::string_view stage);

}  // namespace sunplan::pairing::detail
