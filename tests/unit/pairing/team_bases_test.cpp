#include "sunplan/pairing/team_bases.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "make_data.hpp"

namespace sunplan::pairing {
namespace {

using test::add_team;

void add_base(Bases& b, double x, double y, std::string id,
              BaseStatus status = BaseStatus::existing) {
  b.pos.push_back({x, y});
  b.id.push_back(id);
  b.name.push_back(std::move(id));
  b.type.push_back(BaseType::rehab);
  b.status.push_back(status);
  b.capacity.push_back(kUnlimited);
  b.has_specialist.push_back(0);
  b.cost.push_back(1.0);
  b.township.push_back(kNone);
  b.source_row.push_back(static_cast<std::int64_t>(b.id.size()));
}

TEST(TeamBases, HandWorked) {
  // Teams P(0,0) and Q(4000,0), one base each; limit 3000 m.
  Teams teams;
  add_team(teams, 0, 0, "P", 10);
  add_team(teams, 4000, 0, "Q", 10);
  Bases bases;
  add_base(bases, 1000, 0, "b1");                        // P 1000, Q 3000
  add_base(bases, 2500, 0, "b2");                        // P 2500, Q 1500
  add_base(bases, 500, 0, "b3");                         // P 500, Q 3500 (out)
  add_base(bases, 9000, 0, "b4");                        // nobody
  add_base(bases, 100, 0, "b5", BaseStatus::candidate);  // not taking part
  TeamBasesOptions opt;
  opt.max_distance_m = 3000;
  opt.bases_per_team = 1;
  NullProgress progress;
  const TeamBasesResult r = match_teams_to_bases(bases, teams, opt, progress);
  // Two places for b1, b2, b3: b3 only has P, so the best pair of covers is
  // P<-b3 (500) + Q<-b2 (1500) = 2000 < P<-b1 + Q<-b2 = 2500 < P<-b3 + Q<-b1 = 3500.
  EXPECT_EQ(r.bases_considered, 4);
  EXPECT_EQ(r.bases_covered, 2);
  EXPECT_EQ(r.team[2], 0);
  EXPECT_EQ(r.team[1], 1);
  EXPECT_EQ(r.team[0], kNone);
  EXPECT_EQ(r.reason[0], BaseTeamReason::teams_full);
  EXPECT_EQ(r.reason[3], BaseTeamReason::no_team_in_reach);
  EXPECT_EQ(r.reason[4], BaseTeamReason::excluded);
  EXPECT_NEAR(r.total_distance_m, 2000.0, 1e-9);
  EXPECT_EQ(r.uncovered, (std::vector<std::int32_t>{0, 3}));
  EXPECT_EQ(r.bases_of_team, (std::vector<std::int32_t>{1, 1}));

  opt.bases_per_team = 2;
  const TeamBasesResult two = match_teams_to_bases(bases, teams, opt, progress);
  EXPECT_EQ(two.bases_covered, 3);
  EXPECT_EQ(two.team[0], 0);  // b1 to P (1000) rather than Q (3000)
  EXPECT_EQ(two.uncovered, (std::vector<std::int32_t>{3}));
}

// Brute force on small random instances: each base to a team in reach or none, each team at
// most N; most bases covered, then least total distance (in decimetres, as the flow counts).
TEST(TeamBases, MatchesBruteForce) {
  std::mt19937 rng(5);
  for (int trial = 0; trial < 100; ++trial) {
    Teams teams;
    Bases bases;
    const int m = 1 + static_cast<int>(rng() % 3), n = 1 + static_cast<int>(rng() % 6);
    for (int t = 0; t < m; ++t)
      add_team(teams, rng() % 5000, rng() % 5000, "T" + std::to_string(t), 5);
    for (int b = 0; b < n; ++b)
      add_base(bases, rng() % 5000, rng() % 5000, "B" + std::to_string(b));
    TeamBasesOptions opt;
    opt.max_distance_m = 2500;
    opt.bases_per_team = 1 + static_cast<std::int32_t>(rng() % 2);
    NullProgress progress;
    const TeamBasesResult r = match_teams_to_bases(bases, teams, opt, progress);
    auto units = [](double d) {
      return std::llround(static_cast<double>(static_cast<float>(d)) / 0.1);
    };
    std::int64_t best_cov = -1, best_cost = 0;
    std::vector<int> choice(static_cast<std::size_t>(n), 0);
    while (true) {
      std::vector<int> used(static_cast<std::size_t>(m), 0);
      std::int64_t cov = 0, cost = 0;
      bool ok = true;
      for (int b = 0; b < n && ok; ++b) {
        const int c = choice[static_cast<std::size_t>(b)];
        if (c == m) continue;
        const double d = distance(bases.pos[b], teams.pos[c]);
        if (d > opt.max_distance_m || ++used[static_cast<std::size_t>(c)] > opt.bases_per_team)
          ok = false;
        ++cov;
        cost += units(d);
      }
      if (ok && (cov > best_cov || (cov == best_cov && cost < best_cost))) {
        best_cov = cov;
        best_cost = cost;
      }
      int k = 0;
      while (k < n && ++choice[static_cast<std::size_t>(k)] > m)
        choice[static_cast<std::size_t>(k++)] = 0;
      if (k == n) break;
    }
    std::int64_t cost = 0;
    for (int b = 0; b < n; ++b) {
      if (r.team[b] == kNone) continue;
      const double d = distance(bases.pos[b], teams.pos[r.team[b]]);
      ASSERT_LE(d, opt.max_distance_m);
      cost += units(d);
    }
    for (int t = 0; t < m; ++t) ASSERT_LE(r.bases_of_team[t], opt.bases_per_team);
    ASSERT_EQ(r.bases_covered, best_cov) << "trial " << trial;
    ASSERT_EQ(cost, best_cost) << "trial " << trial;
  }
}

}  // namespace
}  // namespace sunplan::pairing
