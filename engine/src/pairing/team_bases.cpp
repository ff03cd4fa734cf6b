#include "sunplan/pairing/team_bases.hpp"

#include <cmath>
#include <limits>
#include <stdexcept>

#include "canonical_order.hpp"
#include "demand_groups.hpp"
#include "flow_components.hpp"

namespace sunplan::pairing {

const char* to_string(BaseTeamReason r) {
  switch (r) {
    case BaseTeamReason::none:
      return "none";
    case BaseTeamReason::excluded:
      return "excluded";
    case BaseTeamReason::no_team_in_reach:
      return "no_team_in_reach";
    case BaseTeamReason::teams_full:
      return "teams_full";
  }
  return "unknown";
}

TeamBasesResult match_teams_to_bases(const Bases& bases, const Teams& teams,
                                     const TeamBasesOptions& options, Progress& progress) {
  const std::size_t nb = bases.size(), m = teams.size();
  if (bases.id.size() != nb || bases.status.size() != nb)
    throw std::invalid_argument("match_teams_to_bases: base columns differ in size");
  if (teams.id.size() != m || teams.capacity.size() != m || teams.term_end.size() != m)
    throw std::invalid_argument("match_teams_to_bases: team columns differ in size");
  if (!(options.cost_unit > 0.0))
    throw std::invalid_argument("match_teams_to_bases: cost_unit <= 0");

  const auto team_order = detail::canonical_team_order(teams);
  const auto team_rank = detail::inverse(team_order);
  const auto all_bases = detail::canonical_point_order(bases.pos, bases.id);

  TeamBasesResult out;
  out.team.assign(nb, kNone);
  out.distance_m.assign(nb, std::numeric_limits<double>::quiet_NaN());
  out.reason.assign(nb, BaseTeamReason::excluded);
  out.bases_of_team.assign(m, 0);
  std::vector<std::uint32_t> order;  // bases taking part, canonical order
  for (std::uint32_t b : all_bases)
    if (options.include_status[static_cast<std::size_t>(bases.status[b])]) order.push_back(b);
  out.bases_considered = static_cast<std::int64_t>(order.size());

  const detail::ReachLimits limits{options.max_distance_m, 0.0};
  const detail::DemandGroups groups = detail::group_demand(
      bases.pos, order, teams.pos, team_order, team_rank, nullptr, limits, {}, progress);
  std::vector<std::int32_t> demand(groups.size());
  for (std::size_t g = 0; g < groups.size(); ++g)
    demand[g] = static_cast<std::int32_t>(groups.begin[g + 1] - groups.begin[g]);
  const std::vector<std::int32_t> capacity(m, std::max(options.bases_per_team, 0));
  const detail::ComponentFlows flows = detail::solve_by_components(
      demand, groups.reach, capacity, options.cost_unit, progress, "teams to bases");

  // Bases at one location take the group's teams in row order, canonical base order first.
  for (std::size_t g = 0; g < groups.size(); ++g) {
    std::uint64_t f = flows.offsets[g];
    std::int32_t left = f < flows.offsets[g + 1] ? flows.count[f] : 0;
    for (auto k = groups.begin[g]; k < groups.begin[g + 1]; ++k) {
      const std::uint32_t b = order[k];
      while (left == 0 && f + 1 < flows.offsets[g + 1]) left = flows.count[++f];
      if (left == 0) {
        out.reason[b] = groups.reach.row_size(g) == 0 ? BaseTeamReason::no_team_in_reach
                                                      : BaseTeamReason::teams_full;
        continue;
      }
      --left;
      const std::uint32_t t = team_order[flows.facility[f]];
      out.team[b] = static_cast<std::int32_t>(t);
      out.distance_m[b] = distance(bases.pos[b], teams.pos[t]);
      out.reason[b] = BaseTeamReason::none;
      ++out.bases_of_team[t];
      ++out.bases_covered;
      out.total_distance_m += out.distance_m[b];
    }
  }
  for (std::size_t b = 0; b < nb; ++b)
    if (out.reason[b] == BaseTeamReason::no_team_in_reach ||
        out.reason[b] == BaseTeamReason::teams_full)
      out.uncovered.push_back(static_cast<std::int32_t>(b));
  report_or_cancel(progress, 1.0, "teams to bases");
  return out;
}

}  // namespace sunplan::pairing
