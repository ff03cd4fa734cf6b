#include "sunplan/pairing/relay.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "make_data.hpp"

namespace sunplan::pairing {
namespace {

using test::add_team;
using test::add_youth;

// Teams: L1 (0,0) leaves day 100; S1 (1000,0) stays, 3 places, 2 taken; S2 (0,3000) leaves day
// 200 (after the relay date 150), 5 places; L2 (10000,0) leaves day 120.
struct Relay {
  Youth youth;
  Teams teams;
  Relay(std::int32_t s2_capacity = 5) {
    add_team(teams, 0, 0, "L1", 3, 100, "张");
    add_team(teams, 1000, 0, "S1", 3, kNoDate, "李");
    add_team(teams, 0, 3000, "S2", s2_capacity, 200);
    add_team(teams, 10000, 0, "L2", 2, 120, "王");
    add_youth(youth, 100, 0, "a", 1, "L1");   // S1 900, S2 3001.7
    add_youth(youth, -500, 0, "b", 1, "L1");  // S1 1500, S2 3041.4
    add_youth(youth, 1000, 10, "s1", 1, "S1");
    add_youth(youth, 1100, 0, "s2", 1, "S1");
    add_youth(youth, 10000, 50, "far", 1, "L2");  // S1 9000, S2 > 10000
  }
};

TEST(Relay, HandWorkedHandover) {
  Relay r;
  RelayOptions opt;
  opt.date_days = 150;
  opt.max_distance_m = 4000;
  NullProgress progress;
  const RelayPlan plan =
      plan_relay(r.youth, r.teams, pairs_in_data(r.youth, r.teams), nullptr, opt, progress);
  EXPECT_EQ(plan.leaving, (std::vector<std::int32_t>{0, 3}));
  // S1 has one place: a->S1 + b->S2 = 900 + 3041.4 beats a->S2 + b->S1 = 3001.7 + 1500.
  ASSERT_EQ(plan.handovers.size(), 3u);
  const Handover& a = plan.handovers[0];
  EXPECT_EQ(a.youth, 0);
  EXPECT_EQ(a.from_team, 0);
  EXPECT_EQ(a.to_team, 1);
  EXPECT_EQ(a.date_days, 100);
  EXPECT_EQ(a.specialist, "李");
  EXPECT_NEAR(a.cost, 900.0, 1e-3);
  const Handover& b = plan.handovers[1];
  EXPECT_EQ(b.youth, 1);
  EXPECT_EQ(b.to_team, 2);
  EXPECT_EQ(b.specialist, "");
  EXPECT_NEAR(b.cost, std::hypot(500.0, 3000.0), 1e-2);
  const Handover& far = plan.handovers[2];
  EXPECT_EQ(far.youth, 4);
  EXPECT_EQ(far.from_team, 3);
  EXPECT_EQ(far.to_team, kNone);
  EXPECT_EQ(far.date_days, 120);
  EXPECT_EQ(far.reason, UnpairedReason::no_team_in_reach);
  EXPECT_EQ(plan.youth_to_hand_over, 3);
  EXPECT_EQ(plan.handed_over, 2);
  EXPECT_EQ(plan.not_handed_no_team, 1);
  EXPECT_EQ(plan.load_before, (std::vector<std::int64_t>{2, 2, 0, 1}));
  EXPECT_EQ(plan.load_after, (std::vector<std::int64_t>{0, 3, 1, 0}));
}

TEST(Relay, TeamsFullAndAggregates) {
  Relay r(0);  // S2 has no places: only S1's last place is left
  RelayOptions opt;
  opt.date_days = 150;
  opt.max_distance_m = 4000;
  NullProgress progress;
  const RelayPlan plan =
      plan_relay(r.youth, r.teams, pairs_in_data(r.youth, r.teams), nullptr, opt, progress);
  ASSERT_EQ(plan.handovers.size(), 3u);
  EXPECT_EQ(plan.handovers[0].to_team, 1);  // a, the nearer of a and b, takes S1's place
  EXPECT_EQ(plan.handovers[1].to_team, kNone);
  EXPECT_EQ(plan.handovers[1].reason, UnpairedReason::teams_full);
  EXPECT_EQ(plan.not_handed_full, 1);

  // An aggregate point of 3 at a, with L1: S1 takes 1 (900 m), S2 the other 2.
  Relay agg;
  agg.youth.count[0] = 3;
  agg.youth.paired_team[1].clear();
  const RelayPlan p2 =
      plan_relay(agg.youth, agg.teams, pairs_in_data(agg.youth, agg.teams), nullptr, opt, progress);
  ASSERT_GE(p2.handovers.size(), 2u);
  EXPECT_EQ(p2.handovers[0].youth, 0);
  EXPECT_EQ(p2.handovers[0].to_team, 1);
  EXPECT_EQ(p2.handovers[0].count, 1);
  EXPECT_EQ(p2.handovers[1].to_team, 2);
  EXPECT_EQ(p2.handovers[1].count, 2);
}

TEST(Relay, NobodyLeavesWithoutADateAndFromAPairingResult) {
  Relay r;
  PairingOptions popt;
  popt.max_distance_m = 4000;
  NullProgress progress;
  const PairingResult p = pair_youth(r.youth, r.teams, nullptr, popt, progress);
  RelayOptions opt;  // date kNoDate
  const RelayPlan none = plan_relay(r.youth, r.teams, pairs_of(p), nullptr, opt, progress);
  EXPECT_TRUE(none.leaving.empty());
  EXPECT_TRUE(none.handovers.empty());
  // Date 100: only L1 leaves; the pairs come from the pairing (all existing pairs kept).
  opt.date_days = 100;
  opt.max_distance_m = 4000;
  const RelayPlan plan = plan_relay(r.youth, r.teams, pairs_of(p), nullptr, opt, progress);
  EXPECT_EQ(plan.leaving, (std::vector<std::int32_t>{0}));
  EXPECT_EQ(plan.youth_to_hand_over, 2);
  EXPECT_EQ(plan.handed_over, 2);
}

TEST(Relay, IndependentOfInputOrder) {
  Relay r;
  RelayOptions opt;
  opt.date_days = 150;
  opt.max_distance_m = 4000;
  NullProgress progress;
  const std::vector<std::size_t> py = {4, 2, 0, 3, 1}, pt = {2, 3, 1, 0};
  const Youth sy = test::shuffled(r.youth, py);
  const Teams st = test::shuffled(r.teams, pt);
  const RelayPlan plan = plan_relay(sy, st, pairs_in_data(sy, st), nullptr, opt, progress);
  std::map<std::string, std::string> to;
  for (const Handover& h : plan.handovers)
    to[sy.id[h.youth]] = h.to_team == kNone ? "-" : st.id[h.to_team];
  EXPECT_EQ(to, (std::map<std::string, std::string>{{"a", "S1"}, {"b", "S2"}, {"far", "-"}}));
}

}  // namespace
}  // namespace sunplan::pairing
