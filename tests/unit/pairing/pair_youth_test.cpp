#include "sunplan/pairing/pair_youth.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <tuple>

#include "make_data.hpp"
#include "pairing_checks.hpp"

namespace sunplan::pairing {
namespace {

using test::add_team;
using test::add_youth;
using test::Best;
using test::brute_force;
using test::check_invariants;
using test::flows_of;
using test::units;

// The hand-worked town: A(0,0) cap 1, B(1000,0) cap 2, limit 1500 m.
struct Town {
  Youth youth;
  Teams teams;
  Town() {
    add_team(teams, 0, 0, "A", 1);
    add_team(teams, 1000, 0, "B", 2);
    add_youth(youth, 100, 0, "y1");     // A 100, B 900
    add_youth(youth, 900, 0, "y2");     // A 900, B 100
    add_youth(youth, 500, 0, "y3");     // A 500, B 500
    add_youth(youth, 5000, 0, "y4");    // nothing within 1500
    add_youth(youth, 1000, 100, "y5");  // A 1005, B 100
  }
};

TEST(PairYouth, HandWorkedTown) {
  Town town;
  PairingOptions opt;
  opt.max_distance_m = 1500;
  NullProgress progress;
  const PairingResult r = pair_youth(town.youth, town.teams, nullptr, opt, progress);
  // Three places, four youth in reach: A<-y1 (100), B<-y2,y5 (100 each); y3 left out (any
  // assignment using y3 costs at least 700 > 300).
  EXPECT_EQ(r.total_paired, 3);
  EXPECT_EQ(r.team[0], 0);
  EXPECT_EQ(r.team[1], 1);
  EXPECT_EQ(r.team[2], kNone);
  EXPECT_EQ(r.reason[2], UnpairedReason::teams_full);
  EXPECT_EQ(r.reason[3], UnpairedReason::no_team_in_reach);
  EXPECT_EQ(r.team[4], 1);
  EXPECT_NEAR(r.total_cost, 300.0, 1e-3);
  EXPECT_EQ(r.unpaired_full, 1);
  EXPECT_EQ(r.unpaired_no_team, 1);
  check_invariants(r, town.youth, town.teams, 1500);
}

TEST(PairYouth, StabilityKeepsFeasibleExistingPairs) {
  Town town;
  town.youth.paired_team[2] = "A";  // y3 with A: feasible, kept, although not optimal
  town.youth.paired_team[1] = "Z";  // no such team
  town.youth.paired_team[3] = "A";  // 5000 m away: beyond the limit
  PairingOptions opt;
  opt.max_distance_m = 1500;
  NullProgress progress;
  const PairingResult r = pair_youth(town.youth, town.teams, nullptr, opt, progress);
  EXPECT_EQ(r.existing[2], ExistingPair::kept);
  EXPECT_EQ(r.kept[2], 1);
  EXPECT_EQ(r.team[2], 0);
  EXPECT_EQ(r.existing[1], ExistingPair::team_missing);
  EXPECT_EQ(r.existing[3], ExistingPair::beyond_limit);
  // A is full with y3; B takes the two nearest of y1 (900), y2 (100), y5 (100).
  EXPECT_EQ(r.team[1], 1);
  EXPECT_EQ(r.team[4], 1);
  EXPECT_EQ(r.reason[0], UnpairedReason::teams_full);
  EXPECT_NEAR(r.total_cost, 700.0, 1e-3);
  EXPECT_EQ(r.total_kept, 1);
  check_invariants(r, town.youth, town.teams, 1500);

  opt.keep_existing = false;
  const PairingResult free = pair_youth(town.youth, town.teams, nullptr, opt, progress);
  EXPECT_EQ(free.existing[2], ExistingPair::not_kept);
  EXPECT_EQ(free.team[2], kNone);
  EXPECT_NEAR(free.total_cost, 300.0, 1e-3);
}

TEST(PairYouth, OverCapacityKeepsTheNearest) {
  Town town;
  town.youth.paired_team[0] = "A";  // 100 m: kept
  town.youth.paired_team[2] = "A";  // 500 m: A has one place, so dropped
  PairingOptions opt;
  opt.max_distance_m = 1500;
  NullProgress progress;
  const PairingResult r = pair_youth(town.youth, town.teams, nullptr, opt, progress);
  EXPECT_EQ(r.existing[0], ExistingPair::kept);
  EXPECT_EQ(r.existing[2], ExistingPair::over_capacity);
  EXPECT_EQ(r.existing_dropped, 1);
  EXPECT_EQ(r.team[2], kNone);  // B prefers y2 and y5 (100 m each) to y3 (500 m)
  EXPECT_EQ(r.reason[2], UnpairedReason::teams_full);

  // An aggregate point of 3 paired with B (cap 2) keeps 2 and re-pairs the third with A.
  Youth agg;
  add_youth(agg, 900, 0, "g", 3, "B");
  const PairingResult a = pair_youth(agg, town.teams, nullptr, opt, progress);
  EXPECT_EQ(a.existing[0], ExistingPair::partly_kept);
  EXPECT_EQ(a.kept[0], 2);
  EXPECT_EQ(a.paired[0], 3);
  ASSERT_EQ(a.flow_offsets[1] - a.flow_offsets[0], 2u);
  EXPECT_EQ(a.flow_team[0], 1);
  EXPECT_EQ(a.flow_kept[0], 1);
  EXPECT_EQ(a.flow_team[1], 0);
  EXPECT_EQ(a.flow_kept[1], 0);
  check_invariants(a, agg, town.teams, 1500);
}

TEST(PairYouth, TravelMatrixDecidesReachAndCost) {
  Town town;
  // Travel seconds per youth row (team index, seconds): y1 is close to A by distance but a
  // river makes B quicker; y4 has a road to B; y3 reaches A only beyond the 600 s limit.
  std::vector<std::vector<std::pair<std::uint32_t, float>>> rows = {
      {{1, 120.f}, {0, 500.f}}, {{1, 60.f}}, {{0, 700.f}}, {{1, 300.f}}, {{1, 50.f}}};
  ReachMatrix travel;
  for (auto& row : rows) {
    for (auto [f, c] : row) {
      travel.facility.push_back(f);
      travel.cost.push_back(c);
    }
    travel.offsets.push_back(travel.facility.size());
  }
  PairingOptions opt;
  opt.max_cost = 600;
  NullProgress progress;
  const PairingResult r = pair_youth(town.youth, town.teams, &travel, opt, progress);
  // B (2 places) is wanted by y1 (120), y2 (60), y4 (300), y5 (50); A only by y1 (500).
  // Max paired = 3: A<-y1, B<-y2,y5 (cost 610); y3 beyond 600 s, y4 left for B being full.
  EXPECT_EQ(r.total_paired, 3);
  EXPECT_EQ(r.team[0], 0);
  EXPECT_EQ(r.team[1], 1);
  EXPECT_EQ(r.team[4], 1);
  EXPECT_EQ(r.reason[2], UnpairedReason::no_team_in_reach);
  EXPECT_EQ(r.reason[3], UnpairedReason::teams_full);
  EXPECT_NEAR(r.total_cost, 610.0, 1e-3);
}

TEST(PairYouth, MatchesBruteForceOnSmallInstances) {
  std::mt19937 rng(20260101);
  for (int trial = 0; trial < 150; ++trial) {
    Youth youth;
    Teams teams;
    const int m = 1 + static_cast<int>(rng() % 3);
    for (int t = 0; t < m; ++t)
      add_team(teams, static_cast<double>(rng() % 3000), static_cast<double>(rng() % 3000),
               "T" + std::to_string(t), static_cast<std::int32_t>(rng() % 4));
    std::vector<Vec2> individuals;
    const int n = 2 + static_cast<int>(rng() % 3);
    Vec2 last{};
    for (int i = 0; i < n; ++i) {
      Vec2 p{static_cast<double>(rng() % 3000), static_cast<double>(rng() % 3000)};
      if (i > 0 && rng() % 3 == 0) p = last;  // shared locations exercise the merging
      last = p;
      const std::int32_t count = 1 + static_cast<std::int32_t>(rng() % 2);
      add_youth(youth, p.x, p.y, "Y" + std::to_string(i), count);
      for (int c = 0; c < count; ++c) individuals.push_back(p);
    }
    const bool keep = trial % 2 == 1;
    if (keep)
      for (std::size_t i = 0; i < youth.size(); ++i)
        if (rng() % 2) youth.paired_team[i] = "T" + std::to_string(rng() % m);
    PairingOptions opt;
    opt.max_distance_m = 1800;
    opt.keep_existing = keep;
    NullProgress progress;
    const PairingResult r = pair_youth(youth, teams, nullptr, opt, progress);
    check_invariants(r, youth, teams, opt.max_distance_m);

    // The free part must be optimal given the kept pairs: brute force over the others.
    std::vector<std::int64_t> room(teams.size());
    std::int64_t kept_cost = 0;
    for (std::size_t t = 0; t < teams.size(); ++t) room[t] = teams.capacity[t];
    std::vector<Vec2> free;
    for (std::size_t i = 0; i < youth.size(); ++i) {
      for (auto k = r.flow_offsets[i]; k < r.flow_offsets[i + 1]; ++k)
        if (r.flow_kept[k]) {
          room[static_cast<std::size_t>(r.flow_team[k])] -= r.flow_count[k];
          kept_cost += r.flow_count[k] * units(r.flow_cost[k]);
        }
      for (std::int32_t c = r.kept[i]; c < youth.count[i]; ++c) free.push_back(youth.pos[i]);
    }
    const Best best = brute_force(free, teams, opt.max_distance_m, room);
    std::int64_t cost = 0;
    for (std::size_t k = 0; k < r.flow_count.size(); ++k)
      cost += r.flow_count[k] * units(r.flow_cost[k]);
    ASSERT_EQ(r.total_paired - r.total_kept, best.paired) << "trial " << trial;
    ASSERT_EQ(cost - kept_cost, best.cost) << "trial " << trial;
  }
}

// Stability on random instances: an existing pair whose team exists, is within the limit and
// whose team's feasible existing pairs fit its capacity is always kept in full; when they do
// not fit, every kept youth is at least as near as every youth dropped for capacity.
TEST(PairYouth, StabilityInvariantsOnRandomInstances) {
  std::mt19937 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    Youth youth;
    Teams teams;
    for (int t = 0; t < 15; ++t)
      add_team(teams, rng() % 20000, rng() % 20000, "T" + std::to_string(t),
               static_cast<std::int32_t>(rng() % 12));
    for (int i = 0; i < 300; ++i)
      add_youth(youth, rng() % 20000, rng() % 20000, "Y" + std::to_string(i),
                1 + static_cast<std::int32_t>(rng() % 3),
                rng() % 2 ? "T" + std::to_string(rng() % 17) : std::string{});
    PairingOptions opt;
    opt.max_distance_m = 4000;
    NullProgress progress;
    const PairingResult r = pair_youth(youth, teams, nullptr, opt, progress);
    check_invariants(r, youth, teams, opt.max_distance_m);
    std::map<std::string, std::size_t> team_of;
    for (std::size_t t = 0; t < teams.size(); ++t) team_of[teams.id[t]] = t;
    std::vector<std::int64_t> feasible(teams.size(), 0);
    for (std::size_t i = 0; i < youth.size(); ++i) {
      auto it = team_of.find(youth.paired_team[i]);
      if (it == team_of.end()) continue;
      if (distance(youth.pos[i], teams.pos[it->second]) <= opt.max_distance_m)
        feasible[it->second] += youth.count[i];
    }
    for (std::size_t i = 0; i < youth.size(); ++i) {
      auto it = team_of.find(youth.paired_team[i]);
      if (it == team_of.end()) {
        if (!youth.paired_team[i].empty()) {
          ASSERT_EQ(r.existing[i], ExistingPair::team_missing);
        }
        continue;
      }
      const std::size_t t = it->second;
      const double d = distance(youth.pos[i], teams.pos[t]);
      if (d > opt.max_distance_m) {
        ASSERT_EQ(r.existing[i], ExistingPair::beyond_limit);
        continue;
      }
      if (feasible[t] <= teams.capacity[t]) {
        ASSERT_EQ(r.kept[i], youth.count[i]) << "feasible pair dropped";
        continue;
      }
      if (r.kept[i] < youth.count[i])  // dropped for capacity: no kept youth of t is farther
        for (std::size_t j = 0; j < youth.size(); ++j)
          if (r.kept[j] > 0 && youth.paired_team[j] == teams.id[t]) {
            ASSERT_LE(distance(youth.pos[j], teams.pos[t]), d);
          }
    }
  }
}

TEST(PairYouth, IndependentOfInputOrder) {
  std::mt19937 rng(99);
  Youth youth;
  Teams teams;
  for (int t = 0; t < 25; ++t)
    add_team(teams, rng() % 30000, rng() % 30000, "T" + std::to_string(t),
             static_cast<std::int32_t>(rng() % 15));
  for (int i = 0; i < 600; ++i) {
    // Many youth on a few hundred spots, so ties and merged locations are common.
    add_youth(youth, (rng() % 60) * 500.0, (rng() % 60) * 500.0, "Y" + std::to_string(i),
              1 + static_cast<std::int32_t>(rng() % 3),
              rng() % 3 == 0 ? "T" + std::to_string(rng() % 25) : std::string{});
  }
  PairingOptions opt;
  opt.max_distance_m = 5000;
  NullProgress progress;
  const PairingResult base = pair_youth(youth, teams, nullptr, opt, progress);
  ASSERT_GT(base.total_paired, 0);
  ASSERT_GT(base.unpaired_full + base.unpaired_no_team, 0);
  for (int round = 0; round < 3; ++round) {
    const auto py = test::random_perm(youth.size(), rng);
    const auto pt = test::random_perm(teams.size(), rng);
    const Youth sy = test::shuffled(youth, py);
    const Teams st = test::shuffled(teams, pt);
    const PairingResult r = pair_youth(sy, st, nullptr, opt, progress);
    check_invariants(r, sy, st, opt.max_distance_m);
    EXPECT_EQ(r.total_paired, base.total_paired);
    EXPECT_DOUBLE_EQ(r.total_cost, base.total_cost);
    for (std::size_t k = 0; k < py.size(); ++k) {
      const std::size_t i = py[k];  // row k of the shuffle is row i of the original
      ASSERT_EQ(r.paired[k], base.paired[i]);
      ASSERT_EQ(r.kept[k], base.kept[i]);
      ASSERT_EQ(r.reason[k], base.reason[i]);
      ASSERT_EQ(r.existing[k], base.existing[i]);
      ASSERT_EQ(flows_of(r, st, k), flows_of(base, teams, i)) << youth.id[i];
    }
    for (std::size_t k = 0; k < pt.size(); ++k) ASSERT_EQ(r.load[k], base.load[pt[k]]);
  }
}

TEST(PairYouth, RejectsMismatchedColumns) {
  Town town;
  town.youth.count.pop_back();
  NullProgress progress;
  EXPECT_THROW(pair_youth(town.youth, town.teams, nullptr, {}, progress), std::invalid_argument);
}

}  // namespace
}  // namespace sunplan::pairing
