#include "sunplan/pairing/targets.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "make_data.hpp"

namespace sunplan::pairing {
namespace {

AdminUnit unit(std::string code, AdminLevel level, std::int32_t parent,
               UrbanRural ur = UrbanRural::unknown) {
  AdminUnit u;
  u.code = std::move(code);
  u.level = level;
  u.parent = parent;
  u.urban_rural = ur;
  return u;
}

// P 31 > C 3101 > {K1 310101 > {T1 urban, T2 rural}, K2 310102 > T3 urban}.
struct Area {
  AdminUnits admin;
  Bases bases;
  Teams teams;
  Area() {
    admin.units = {unit("31", AdminLevel::province, kNone),
                   unit("3101", AdminLevel::city, 0),
                   unit("310101", AdminLevel::county, 1),
                   unit("310102", AdminLevel::county, 1),
                   unit("310101001", AdminLevel::township, 2, UrbanRural::urban),
                   unit("310101002", AdminLevel::township, 2, UrbanRural::rural),
                   unit("310102001", AdminLevel::township, 3, UrbanRural::urban)};
    admin.townships = {4, 5, 6};
    auto base = [this](std::int32_t township, BaseStatus status) {
      bases.pos.push_back({0, 0});
      bases.status.push_back(status);
      bases.township.push_back(township);
    };
    base(4, BaseStatus::existing);
    base(4, BaseStatus::existing);
    base(6, BaseStatus::planned);
    base(6, BaseStatus::candidate);  // not counted
    base(3, BaseStatus::existing);   // placed on the county itself
    test::add_team(teams, 0, 0, "t1", 10, kNoDate, "甲", 4);
    test::add_team(teams, 0, 0, "t2", 10, kNoDate, "", 4);
    test::add_team(teams, 0, 0, "t3", 10, kNoDate, "乙", 6);
    test::add_team(teams, 0, 0, "t4", 10, kNoDate, "", 6);
  }
};

TEST(Targets, PublishedDefaults) {
  const Targets t;
  EXPECT_DOUBLE_EQ(t.pairing_rate, 0.70);
  EXPECT_EQ(t.national_youth, 3'300'000);
  EXPECT_DOUBLE_EQ(t.urban_reach_rate, 1.0);
  EXPECT_EQ(t.national_bases, 10'000);
  EXPECT_EQ(t.national_specialists, 10'000);
  EXPECT_DOUBLE_EQ(t.paired_team_specialist_rate, 1.0);
}

TEST(Targets, RollUpWorkedByHand) {
  Area a;
  const std::vector<std::int32_t> count = {10, 5, 10, 20, 5};
  const std::vector<std::int32_t> township = {4, 4, 5, 6, kNone};
  const std::vector<std::int32_t> paired = {7, 2, 8, 10, 0};
  const std::vector<std::uint8_t> in_reach = {1, 0, 0, 1, 1};
  const std::vector<std::int64_t> load = {5, 3, 0, 2};
  Targets t;
  t.national_youth = 450;
  t.national_bases = 100;
  t.national_specialists = 100;
  t.base_quota["310102"] = 3;
  const TargetsInput in{a.admin, count, township, paired, in_reach, a.bases, a.teams, load};
  const TargetsProgress p = target_progress(in, t);

  const UnitProgress& t1 = p.units[4];
  EXPECT_EQ(t1.youth, 15);
  EXPECT_EQ(t1.paired, 9);
  EXPECT_DOUBLE_EQ(t1.pairing_rate, 0.6);
  EXPECT_EQ(t1.paired_short, 2);  // ceil(0.7 * 15) = 11
  EXPECT_FALSE(t1.pairing_met);
  EXPECT_EQ(t1.urban_youth, 15);
  EXPECT_EQ(t1.urban_in_reach, 10);
  EXPECT_FALSE(t1.urban_reach_met);
  EXPECT_EQ(t1.bases, 2);
  EXPECT_NEAR(t1.base_quota, 100.0 * 45 / 450 * 25 / 45 * 15 / 25, 1e-9);  // 3.33
  EXPECT_FALSE(t1.bases_met);
  EXPECT_EQ(t1.teams, 2);
  EXPECT_EQ(t1.paired_teams, 2);
  EXPECT_EQ(t1.paired_teams_with_specialist, 1);
  EXPECT_DOUBLE_EQ(t1.paired_team_specialist_rate, 0.5);
  EXPECT_EQ(t1.specialists, 1);

  const UnitProgress& t2 = p.units[5];
  EXPECT_TRUE(t2.pairing_met);  // 8 of 10
  EXPECT_EQ(t2.urban_youth, 0);
  EXPECT_TRUE(std::isnan(t2.urban_reach_rate));
  EXPECT_FALSE(t2.urban_reach_met);

  const UnitProgress& t3 = p.units[6];
  EXPECT_EQ(t3.paired_short, 4);  // ceil(14) - 10
  EXPECT_TRUE(t3.urban_reach_met);
  EXPECT_EQ(t3.bases, 1);
  EXPECT_NEAR(t3.base_quota, 3.0, 1e-12);  // all of K2's explicit 3 (T3 holds all its youth)
  EXPECT_EQ(t3.paired_teams, 1);
  EXPECT_EQ(t3.paired_teams_with_specialist, 0);

  const UnitProgress& k1 = p.units[2];
  EXPECT_EQ(k1.youth, 25);
  EXPECT_EQ(k1.paired, 17);
  EXPECT_EQ(k1.paired_short, 1);  // ceil(17.5) = 18
  EXPECT_NEAR(k1.base_quota, 100.0 * 45 / 450 * 25 / 45, 1e-9);
  EXPECT_FALSE(k1.base_quota_explicit);

  const UnitProgress& k2 = p.units[3];
  EXPECT_TRUE(k2.base_quota_explicit);
  EXPECT_DOUBLE_EQ(k2.base_quota, 3.0);
  EXPECT_EQ(k2.bases, 2);  // T3's planned one and the one on the county
  EXPECT_FALSE(k2.bases_met);

  const UnitProgress& prov = p.units[0];
  EXPECT_EQ(prov.youth, 45);
  EXPECT_EQ(prov.paired, 27);
  EXPECT_EQ(prov.paired_short, 5);  // ceil(31.5) = 32
  EXPECT_EQ(prov.urban_youth, 35);
  EXPECT_EQ(prov.urban_in_reach, 30);
  EXPECT_EQ(prov.bases, 4);
  EXPECT_NEAR(prov.base_quota, 10.0, 1e-12);
  EXPECT_EQ(prov.teams, 4);
  EXPECT_EQ(prov.paired_teams, 3);
  EXPECT_EQ(prov.paired_teams_with_specialist, 1);
  EXPECT_EQ(prov.specialists, 2);
  EXPECT_NEAR(prov.specialist_quota, 10.0, 1e-12);
  EXPECT_FALSE(prov.specialists_met);
  EXPECT_EQ(p.units[1].youth, 45);

  EXPECT_EQ(p.total.youth, 50);  // the point outside every unit counts here only
  EXPECT_EQ(p.total.paired, 27);
  EXPECT_NEAR(p.total.base_quota, 100.0 * 50 / 450, 1e-12);

  // Without in-reach input the urban figures are unknown, not zero.
  const TargetsInput no_reach{a.admin, count, township, paired, {}, a.bases, a.teams, load};
  EXPECT_TRUE(std::isnan(target_progress(no_reach, t).units[4].urban_reach_rate));
}

TEST(Targets, MetWhenReached) {
  Area a;
  const std::vector<std::int32_t> count = {10};
  const std::vector<std::int32_t> township = {4};
  const std::vector<std::int32_t> paired = {7};  // exactly 70%
  const std::vector<std::uint8_t> in_reach = {1};
  const std::vector<std::int64_t> load = {1, 0, 0, 0};
  Targets t;
  t.national_youth = 10;
  t.national_bases = 2;
  t.national_specialists = 1;
  const TargetsProgress p =
      target_progress({a.admin, count, township, paired, in_reach, a.bases, a.teams, load}, t);
  const UnitProgress& t1 = p.units[4];
  EXPECT_TRUE(t1.pairing_met);
  EXPECT_TRUE(t1.urban_reach_met);
  EXPECT_TRUE(t1.bases_met);             // 2 bases against 2
  EXPECT_TRUE(t1.specialist_teams_met);  // t1 is the only paired team and has one
  EXPECT_TRUE(t1.specialists_met);
}

}  // namespace
}  // namespace sunplan::pairing
