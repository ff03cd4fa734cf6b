#include "demand_groups.hpp"

#include <algorithm>
#include <bit>
#include <stdexcept>
#include <utility>

#include "sunplan/coverage/distance_reach.hpp"

namespace sunplan::pairing::detail {
namespace {

bool same_position(const PointSet& pos, std::uint32_t a, std::uint32_t b) {
  return std::bit_cast<std::uint64_t>(pos.x[a]) == std::bit_cast<std::uint64_t>(pos.x[b]) &&
         std::bit_cast<std::uint64_t>(pos.y[a]) == std::bit_cast<std::uint64_t>(pos.y[b]);
}

using Row = std::vector<std::pair<float, std::uint32_t>>;  // (cost, team rank)

void travel_row(const ReachMatrix& travel, std::uint32_t point,
                std::span<const std::uint32_t> team_rank, double max_cost,
                std::span<const std::uint8_t> active, Row& row) {
  row.clear();
  for (auto k = travel.offsets[point]; k < travel.offsets[point + 1]; ++k) {
    const std::uint32_t rank = team_rank[travel.facility[k]];
    if (!active.empty() && !active[rank]) continue;
    if (!(static_cast<double>(travel.cost[k]) <= max_cost)) continue;
    row.emplace_back(travel.cost[k], rank);
  }
  std::sort(row.begin(), row.end());
}

}  // namespace

DemandGroups group_demand(const PointSet& pos, std::span<const std::uint32_t> points,
                          const PointSet& team_pos, std::span<const std::uint32_t> team_order,
                          std::span<const std::uint32_t> team_rank, const ReachMatrix* travel,
                          const ReachLimits& limits, std::span<const std::uint8_t> active,
                          Progress& progress) {
  if (travel == nullptr) {
    DemandGroups g = group_by_position(pos, points);
    const PointSet& group_pos = g.pos;
    PointSet ranked_teams;
    ranked_teams.reserve(team_order.size());
    std::vector<double> radius(team_order.size(), limits.max_distance_m);
    for (std::size_t r = 0; r < team_order.size(); ++r) {
      ranked_teams.push_back(team_pos[team_order[r]]);
      if (!active.empty() && !active[r]) radius[r] = -1.0;
    }
    coverage::DistanceReachOptions opt;
    coverage::DistanceReach reach =
        coverage::distance_reach(group_pos, ranked_teams, radius, opt, progress);
    g.reach = std::move(reach.reach);
    return g;
  }

  DemandGroups g;
  g.begin.push_back(0);
  if (travel->demand_count() != pos.size())
    throw std::invalid_argument("pairing: travel matrix needs one row per youth point");
  for (std::uint32_t f : travel->facility)
    if (f >= team_rank.size())
      throw std::invalid_argument("pairing: travel matrix names a team index beyond the teams");
  Row previous, row;
  for (std::size_t k = 0; k < points.size(); ++k) {
    travel_row(*travel, points[k], team_rank, limits.max_cost, active, row);
    if (k > 0 && same_position(pos, points[k - 1], points[k]) && row == previous) continue;
    if (k > 0) g.begin.push_back(k);
    for (auto [c, f] : row) {
      g.reach.facility.push_back(f);
      g.reach.cost.push_back(c);
    }
    g.reach.offsets.push_back(g.reach.facility.size());
    std::swap(previous, row);
    if ((k & 0xffff) == 0)
      report_or_cancel(progress, static_cast<double>(k) / static_cast<double>(points.size()),
                       "pairing reach");
  }
  if (!points.empty()) g.begin.push_back(points.size());
  return g;
}

DemandGroups group_by_position(const PointSet& pos, std::span<const std::uint32_t> points) {
  DemandGroups g;
  g.begin.push_back(0);
  for (std::size_t k = 0; k < points.size(); ++k) {
    if (k > 0 && same_position(pos, points[k - 1], points[k])) continue;
    if (k > 0) g.begin.push_back(k);
    g.pos.push_back(pos[points[k]]);
  }
  if (!points.empty()) g.begin.push_back(points.size());
  return g;
}

bool pair_cost(const PointSet& pos, std::uint32_t point, const PointSet& team_pos,
               std::uint32_t team, const ReachMatrix* travel, const ReachLimits& limits,
               float& cost) {
  if (travel == nullptr) {
    const double d = distance(pos[point], team_pos[team]);
    cost = static_cast<float>(d);
    return d <= limits.max_distance_m;
  }
  bool found = false;
  for (auto k = travel->offsets[point]; k < travel->offsets[point + 1]; ++k) {
    if (travel->facility[k] != team) continue;
    if (!(static_cast<double>(travel->cost[k]) <= limits.max_cost)) continue;
    if (!found || travel->cost[k] < cost) cost = travel->cost[k];
    found = true;
  }
  return found;
}

}  // namespace sunplan::pairing::detail
