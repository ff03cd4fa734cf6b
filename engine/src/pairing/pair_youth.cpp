#include "sunplan/pairing/pair_youth.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "canonical_order.hpp"
#include "group_assignment.hpp"
#include "pair_entries.hpp"

namespace sunplan::pairing {

const char* to_string(UnpairedReason r) {
  switch (r) {
    case UnpairedReason::none:
      return "none";
    case UnpairedReason::no_team_in_reach:
      return "no_team_in_reach";
    case UnpairedReason::teams_full:
      return "teams_full";
  }
  return "unknown";
}

const char* to_string(ExistingPair e) {
  switch (e) {
    case ExistingPair::none:
      return "none";
    case ExistingPair::kept:
      return "kept";
    case ExistingPair::partly_kept:
      return "partly_kept";
    case ExistingPair::team_missing:
      return "team_missing";
    case ExistingPair::beyond_limit:
      return "beyond_limit";
    case ExistingPair::over_capacity:
      return "over_capacity";
    case ExistingPair::not_kept:
      return "not_kept";
  }
  return "unknown";
}

namespace {

void check_sizes(const Youth& youth, const Teams& teams) {
  const std::size_t n = youth.size(), m = teams.size();
  if (youth.count.size() != n || youth.id.size() != n || youth.paired_team.size() != n)
    throw std::invalid_argument(
        "pair_youth: youth columns (pos, id, count, paired_team) differ in size");
  if (teams.id.size() != m || teams.capacity.size() != m || teams.term_end.size() != m)
    throw std::invalid_argument(
        "pair_youth: team columns (pos, id, capacity, term_end) differ in size");
}

// An existing pair still feasible: its team and youth by canonical rank.
struct ExistingPairCandidate {
  std::uint32_t team;  // rank
  float cost;
  std::uint32_t youth;  // rank
};

// One pair_youth call: the inputs in canonical order, the room left per team, the pairs made
// so far (kept or new) and the result being filled.
struct YouthPairing {
  const Youth& youth;
  const Teams& teams;
  const ReachMatrix* travel;
  const PairingOptions& options;
  const std::size_t n = youth.size(), m = teams.size();
  const detail::ReachLimits limits{options.max_distance_m, options.max_cost};
  const std::vector<std::uint32_t> team_order = detail::canonical_team_order(teams);
  const std::vector<std::uint32_t> team_rank = detail::inverse(team_order);
  const std::vector<std::uint32_t> youth_order = detail::canonical_point_order(youth.pos, youth.id);
  const std::vector<std::uint32_t> youth_rank = detail::inverse(youth_order);
  PairingResult out;
  std::vector<std::int64_t> room;          // per team rank; kUnlimited stays unlimited
  std::vector<detail::PairEntry> entries;  // every pair, kept or new

  YouthPairing(const Youth& y, const Teams& t, const ReachMatrix* travel_, const PairingOptions& o)
      : youth(y), teams(t), travel(travel_), options(o) {}

  void start() {
    out.paired.assign(n, 0);
    out.kept.assign(n, 0);
    out.team.assign(n, kNone);
    out.reason.assign(n, UnpairedReason::none);
    out.existing.assign(n, ExistingPair::none);
    out.load.assign(m, 0);
    for (std::size_t i = 0; i < n; ++i) {
      if (youth.count[i] < 0) throw std::invalid_argument("pair_youth: negative youth count");
      out.total_youth += youth.count[i];
    }
    room.resize(m);
    for (std::size_t r = 0; r < m; ++r) {
      const std::int32_t cap = teams.capacity[team_order[r]];
      room[r] = cap == kUnlimited ? std::int64_t{kUnlimited} : std::max<std::int64_t>(cap, 0);
    }
  }

  // 1. Existing pairs that are still feasible, nearest first per team (or, when they are not
  // kept, each marked so); then the kept and dropped totals.
  void settle_existing_pairs() {
    if (options.keep_existing) {
      keep_existing_pairs();
    } else {
      for (std::size_t i = 0; i < n; ++i)
        if (!youth.paired_team[i].empty()) out.existing[i] = ExistingPair::not_kept;
    }
    for (std::size_t i = 0; i < n; ++i) {
      out.total_kept += out.kept[i];
      if (!youth.paired_team[i].empty()) out.existing_dropped += youth.count[i] - out.kept[i];
    }
  }

  // Existing pairs whose team exists and is within the limit, in (team, cost, youth) order;
  // marks the others.
  std::vector<ExistingPairCandidate> feasible_existing_pairs() {
    const auto rank_by_id = detail::team_rank_by_id(teams, team_order);
    std::vector<ExistingPairCandidate> candidates;
    for (std::size_t i = 0; i < n; ++i) {
      if (youth.paired_team[i].empty() || youth.count[i] == 0) continue;
      const auto it = rank_by_id.find(youth.paired_team[i]);
      if (it == rank_by_id.end()) {
        out.existing[i] = ExistingPair::team_missing;
        continue;
      }
      float cost = 0.0f;
      if (!detail::pair_cost(youth.pos, static_cast<std::uint32_t>(i), teams.pos,
                             team_order[it->second], travel, limits, cost)) {
        out.existing[i] = ExistingPair::beyond_limit;
        continue;
      }
      candidates.push_back({it->second, cost, youth_rank[i]});
    }
    std::sort(candidates.begin(), candidates.end(),
              [](const ExistingPairCandidate& a, const ExistingPairCandidate& b) {
                return std::tie(a.team, a.cost, a.youth) < std::tie(b.team, b.cost, b.youth);
              });
    return candidates;
  }

