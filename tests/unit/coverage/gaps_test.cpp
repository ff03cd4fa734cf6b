#include "sunplan/coverage/gaps.hpp"

#include <gtest/gtest.h>

#include "small_town.hpp"
#include "sunplan/coverage/coverage.hpp"

namespace sunplan::coverage {
namespace {

TEST(Gaps, SmallTownRanking) {
  const Dataset d = testing::small_town();
  NullProgress np;
  const auto c = run_coverage(d, CoverageOptions{}, np);
  // C: 4 unserved, none in reach. A: 2 unserved, one with no base, one because b0 is full.
  ASSERT_EQ(c.gaps.ranked.size(), 2u);
  const auto& first = c.gaps.ranked[0];
  EXPECT_EQ(first.unit, 4);
  EXPECT_EQ(first.unserved, 4);
  EXPECT_EQ(first.reason, GapReason::no_base_in_reach);
  EXPECT_EQ(first.urban_rural, UrbanRural::rural);
  const auto& second = c.gaps.ranked[1];
  EXPECT_EQ(second.unit, 2);
  EXPECT_EQ(second.unserved, 2);
  EXPECT_EQ(second.unserved_no_base, 1);
  EXPECT_EQ(second.unserved_full, 1);
  EXPECT_EQ(second.reason, GapReason::mixed);
  EXPECT_EQ(second.urban_rural, UrbanRural::urban);

  GapsOptions all;
  all.include_fully_served = true;
  const auto g = rank_gaps(d.admin, c.figures, all);
  ASSERT_EQ(g.ranked.size(), 3u);
  EXPECT_EQ(g.ranked[2].unit, 3);
  EXPECT_EQ(g.ranked[2].reason, GapReason::none);
}

TEST(Gaps, TiesByDistanceThenCode) {
  AdminUnits admin;
  for (const char* code : {"310101003", "310101001", "310101002", "310101004"}) {
    AdminUnit u;
    u.code = code;
    admin.units.push_back(u);
    admin.townships.push_back(static_cast<std::int32_t>(admin.units.size() - 1));
  }
  UnitFiguresResult f;
  f.units.resize(4);
  auto set = [&](int u, std::int64_t youth, std::int64_t served, double mean) {
    f.units[u].youth = youth;
    f.units[u].served = served;
    f.units[u].unserved_full = youth - served;
    f.units[u].mean_nearest = mean;
  };
  set(0, 10, 5, 700.0);   // 5 unserved, 700 m
  set(1, 10, 5, 700.0);   // 5 unserved, 700 m, lower code -> before unit 0
  set(2, 10, 5, 900.0);   // 5 unserved, farther -> first of the three
  set(3, 10, 8, 5000.0);  // 2 unserved: fewer -> last despite the distance
  const auto g = rank_gaps(admin, f, {});
  ASSERT_EQ(g.ranked.size(), 4u);
  EXPECT_EQ(g.ranked[0].unit, 2);
  EXPECT_EQ(g.ranked[1].unit, 1);
  EXPECT_EQ(g.ranked[2].unit, 0);
  EXPECT_EQ(g.ranked[3].unit, 3);
  EXPECT_EQ(g.ranked[0].reason, GapReason::bases_full);
}

}  // namespace
}  // namespace sunplan::coverage
