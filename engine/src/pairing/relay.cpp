#include "sunplan/pairing/relay.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <unordered_map>

#include "canonical_order.hpp"
#include "group_assignment.hpp"

namespace sunplan::pairing {

std::vector<CurrentPair> pairs_of(const PairingResult& pairing) {
  std::vector<CurrentPair> out;
  out.reserve(pairing.flow_team.size());
  for (std::size_t i = 0; i + 1 < pairing.flow_offsets.size(); ++i)
    for (auto k = pairing.flow_offsets[i]; k < pairing.flow_offsets[i + 1]; ++k)
      out.push_back({static_cast<std::int32_t>(i), pairing.flow_team[k], pairing.flow_count[k]});
  return out;
}

std::vector<CurrentPair> pairs_in_data(const Youth& youth, const Teams& teams) {
  const auto order = detail::canonical_team_order(teams);
  const auto rank_by_id = detail::team_rank_by_id(teams, order);
  std::vector<CurrentPair> out;
  for (std::size_t i = 0; i < youth.size(); ++i) {
    if (youth.paired_team[i].empty() || youth.count[i] <= 0) continue;
    const auto it = rank_by_id.find(youth.paired_team[i]);
    if (it == rank_by_id.end()) continue;
    out.push_back({static_cast<std::int32_t>(i), static_cast<std::int32_t>(order[it->second]),
                   youth.count[i]});
  }
  return out;
}

namespace {

// One plan_relay call: the inputs in canonical order, what each youth point must hand over,
// and the plan being filled.
struct RelayRun {
  const Youth& youth;
  const Teams& teams;
  const RelayOptions& options;
  const std::size_t n = youth.size(), m = teams.size();
  const std::vector<std::uint32_t> team_order = detail::canonical_team_order(teams);
  const std::vector<std::uint32_t> team_rank = detail::inverse(team_order);
  const std::vector<std::uint32_t> youth_order = detail::canonical_point_order(youth.pos, youth.id);
  RelayPlan out;
  std::vector<std::uint8_t> leaving;  // by input index
  std::vector<std::int64_t> kept;     // per team: the load it keeps
  // Per youth point: (leaving team rank, count) to hand over, by rank.
  std::unordered_map<std::uint32_t, std::vector<std::pair<std::uint32_t, std::int32_t>>> leave_of;
  std::vector<std::uint32_t> points;  // the points with a handover, in canonical order

  RelayRun(const Youth& y, const Teams& t, const RelayOptions& o)
      : youth(y), teams(t), options(o) {}

  // Teams whose term ends by the relay date.
  void mark_leaving_teams() {
    leaving.assign(m, 0);
    for (std::size_t t = 0; t < m; ++t)
      if (options.date_days != kNoDate && teams.term_end[t] != kNoDate &&
          teams.term_end[t] <= options.date_days) {
        leaving[t] = 1;
        out.leaving.push_back(static_cast<std::int32_t>(t));
      }
  }

  // Youth each point must hand over, per leaving team; the load teams keep. Then the demand
  // points in canonical order, their handovers by leaving team rank.
  void collect_handovers_due(std::span<const CurrentPair> pairs) {
    out.load_before.assign(m, 0);
    kept.assign(m, 0);
    for (const CurrentPair& p : pairs) {
      if (p.youth < 0 || static_cast<std::size_t>(p.youth) >= n || p.team < 0 ||
          static_cast<std::size_t>(p.team) >= m || p.count < 0)
        throw std::invalid_argument("plan_relay: a pair names a youth point or team out of range");
      const auto t = static_cast<std::size_t>(p.team);
      out.load_before[t] += p.count;
      if (leaving[t]) {
        if (p.count > 0)
          leave_of[static_cast<std::uint32_t>(p.youth)].emplace_back(team_rank[t], p.count);
      } else {
        kept[t] += p.count;
      }
    }
    for (std::uint32_t i : youth_order) {
      auto it = leave_of.find(i);
      if (it == leave_of.end()) continue;
      auto& list = it->second;
      std::sort(list.begin(), list.end());
      points.push_back(i);
    }
  }

  // The staying teams' room after what they keep, through the capacitated assignment.
  detail::GroupAssignment assign_receiving_teams(const ReachMatrix* travel, Progress& progress) {
    std::vector<std::uint8_t> active(m);
    std::vector<std::int32_t> room(m);
    for (std::size_t r = 0; r < m; ++r) {
      const std::uint32_t t = team_order[r];
      active[r] = leaving[t] ? 0 : 1;
      const std::int32_t cap = teams.capacity[t];
      room[r] =
          leaving[t] ? 0
          : cap == kUnlimited
              ? kUnlimited
              : static_cast<std::int32_t>(std::max<std::int64_t>(0, std::int64_t{cap} - kept[t]));
    }
    const detail::ReachLimits limits{options.max_distance_m, options.max_cost};
    auto demand_of = [&](const detail::DemandGroups& groups) {
      std::vector<std::int32_t> demand(groups.size(), 0);
      for (std::size_t g = 0; g < groups.size(); ++g)
        for (auto k = groups.begin[g]; k < groups.begin[g + 1]; ++k)
          for (auto [rank, count] : leave_of[points[k]]) demand[g] += count;
      return demand;
    };
    const detail::AssignSettings settings = detail::assign_settings(options);
    return detail::assign_groups(youth.pos, points, teams.pos, team_order, team_rank, travel,
                                 limits, active, demand_of, room, settings, progress, "relay");
  }