  void keep_existing_pairs() {
    for (const ExistingPairCandidate& c : feasible_existing_pairs()) {
      const std::uint32_t i = youth_order[c.youth];
      std::int64_t& left = room[c.team];
      const std::int32_t take =
          static_cast<std::int32_t>(std::min<std::int64_t>(youth.count[i], left));
      if (left != kUnlimited) left -= take;
      out.kept[i] = take;
      out.existing[i] = take == youth.count[i] ? ExistingPair::kept
                        : take > 0             ? ExistingPair::partly_kept
                                               : ExistingPair::over_capacity;
      if (take > 0) entries.push_back({i, c.team, take, c.cost, 1});
    }
  }

  // 2. The rest, merged by location, through the capacitated min-cost assignment.
  detail::GroupAssignment assign_the_rest(Progress& progress) {
    std::vector<std::int32_t> residual(m);
    for (std::size_t r = 0; r < m; ++r)
      residual[r] = static_cast<std::int32_t>(std::min<std::int64_t>(room[r], kUnlimited));
    auto demand_of = [&](const detail::DemandGroups& groups) {
      std::vector<std::int32_t> demand(groups.size(), 0);
      for (std::size_t g = 0; g < groups.size(); ++g) {
        std::int64_t sum = 0;
        for (auto k = groups.begin[g]; k < groups.begin[g + 1]; ++k) {
          const std::uint32_t i = youth_order[k];
          sum += youth.count[i] - out.kept[i];
        }
        if (sum > kUnlimited)
          throw std::invalid_argument("pair_youth: too many youth at one location");
        demand[g] = static_cast<std::int32_t>(sum);
      }
      return demand;
    };
    const detail::AssignSettings settings = detail::assign_settings(options);
    detail::GroupAssignment assigned =
        detail::assign_groups(youth.pos, youth_order, teams.pos, team_order, team_rank, travel,
                              limits, {}, demand_of, residual, settings, progress, "pairing");
    out.locations = assigned.groups.size();
    out.pairs_in_reach = assigned.pairs_in_reach;
    out.arcs = assigned.arcs;
    out.pricing_rounds = assigned.rounds;
    out.components = assigned.flows.components;
    return assigned;
  }

  // 3. Group flows back to youth points: canonical youth order, flows in row order.
  void split_flows_to_youth(const detail::GroupAssignment& assigned) {
    const detail::DemandGroups& groups = assigned.groups;
    const detail::ComponentFlows& flows = assigned.flows;
    for (std::size_t g = 0; g < groups.size(); ++g) {
      std::uint64_t f = flows.offsets[g];
      std::int32_t left_on_flow = f < flows.offsets[g + 1] ? flows.count[f] : 0;
      for (auto k = groups.begin[g]; k < groups.begin[g + 1]; ++k) {
        const std::uint32_t i = youth_order[k];
        std::int32_t need = youth.count[i] - out.kept[i];
        while (need > 0) {
          while (left_on_flow == 0 && f + 1 < flows.offsets[g + 1]) left_on_flow = flows.count[++f];
          if (left_on_flow == 0) break;
          const std::int32_t take = std::min(need, left_on_flow);
          entries.push_back({i, flows.facility[f], take, flows.cost[f], 0});
          need -= take;
          left_on_flow -= take;
        }
        if (need > 0)
          out.reason[i] = assigned.in_reach[g] == 0 ? UnpairedReason::no_team_in_reach
                                                    : UnpairedReason::teams_full;
      }
    }
  }

  // 4. Per point, in input order; team indexes back to input order. Then each point's main
  // team and the totals.
  void lay_out_pairs() {
    detail::lay_out(entries, n, out.flow_offsets);
    out.flow_team.reserve(entries.size());
    for (const detail::PairEntry& e : entries) {
      const std::int32_t t = static_cast<std::int32_t>(team_order[e.team]);
      out.flow_team.push_back(t);
      out.flow_count.push_back(e.count);
      out.flow_cost.push_back(e.cost);
      out.flow_kept.push_back(e.kept);
      out.paired[e.point] += e.count;
      out.load[static_cast<std::size_t>(t)] += e.count;
      out.total_cost += static_cast<double>(e.count) * static_cast<double>(e.cost);
    }
    for (std::size_t i = 0; i < n; ++i) {
      std::int32_t best = 0;
      for (auto k = out.flow_offsets[i]; k < out.flow_offsets[i + 1]; ++k)
        if (out.flow_count[k] > best) {  // strict: ties keep the kept pair, then the nearer team
          best = out.flow_count[k];
          out.team[i] = out.flow_team[k];
        }
      out.total_paired += out.paired[i];
      const std::int64_t unpaired = youth.count[i] - out.paired[i];
      if (out.reason[i] == UnpairedReason::no_team_in_reach) out.unpaired_no_team += unpaired;
      if (out.reason[i] == UnpairedReason::teams_full) out.unpaired_full += unpaired;
    }
  }
};

}  // namespace

PairingResult pair_youth(const Youth& youth, const Teams& teams, const ReachMatrix* travel,
                         const PairingOptions& options, Progress& progress) {
  check_sizes(youth, teams);
  if (!(options.cost_unit > 0.0)) throw std::invalid_argument("pair_youth: cost_unit <= 0");
  YouthPairing run(youth, teams, travel, options);
  run.start();
  run.settle_existing_pairs();
  report_or_cancel(progress, 0.05, "pairing");
  const detail::GroupAssignment assigned = run.assign_the_rest(progress);
  run.split_flows_to_youth(assigned);
  run.lay_out_pairs();
  report_or_cancel(progress, 1.0, "pairing");
  return std::move(run.out);
}

}  // namespace sunplan::pairing
