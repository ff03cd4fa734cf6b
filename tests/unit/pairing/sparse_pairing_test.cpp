// The sparse pairing solver (pricing, the default) against the full formulation
// (PairingOptions::exact_full) and brute force: the same paired count and the same total
// cost in integer units on every instance, with far fewer arcs where reach is dense.
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "make_data.hpp"
#include "pairing_checks.hpp"
#include "sunplan/pairing/pair_youth.hpp"
#include "sunplan/pairing/relay.hpp"

namespace sunplan::pairing {
namespace {

using test::add_team;
using test::add_youth;

struct Instance {
  Youth youth;
  Teams teams;
  double limit_m = 0.0;
};

// dense: every youth within the limit of every team. tight: places for about half the youth.
Instance random_instance(std::mt19937& rng, bool dense, bool tight, bool existing) {
  Instance in;
  const double extent = dense ? 3000.0 : 40000.0;
  in.limit_m = dense ? 5000.0 : 4000.0;
  std::uniform_real_distribution<double> u(0.0, extent);
  const int teams = 3 + static_cast<int>(rng() % 14);
  const int points = 20 + static_cast<int>(rng() % 100);
  std::vector<std::int32_t> counts;
  std::int64_t youth_total = 0;
  Vec2 last{};
  for (int i = 0; i < points; ++i) {
    Vec2 p{u(rng), u(rng)};
    if (i > 0 && rng() % 4 == 0) p = last;  // shared locations
    if (rng() % 5 == 0) p = {std::round(p.x / 500) * 500, std::round(p.y / 500) * 500};  // ties
    last = p;
    const auto count = 1 + static_cast<std::int32_t>(rng() % 3);
    youth_total += count;
    add_youth(in.youth, p.x, p.y, "Y" + std::to_string(i), count);
  }
  const std::int64_t per_team = std::max<std::int64_t>(1, youth_total / teams);
  for (int t = 0; t < teams; ++t) {
    std::int32_t cap = tight ? static_cast<std::int32_t>(rng() % (per_team + 1))
                             : static_cast<std::int32_t>(per_team + rng() % (2 * per_team + 1));
    if (rng() % 20 == 0) cap = kUnlimited;
    if (rng() % 15 == 0) cap = 0;
    Vec2 p{u(rng), u(rng)};
    if (rng() % 4 == 0) p = {std::round(p.x / 500) * 500, std::round(p.y / 500) * 500};
    add_team(in.teams, p.x, p.y, "T" + std::to_string(t), cap);
  }
  if (existing)
    for (std::size_t i = 0; i < in.youth.size(); ++i)
      if (rng() % 3 == 0) in.youth.paired_team[i] = "T" + std::to_string(rng() % (teams + 2));
  return in;
}

TEST(SparsePairing, SameOptimumAsFullFormulation) {
  std::mt19937 rng(20261129);
  int priced = 0, fewer_arcs = 0;
  for (int trial = 0; trial < 240; ++trial) {
    const bool dense = trial % 3 != 2, tight = trial % 2 == 0, existing = trial % 5 < 2;
    const Instance in = random_instance(rng, dense, tight, existing);
    PairingOptions opt;
    opt.max_distance_m = in.limit_m;
    opt.keep_existing = trial % 4 != 3;
    opt.exact_full = true;
    NullProgress progress;
    const PairingResult full = pair_youth(in.youth, in.teams, nullptr, opt, progress);
    test::check_invariants(full, in.youth, in.teams, in.limit_m);
    for (std::size_t k : {1u, 3u, 8u}) {
      opt.exact_full = false;
      opt.initial_teams = k;
      opt.whole_below_reach = 0;  // price every part, so the pricing is what is tested
      const PairingResult s = pair_youth(in.youth, in.teams, nullptr, opt, progress);
      SCOPED_TRACE("trial " + std::to_string(trial) + " K " + std::to_string(k));
      test::check_invariants(s, in.youth, in.teams, in.limit_m);
      ASSERT_EQ(s.total_paired, full.total_paired);
      ASSERT_EQ(test::cost_units(s), test::cost_units(full));
      ASSERT_EQ(s.total_kept, full.total_kept);
      ASSERT_EQ(s.unpaired_no_team, full.unpaired_no_team);
      ASSERT_EQ(s.unpaired_full, full.unpaired_full);
      ASSERT_EQ(s.pairs_in_reach, full.pairs_in_reach);
      ASSERT_LE(s.arcs, s.pairs_in_reach);
      priced += s.pricing_rounds > 1;
      fewer_arcs += s.arcs < s.pairs_in_reach;
    }
  }
  // The comparison must exercise pricing, not just the first restricted problem.
  EXPECT_GT(priced, 100);
  EXPECT_GT(fewer_arcs, 300);
}

// Larger dense instances (a city block: 2,000 points, 80 teams, everyone in reach of
// everyone, places for about half): many pricing rounds on one big part.
TEST(SparsePairing, LargerDenseInstances) {
  std::mt19937 rng(8080);
  for (int trial = 0; trial < 4; ++trial) {
    Instance in;
    in.limit_m = 6000.0;
    std::uniform_real_distribution<double> u(0.0, 4000.0);
    for (int i = 0; i < 2000; ++i)
      add_youth(in.youth, u(rng), u(rng), "Y" + std::to_string(i),
                1 + static_cast<std::int32_t>(rng() % 2),
                rng() % 4 == 0 ? "T" + std::to_string(rng() % 80) : std::string{});
    for (int t = 0; t < 80; ++t)
      add_team(in.teams, u(rng), u(rng), "T" + std::to_string(t),
               static_cast<std::int32_t>(rng() % (trial < 2 ? 38 : 80)));
    PairingOptions opt;
    opt.max_distance_m = in.limit_m;
    opt.keep_existing = trial % 2 == 0;
    opt.exact_full = true;
    NullProgress progress;
    const PairingResult full = pair_youth(in.youth, in.teams, nullptr, opt, progress);
    opt.exact_full = false;
    opt.initial_teams = 3;      // few, so that pricing has work to do
    opt.whole_below_reach = 0;  // price every part, so the pricing is what is tested
    const PairingResult s = pair_youth(in.youth, in.teams, nullptr, opt, progress);
    SCOPED_TRACE("trial " + std::to_string(trial));
    test::check_invariants(s, in.youth, in.teams, in.limit_m);
    EXPECT_EQ(s.total_paired, full.total_paired);
    EXPECT_EQ(test::cost_units(s), test::cost_units(full));
    EXPECT_EQ(s.pairs_in_reach, full.pairs_in_reach);
    EXPECT_GT(s.pricing_rounds, 1u);
    EXPECT_LT(s.arcs, s.pairs_in_reach / 2);  // the point of pricing
  }
}

// Brute force on small instances with one initial team per location, so that nearly every
// optimum needs arcs that only pricing can bring in.
TEST(SparsePairing, MatchesBruteForceFromOneNearestTeam) {
  std::mt19937 rng(4242);
  for (int trial = 0; trial < 150; ++trial) {
    Youth youth;
    Teams teams;
    const int m = 1 + static_cast<int>(rng() % 3);
    for (int t = 0; t < m; ++t)
      add_team(teams, static_cast<double>(rng() % 2000), static_cast<double>(rng() % 2000),
               "T" + std::to_string(t), static_cast<std::int32_t>(rng() % 4));
    std::vector<Vec2> individuals;
    const int n = 2 + static_cast<int>(rng() % 3);
    for (int i = 0; i < n; ++i) {
      const Vec2 p{static_cast<double>(rng() % 2000), static_cast<double>(rng() % 2000)};
      const std::int32_t count = 1 + static_cast<std::int32_t>(rng() % 2);
      add_youth(youth, p.x, p.y, "Y" + std::to_string(i), count);
      for (int c = 0; c < count; ++c) individuals.push_back(p);
    }
    PairingOptions opt;
    opt.max_distance_m = 2000;
    opt.keep_existing = false;
    opt.initial_teams = 1;
    opt.whole_below_reach = 0;  // price every part, so the pricing is what is tested
    NullProgress progress;
    const PairingResult r = pair_youth(youth, teams, nullptr, opt, progress);
    test::check_invariants(r, youth, teams, opt.max_distance_m);
    std::vector<std::int64_t> room(teams.capacity.begin(), teams.capacity.end());
    const test::Best best = test::brute_force(individuals, teams, opt.max_distance_m, room);
    ASSERT_EQ(r.total_paired, best.paired) << "trial " << trial;
    ASSERT_EQ(test::cost_units(r), best.cost) << "trial " << trial;
  }
}

// Worked by hand. y1 (0,0), y2 (100,0); T1 (50,0) cap 1, T2 (1000,0) cap 1; limit 2000.
// With one initial team each, both locations start with T1 only and one is left unpaired;
// its marginal cost is M, so pricing brings in T2. Optimum: y1-T1 (50) + y2-T2 (900) = 950,
// against y2-T1 (50) + y1-T2 (1000) = 1050.
TEST(SparsePairing, PricingBringsInTheFartherTeam) {
  Youth youth;
  Teams teams;
  add_youth(youth, 0, 0, "y1");
  add_youth(youth, 100, 0, "y2");
  add_team(teams, 50, 0, "T1", 1);
  add_team(teams, 1000, 0, "T2", 1);
  PairingOptions opt;
  opt.max_distance_m = 2000;
  opt.initial_teams = 1;
  opt.whole_below_reach = 0;  // price every part, so the pricing is what is tested
  NullProgress progress;
  const PairingResult r = pair_youth(youth, teams, nullptr, opt, progress);
  EXPECT_EQ(r.total_paired, 2);
  EXPECT_EQ(r.team[0], 0);
  EXPECT_EQ(r.team[1], 1);
  EXPECT_NEAR(r.total_cost, 950.0, 1e-3);
  EXPECT_EQ(r.pairs_in_reach, 4u);
  EXPECT_GE(r.pricing_rounds, 2u);
  EXPECT_GE(r.arcs, 3u);
  EXPECT_LE(r.arcs, 4u);
}

// Worked by hand: the reduction that drops teams which can never be full, with a tie. g1 (0,0)
// has 2 youth, A (100,0) cap 1 and B (-100,0) unlimited both 100 m away; g2 (150,0) has 1 youth,
// A 50 m and C (160,0) unlimited 10 m away; limit 300. A can get 3 youth, so it can be full; g2
// never needs it (C is nearer and never full), but g1 does (A ties with g1's open team B). Were
// A declared never full, g1 would send both youth to it (A before B on the tie): 2 > cap 1.
// Optimum: 3 paired, 100 + 100 + 10 = 210, A holds at most 1.
TEST(SparsePairing, TeamTiedWithAnOpenTeamStaysCapacitated) {
  Youth youth;
  Teams teams;
  add_youth(youth, 0, 0, "g1", 2);
  add_youth(youth, 150, 0, "g2", 1);
  add_team(teams, 100, 0, "A", 1);
  add_team(teams, -100, 0, "B", kUnlimited);
  add_team(teams, 160, 0, "C", kUnlimited);
  PairingOptions opt;
  opt.max_distance_m = 300;
  opt.whole_below_reach = 0;
  NullProgress progress;
  const PairingResult r = pair_youth(youth, teams, nullptr, opt, progress);
  test::check_invariants(r, youth, teams, opt.max_distance_m);
  EXPECT_EQ(r.total_paired, 3);
  EXPECT_NEAR(r.total_cost, 210.0, 1e-3);
  EXPECT_EQ(r.team[1], 2);  // g2 with C
  std::int64_t at_a = 0;
  for (auto k = r.flow_offsets[0]; k < r.flow_offsets[1]; ++k)
    if (r.flow_team[k] == 0) at_a += r.flow_count[k];
  EXPECT_LE(at_a, 1);  // B costs the same, so 1 or 0 there
}

// Results by youth id are identical after shuffling rows, with pricing doing real work.
TEST(SparsePairing, IndependentOfInputOrder) {
  std::mt19937 rng(31);
  const Instance in = random_instance(rng, true, true, true);
  PairingOptions opt;
  opt.max_distance_m = in.limit_m;
  opt.initial_teams = 2;
  opt.whole_below_reach = 0;  // price every part, so the pricing is what is tested
  NullProgress progress;
  const PairingResult base = pair_youth(in.youth, in.teams, nullptr, opt, progress);
  ASSERT_GT(base.pricing_rounds, 1u);
  for (int round = 0; round < 3; ++round) {
    const auto py = test::random_perm(in.youth.size(), rng);
    const auto pt = test::random_perm(in.teams.size(), rng);
    const Youth sy = test::shuffled(in.youth, py);
    const Teams st = test::shuffled(in.teams, pt);
    const PairingResult r = pair_youth(sy, st, nullptr, opt, progress);
    EXPECT_EQ(r.total_paired, base.total_paired);
    EXPECT_DOUBLE_EQ(r.total_cost, base.total_cost);
    EXPECT_EQ(r.arcs, base.arcs);
    for (std::size_t k = 0; k < py.size(); ++k) {
      const std::size_t i = py[k];
      ASSERT_EQ(test::flows_of(r, st, k), test::flows_of(base, in.teams, i)) << in.youth.id[i];
      ASSERT_EQ(r.reason[k], base.reason[i]);
    }
    for (std::size_t k = 0; k < pt.size(); ++k) ASSERT_EQ(r.load[k], base.load[pt[k]]);
  }
}

// Network mode: random travel matrices (rows of random teams and seconds, some beyond the
// limit); pricing over the given rows gives the full formulation's optimum.
TEST(SparsePairing, TravelMatrixSameOptimumAsFull) {
  std::mt19937 rng(77);
  for (int trial = 0; trial < 60; ++trial) {
    Youth youth;
    Teams teams;
    const int m = 2 + static_cast<int>(rng() % 10);
    for (int t = 0; t < m; ++t)
      add_team(teams, 0, 0, "T" + std::to_string(t), static_cast<std::int32_t>(rng() % 8));
    ReachMatrix travel;
    const int n = 10 + static_cast<int>(rng() % 60);
    for (int i = 0; i < n; ++i) {
      add_youth(youth, static_cast<double>(i % 7), 0, "Y" + std::to_string(i),
                1 + static_cast<std::int32_t>(rng() % 3));
      for (int t = 0; t < m; ++t)
        if (rng() % 3 != 0) {
          travel.facility.push_back(static_cast<std::uint32_t>(t));
          travel.cost.push_back(static_cast<float>(rng() % 1200) + (rng() % 2 ? 0.5f : 0.0f));
        }
      travel.offsets.push_back(travel.facility.size());
    }
    PairingOptions opt;
    opt.max_cost = 900;
    opt.exact_full = true;
    NullProgress progress;
    const PairingResult full = pair_youth(youth, teams, &travel, opt, progress);
    for (std::size_t k : {1u, 8u}) {
      opt.exact_full = false;
      opt.initial_teams = k;
      opt.whole_below_reach = 0;  // price every part, so the pricing is what is tested
      const PairingResult s = pair_youth(youth, teams, &travel, opt, progress);
      SCOPED_TRACE("trial " + std::to_string(trial) + " K " + std::to_string(k));
      ASSERT_EQ(s.total_paired, full.total_paired);
      ASSERT_EQ(test::cost_units(s), test::cost_units(full));
      ASSERT_EQ(s.unpaired_no_team, full.unpaired_no_team);
      ASSERT_EQ(s.unpaired_full, full.unpaired_full);
      std::vector<std::int64_t> load(teams.size(), 0);
      for (std::size_t i = 0; i < youth.size(); ++i)
        for (auto f = s.flow_offsets[i]; f < s.flow_offsets[i + 1]; ++f) {
          const auto t = static_cast<std::uint32_t>(s.flow_team[f]);
          load[t] += s.flow_count[f];
          bool in_row = false;  // the pair and its cost come from the youth's own row
          for (auto e = travel.offsets[i]; e < travel.offsets[i + 1]; ++e)
            in_row |= travel.facility[e] == t && travel.cost[e] == s.flow_cost[f] &&
                      travel.cost[e] <= opt.max_cost;
          ASSERT_TRUE(in_row);
        }
      for (std::size_t t = 0; t < teams.size(); ++t) ASSERT_LE(load[t], teams.capacity[t]);
    }
  }
}

// The relay runs through the same solvers: handovers (most youth, then least cost) from the
// sparse solver equal the full formulation's on random instances where half the teams leave.
TEST(SparsePairing, RelaySameOptimumAsFull) {
  std::mt19937 rng(515);
  for (int trial = 0; trial < 60; ++trial) {
    Instance in = random_instance(rng, trial % 2 == 0, trial % 3 != 0, false);
    for (std::size_t t = 0; t < in.teams.size(); ++t)
      in.teams.term_end[t] = rng() % 2 ? 100 : kNoDate;
    PairingOptions popt;
    popt.max_distance_m = in.limit_m;
    NullProgress progress;
    const auto pairs = pairs_of(pair_youth(in.youth, in.teams, nullptr, popt, progress));
    RelayOptions opt;
    opt.date_days = 100;
    opt.max_distance_m = in.limit_m;
    opt.exact_full = true;
    const RelayPlan full = plan_relay(in.youth, in.teams, pairs, nullptr, opt, progress);
    auto units_of = [](const RelayPlan& p) {
      std::int64_t u = 0;
      for (const Handover& h : p.handovers)
        if (h.to_team != kNone) u += h.count * test::units(h.cost);
      return u;
    };
    for (std::size_t k : {1u, 8u}) {
      opt.exact_full = false;
      opt.initial_teams = k;
      opt.whole_below_reach = 0;  // price every part, so the pricing is what is tested
      const RelayPlan s = plan_relay(in.youth, in.teams, pairs, nullptr, opt, progress);
      SCOPED_TRACE("trial " + std::to_string(trial) + " K " + std::to_string(k));
      ASSERT_EQ(s.youth_to_hand_over, full.youth_to_hand_over);
      ASSERT_EQ(s.handed_over, full.handed_over);
      ASSERT_EQ(units_of(s), units_of(full));
      ASSERT_EQ(s.not_handed_no_team, full.not_handed_no_team);
      ASSERT_EQ(s.not_handed_full, full.not_handed_full);
      for (std::size_t t = 0; t < in.teams.size(); ++t)
        if (in.teams.capacity[t] != kUnlimited) {
          ASSERT_LE(s.load_after[t], std::max(in.teams.capacity[t], 0));
        }
    }
  }
}

}  // namespace
}  // namespace sunplan::pairing
