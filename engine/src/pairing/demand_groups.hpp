// Internal: youth points merged into demand groups by location, with each group's reach row
// over teams in canonical order.
//
//   DemandGroups g = group_demand(pos, points, teams.pos, team_order, team_rank, travel, limits,
//                                 active, progress);
//   points[g.begin[k] .. g.begin[k+1]) form group k; g.reach row k lists team ranks by cost.
//
// `points` are input indexes already in canonical order; a group is a run of them at the same
// position (bitwise) and, with a travel matrix, with the same filtered row. Straight-line
// reach comes from coverage::distance_reach (inclusive limit, rows by cost then team rank).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan::pairing::detail {

struct ReachLimits {
  double max_distance_m = 0.0;  // straight-line mode
  double max_cost = 0.0;        // travel-matrix mode
};

struct DemandGroups {
  std::vector<std::uint64_t> begin;  // size groups + 1, positions in `points`
  ReachMatrix reach;                 // one row per group, facilities = team ranks
  PointSet pos;                      // position of each group (straight-line mode)
  std::size_t size() const { return begin.size() - 1; }
};

// active: per team rank, 0 = leave the team out of every row; empty = all teams take part.
DemandGroups group_demand(const PointSet& pos, std::span<const std::uint32_t> points,
                          const PointSet& team_pos, std::span<const std::uint32_t> team_order,
                          std::span<const std::uint32_t> team_rank, const ReachMatrix* travel,
                          const ReachLimits& limits, std::span<const std::uint8_t> active,
                          Progress& progress);

// Groups by position only (straight-line mode), reach left empty: for the sparse solver,
// which enumerates teams in reach itself instead of storing every row.
DemandGroups group_by_position(const PointSet& pos, std::span<const std::uint32_t> points);

// Cost of the pair (youth point, team) if it is within the limit: straight-line distance
// (as float, like the reach rows) or the travel-matrix entry. False when beyond the limit.
bool pair_cost(const PointSet& pos, std::uint32_t point, const PointSet& team_pos,
               std::uint32_t team, const ReachMatrix* travel, const ReachLimits& limits,
               float& cost);

}  // namespace sunplan::pairing::detail