  // Split: canonical youth order, then leaving team rank, taking flows in row order.
  void split_into_handovers(const detail::GroupAssignment& assigned) {
    const detail::DemandGroups& groups = assigned.groups;
    const detail::ComponentFlows& flows = assigned.flows;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      std::uint64_t f = flows.offsets[g];
      std::int32_t left = f < flows.offsets[g + 1] ? flows.count[f] : 0;
      const UnpairedReason why =
          assigned.in_reach[g] == 0 ? UnpairedReason::no_team_in_reach : UnpairedReason::teams_full;
      for (auto k = groups.begin[g]; k < groups.begin[g + 1]; ++k)
        for (auto [from_rank, count] : leave_of[points[k]])
          hand_over(points[k], team_order[from_rank], count, flows, flows.offsets[g + 1], f, left,
                    why);
    }
  }

  // Point i's `count` youth of team `from`: to the teams of the group's flows from flow f on
  // (left: what flow f still has), the rest not handed over for `why`.
  void hand_over(std::uint32_t i, std::uint32_t from, std::int32_t count,
                 const detail::ComponentFlows& flows, std::uint64_t flows_end, std::uint64_t& f,
                 std::int32_t& left, UnpairedReason why) {
    std::int32_t need = count;
    out.youth_to_hand_over += count;
    while (need > 0) {
      while (left == 0 && f + 1 < flows_end) left = flows.count[++f];
      if (left == 0) break;
      const std::int32_t take = std::min(need, left);
      const std::uint32_t to = team_order[flows.facility[f]];
      Handover h;
      h.youth = static_cast<std::int32_t>(i);
      h.count = take;
      h.from_team = static_cast<std::int32_t>(from);
      h.to_team = static_cast<std::int32_t>(to);
      h.cost = flows.cost[f];
      h.date_days = teams.term_end[from];
      if (to < teams.specialist.size()) h.specialist = teams.specialist[to];
      out.handovers.push_back(std::move(h));
      out.handed_over += take;
      out.total_cost += static_cast<double>(take) * static_cast<double>(flows.cost[f]);
      need -= take;
      left -= take;
    }
    if (need > 0) {
      Handover h;
      h.youth = static_cast<std::int32_t>(i);
      h.count = need;
      h.from_team = static_cast<std::int32_t>(from);
      h.date_days = teams.term_end[from];
      h.reason = why;
      out.handovers.push_back(std::move(h));
      (why == UnpairedReason::no_team_in_reach ? out.not_handed_no_team : out.not_handed_full) +=
          need;
    }
  }

  // Handovers by youth, leaving team, then receiving team (none last); the loads after.
  void finish() {
    std::stable_sort(
        out.handovers.begin(), out.handovers.end(), [](const Handover& a, const Handover& b) {
          const auto ka = std::make_tuple(a.youth, a.from_team, a.to_team == kNone, a.to_team);
          const auto kb = std::make_tuple(b.youth, b.from_team, b.to_team == kNone, b.to_team);
          return ka < kb;
        });
    out.load_after.assign(m, 0);
    for (std::size_t t = 0; t < m; ++t) out.load_after[t] = kept[t];
    for (const Handover& h : out.handovers)
      if (h.to_team != kNone) out.load_after[static_cast<std::size_t>(h.to_team)] += h.count;
  }
};

}  // namespace

RelayPlan plan_relay(const Youth& youth, const Teams& teams, std::span<const CurrentPair> pairs,
                     const ReachMatrix* travel, const RelayOptions& options, Progress& progress) {
  const std::size_t n = youth.size(), m = teams.size();
  if (youth.count.size() != n || youth.id.size() != n)
    throw std::invalid_argument("plan_relay: youth columns differ in size");
  if (teams.id.size() != m || teams.capacity.size() != m || teams.term_end.size() != m)
    throw std::invalid_argument("plan_relay: team columns differ in size");
  if (!(options.cost_unit > 0.0)) throw std::invalid_argument("plan_relay: cost_unit <= 0");
  RelayRun run(youth, teams, options);
  run.mark_leaving_teams();
  run.collect_handovers_due(pairs);
  const detail::GroupAssignment assigned = run.assign_receiving_teams(travel, progress);
  run.split_into_handovers(assigned);
  run.finish();
  report_or_cancel(progress, 1.0, "relay");
  return std::move(run.out);
}

}  // namespace sunplan::pairing
