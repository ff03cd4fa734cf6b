// Checks shared by the pairing tests: feasibility invariants, per-point flows, integer cost
// units and the brute-force oracle for small instances.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <tuple>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/pairing/pair_youth.hpp"

namespace sunplan::pairing::test {

inline std::int64_t units(float cost) {
  return std::llround(static_cast<double>(cost) / 0.1);
}

// Flows of point i as (team id, count, kept), in the result's order.
inline std::vector<std::tuple<std::string, std::int32_t, int>> flows_of(const PairingResult& r,
                                                                        const Teams& teams,
                                                                        std::size_t i) {
  std::vector<std::tuple<std::string, std::int32_t, int>> out;
  for (auto k = r.flow_offsets[i]; k < r.flow_offsets[i + 1]; ++k)
    out.emplace_back(teams.id[static_cast<std::size_t>(r.flow_team[k])], r.flow_count[k],
                     r.flow_kept[k]);
  return out;
}

// Invariants every answer must satisfy: feasibility, capacity, limit, reasons, totals.
inline void check_invariants(const PairingResult& r, const Youth& youth, const Teams& teams,
                             double limit_m) {
  std::vector<std::int64_t> load(teams.size(), 0);
  std::int64_t paired = 0;
  for (std::size_t i = 0; i < youth.size(); ++i) {
    std::int32_t sum = 0, kept = 0;
    for (auto k = r.flow_offsets[i]; k < r.flow_offsets[i + 1]; ++k) {
      const auto t = static_cast<std::size_t>(r.flow_team[k]);
      ASSERT_GT(r.flow_count[k], 0);
      const double d = distance(youth.pos[i], teams.pos[t]);
      ASSERT_LE(d, limit_m) << "pair beyond the limit";
      ASSERT_NEAR(r.flow_cost[k], d, 1e-3 * std::max(1.0, d));
      load[t] += r.flow_count[k];
      sum += r.flow_count[k];
      if (r.flow_kept[k]) {
        kept += r.flow_count[k];
        ASSERT_EQ(teams.id[t], youth.paired_team[i]);
      }
    }
    ASSERT_EQ(sum, r.paired[i]);
    ASSERT_EQ(kept, r.kept[i]);
    ASSERT_LE(sum, youth.count[i]);
    paired += sum;
    bool any_in_reach = false;
    for (std::size_t t = 0; t < teams.size(); ++t)
      any_in_reach |= distance(youth.pos[i], teams.pos[t]) <= limit_m;
    if (sum == youth.count[i]) {
      ASSERT_EQ(r.reason[i], UnpairedReason::none);
    } else if (!any_in_reach) {
      ASSERT_EQ(r.reason[i], UnpairedReason::no_team_in_reach);
    } else {
      ASSERT_EQ(r.reason[i], UnpairedReason::teams_full);
    }
  }
  for (std::size_t t = 0; t < teams.size(); ++t) {
    ASSERT_EQ(load[t], r.load[t]);
    if (teams.capacity[t] != kUnlimited) {
      ASSERT_LE(load[t], std::max(teams.capacity[t], 0));
    }
  }
  // "teams full" must be true after the fact: no team in reach of an unpaired youth has room.
  for (std::size_t i = 0; i < youth.size(); ++i) {
    if (r.reason[i] != UnpairedReason::teams_full) continue;
    for (std::size_t t = 0; t < teams.size(); ++t)
      if (distance(youth.pos[i], teams.pos[t]) <= limit_m && teams.capacity[t] != kUnlimited) {
        ASSERT_EQ(load[t], std::max(teams.capacity[t], 0)) << "youth " << i << " left out";
      }
  }
  ASSERT_EQ(paired, r.total_paired);
}

// Brute force: every youth (expanded to individuals) to one team in reach or to nobody;
// lexicographic (most paired, least sum of integer cost units). Fixed pairs are forced.
struct Best {
  std::int64_t paired = -1;
  std::int64_t cost = 0;
};
inline Best brute_force(const std::vector<Vec2>& who, const Teams& teams, double limit,
                        std::vector<std::int64_t> room) {
  Best best;
  const std::size_t n = who.size(), m = teams.size();
  std::vector<std::size_t> choice(n, 0);
  while (true) {
    std::vector<std::int64_t> used(m, 0);
    std::int64_t paired = 0, cost = 0;
    bool ok = true;
    for (std::size_t i = 0; i < n && ok; ++i) {
      if (choice[i] == m) continue;
      const double d = distance(who[i], teams.pos[choice[i]]);
      if (d > limit || ++used[choice[i]] > room[choice[i]]) ok = false;
      ++paired;
      cost += units(static_cast<float>(d));
    }
    if (ok && (paired > best.paired || (paired == best.paired && cost < best.cost)))
      best = {paired, cost};
    std::size_t k = 0;
    while (k < n && ++choice[k] > m) choice[k++] = 0;
    if (k == n) break;
  }
  return best;
}

// Sum of count * integer cost units over every pair: the objective the solvers minimise.
inline std::int64_t cost_units(const PairingResult& r) {
  std::int64_t cost = 0;
  for (std::size_t k = 0; k < r.flow_count.size(); ++k)
    cost += r.flow_count[k] * units(r.flow_cost[k]);
  return cost;
}

}  // namespace sunplan::pairing::test
