// Internal: demand grouped by location and assigned to teams by one of the two exact solvers
// (sparse pricing by default, the full formulation on request), shared by pairing and relay.
//
//   GroupAssignment a = assign_groups(pos, points, teams.pos, order, rank, travel, limits, {},
//       [&](const DemandGroups& g) { return demand_per_group(g); }, room, settings, progress,
//       "pairing");
//   a.groups.begin[g] .. a.groups.begin[g+1]: points of group g; a.flows: its flows;
//   a.in_reach[g]: teams in reach of g (meaningful where its demand > 0)
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

#include "demand_groups.hpp"
#include "flow_components.hpp"

namespace sunplan::pairing::detail {

struct AssignSettings {
  double cost_unit = 0.1;
  bool exact_full = false;             // every pair in reach materialised (the reference solver)
  std::size_t initial_teams = 8;       // sparse solver: nearest teams per location in round one
  std::size_t whole_below_reach = 32;  // sparse solver: see SparseOptions
  std::uint64_t whole_max_arcs = 40'000'000;  // sparse solver: see SparseOptions
};

// The solver settings of a PairingOptions or RelayOptions (both carry the same fields).
template <class Options>
AssignSettings assign_settings(const Options& o) {
  AssignSettings s;
  s.cost_unit = o.cost_unit;
  s.exact_full = o.exact_full;
  s.initial_teams = o.initial_teams;
  s.whole_below_reach = o.whole_below_reach;
  s.whole_max_arcs = o.whole_max_arcs;
  return s;
}

struct GroupAssignment {
  DemandGroups groups;  // reach rows only when materialised (full path or travel matrix)
  ComponentFlows flows;
  std::vector<std::int32_t> in_reach;
  std::uint64_t pairs_in_reach = 0;  // over groups with demand
  std::uint64_t arcs = 0;            // location-team arcs the solver materialised
  std::size_t rounds = 0;            // most network-simplex solves of a part (sparse)
};

using DemandOf = std::function<std::vector<std::int32_t>(const DemandGroups&)>;

// points: input indexes in canonical order; active: per team rank (empty = all);
// capacity: per team rank, kUnlimited allowed.
GroupAssignment assign_groups(const PointSet& pos, std::span<const std::uint32_t> points,
                              const PointSet& team_pos, std::span<const std::uint32_t> team_order,
                              std::span<const std::uint32_t> team_rank, const ReachMatrix* travel,
                              const ReachLimits& limits, std::span<const std::uint8_t> active,
                              const DemandOf& demand_of, std::span<const std::int32_t> capacity,
                              const AssignSettings& settings, Progress& progress,
                              std::string_view stage);

}  // namespace sunplan::pairing::detail
