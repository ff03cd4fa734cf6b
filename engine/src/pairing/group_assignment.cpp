#include "group_assignment.hpp"

#include <memory>

#include "sparse_assignment.hpp"
#include "team_candidates.hpp"

namespace sunplan::pairing::detail {

GroupAssignment assign_groups(const PointSet& pos, std::span<const std::uint32_t> points,
                              const PointSet& team_pos, std::span<const std::uint32_t> team_order,
                              std::span<const std::uint32_t> team_rank, const ReachMatrix* travel,
                              const ReachLimits& limits, std::span<const std::uint8_t> active,
                              const DemandOf& demand_of, std::span<const std::int32_t> capacity,
                              const AssignSettings& settings, Progress& progress,
                              std::string_view stage) {
  GroupAssignment a;
  // Straight-line sparse mode stores positions only; the travel matrix's rows are stored
  // anyway (it bounds them), and the sparse solver then keeps only the arcs it needs.
  const bool sparse = !settings.exact_full;
  a.groups = sparse && travel == nullptr
                 ? group_by_position(pos, points)
                 : group_demand(pos, points, team_pos, team_order, team_rank, travel, limits,
                                active, progress);
  const std::vector<std::int32_t> demand = demand_of(a.groups);
  if (sparse) {
    PointSet ranked_teams;
    std::unique_ptr<CandidateSource> source;
    if (travel == nullptr) {
      ranked_teams.reserve(team_order.size());
      for (std::uint32_t t : team_order) ranked_teams.push_back(team_pos[t]);
      source = std::make_unique<DistanceCandidates>(a.groups.pos, ranked_teams, active,
                                                    limits.max_distance_m);
    } else {
      source = std::make_unique<MatrixCandidates>(a.groups.reach);
    }
    SparseOptions options;
    options.cost_unit = settings.cost_unit;
    options.initial_teams = settings.initial_teams;
    options.whole_below_reach = settings.whole_below_reach;
    options.whole_max_arcs = settings.whole_max_arcs;
    SparseFlows s = solve_sparse(demand, *source, capacity, options, progress, stage);
    if (!s.big_m_unsafe) {
      a.flows = std::move(s.flows);
      a.in_reach = std::move(s.in_reach);
      a.pairs_in_reach = s.pairs_in_reach;
      a.arcs = s.arcs;
      a.rounds = s.rounds;
      return a;
    }
    // Costs too large for one 64-bit M: the full formulation (it falls back to max flow).
    if (travel == nullptr)
      a.groups = group_demand(pos, points, team_pos, team_order, team_rank, travel, limits, active,
                              progress);
  }
  a.flows =
      solve_by_components(demand, a.groups.reach, capacity, settings.cost_unit, progress, stage);
  a.in_reach.resize(a.groups.size());
  for (std::size_t g = 0; g < a.groups.size(); ++g) {
    a.in_reach[g] = static_cast<std::int32_t>(a.groups.reach.row_size(g));
    if (demand[g] > 0) a.pairs_in_reach += a.groups.reach.row_size(g);
  }
  a.arcs = a.groups.reach.entry_count();  // every row is materialised
  return a;
}

}  // namespace sunplan::pairing::detail
