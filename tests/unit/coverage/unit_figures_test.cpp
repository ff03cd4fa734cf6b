#include "sunplan/coverage/unit_figures.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "small_town.hpp"
#include "sunplan/coverage/coverage.hpp"

namespace sunplan::coverage {
namespace {

constexpr int kUrban = static_cast<int>(UrbanRural::urban);
constexpr int kRural = static_cast<int>(UrbanRural::rural);
constexpr int kWarm = static_cast<int>(BaseType::warm_home);
constexpr int kRehab = static_cast<int>(BaseType::rehab);
constexpr int kExisting = static_cast<int>(BaseStatus::existing);
constexpr int kCandidate = static_cast<int>(BaseStatus::candidate);

// Every number below is worked out by hand in small_town.hpp's picture.
TEST(UnitFigures, SmallTownByHand) {
  const Dataset d = testing::small_town();
  NullProgress np;
  const CoverageResult c = run_coverage(d, CoverageOptions{}, np);

  // Reach and served per point.
  EXPECT_EQ(c.reach.in_reach_count, (std::vector<std::int32_t>{1, 1, 0, 1, 1, 0, 0}));
  EXPECT_EQ(c.reach.nearest, (std::vector<std::int32_t>{0, 0, 0, 1, 1, 1, 0}));
  // b0 has 3 places for 4 youth in reach: y0's two at 500 m beat y1's at 800 m.
  EXPECT_EQ(c.served.served, (std::vector<std::int32_t>{2, 1, 0, 3, 1, 0, 0}));
  EXPECT_EQ(c.served.reason[1], UnservedReason::bases_full);
  EXPECT_EQ(c.served.reason[5], UnservedReason::no_base_in_reach);
  EXPECT_EQ(c.served.reason[6], UnservedReason::no_base_in_reach);
  EXPECT_EQ(c.served.reason[2], UnservedReason::none);
  EXPECT_EQ(c.served.load, (std::vector<std::int64_t>{3, 4, 0}));
  EXPECT_DOUBLE_EQ(c.served.total_cost, 2 * 500.0 + 800.0 + 3 * 1000.0 + 5000.0);

  const auto& A = c.figures.units[2];
  EXPECT_EQ(A.youth, 5);
  EXPECT_EQ(A.in_reach, 4);
  EXPECT_EQ(A.served, 3);
  EXPECT_EQ(A.unserved_no_base, 1);
  EXPECT_EQ(A.unserved_full, 1);
  EXPECT_DOUBLE_EQ(A.reach_rate, 0.8);
  EXPECT_DOUBLE_EQ(A.served_rate, 0.6);
  EXPECT_DOUBLE_EQ(A.mean_nearest, (2 * 500.0 + 2 * 800.0 + 3000.0) / 5);
  EXPECT_DOUBLE_EQ(A.p90_nearest, 3000.0);  // rank ceil(4.5) = 5 of 500,500,800,800,3000
  EXPECT_EQ(A.by_class[kUrban].youth, 5);
  EXPECT_EQ(A.by_class[kUrban].in_reach, 4);
  EXPECT_EQ(A.by_class[kUrban].served, 3);
  EXPECT_EQ(A.by_class[kRural].youth, 0);
  EXPECT_EQ(A.bases[kWarm][kExisting], 1);
  EXPECT_EQ(A.base_load, 3);

  const auto& B = c.figures.units[3];
  EXPECT_EQ(B.youth, 4);
  EXPECT_EQ(B.in_reach, 4);
  EXPECT_EQ(B.served, 4);
  EXPECT_DOUBLE_EQ(B.served_rate, 1.0);
  EXPECT_DOUBLE_EQ(B.mean_nearest, 2000.0);
  EXPECT_DOUBLE_EQ(B.p90_nearest, 5000.0);  // rank ceil(3.6) = 4

  const auto& C = c.figures.units[4];
  EXPECT_EQ(C.youth, 4);
  EXPECT_EQ(C.in_reach, 0);
  EXPECT_EQ(C.unserved_no_base, 4);
  EXPECT_DOUBLE_EQ(C.mean_nearest, 10000.0);  // the candidate b2 does not count
  EXPECT_EQ(C.bases[kRehab][kCandidate], 1);

  for (const UnitFigures* up : {&c.figures.units[1], &c.figures.units[0], &c.figures.total}) {
    const UnitFigures& u = *up;
    EXPECT_EQ(u.youth, 13);
    EXPECT_EQ(u.in_reach, 8);
    EXPECT_EQ(u.served, 7);
    EXPECT_EQ(u.unserved_no_base, 5);
    EXPECT_EQ(u.unserved_full, 1);
    EXPECT_EQ(u.by_class[kUrban].youth, 5);
    EXPECT_EQ(u.by_class[kRural].youth, 8);
    EXPECT_EQ(u.by_class[kRural].in_reach, 4);
    EXPECT_EQ(u.by_class[kRural].served, 4);
    EXPECT_DOUBLE_EQ(u.mean_nearest, 53600.0 / 13);
    EXPECT_DOUBLE_EQ(u.p90_nearest, 10000.0);  // rank ceil(11.7) = 12
    EXPECT_EQ(u.bases[kWarm][kExisting], 2);
    EXPECT_EQ(u.bases[kRehab][kCandidate], 1);
    EXPECT_EQ(u.base_load, 7);
  }

  // E2SFCA by hand (supply 1 per base; zones r/3, 2r/3, r with weights 1, 0.68, 0.22):
  // b0 (r 1000): y0 at 500 -> 0.68, y1 at 800 -> 0.22; weighted demand 2*0.68 + 2*0.22 = 1.8.
  // b1 (r 5000): y3 at 1000 -> 1, y4 at 5000 -> 0.22; weighted demand 3 + 0.22 = 3.22.
  EXPECT_NEAR(c.figures.facility_ratio[0], 1 / 1.8, 1e-12);
  EXPECT_NEAR(c.figures.facility_ratio[1], 1 / 3.22, 1e-12);
  EXPECT_EQ(c.figures.facility_ratio[2], 0.0);
  const auto& acc = c.figures.point_accessibility;
  EXPECT_NEAR(acc[0], 0.68 / 1.8, 1e-12);
  EXPECT_NEAR(acc[1], 0.22 / 1.8, 1e-12);
  EXPECT_NEAR(acc[3], 1 / 3.22, 1e-12);
  EXPECT_NEAR(acc[4], 0.22 / 3.22, 1e-12);
  EXPECT_EQ(acc[5], 0.0);
  EXPECT_NEAR(A.accessibility, (2 * 0.68 / 1.8 + 2 * 0.22 / 1.8) / 5, 1e-12);  // = 0.2
  EXPECT_NEAR(B.accessibility, 0.25, 1e-12);
  EXPECT_NEAR(C.accessibility, 0.0, 1e-12);
  EXPECT_NEAR(c.figures.total.accessibility, 2.0 / 13, 1e-12);
}

TEST(UnitFigures, E2sfcaCapacitySupply) {
  // One facility (r 300, supply 10) reaching p0 (4 youth at 50 m, zone 1) and p1 (6 youth at
  // 250 m, zone 3): R = 10 / (4*1 + 6*0.22) = 10/5.32; A0 = R, A1 = 0.22 R.
  ReachMatrix r;
  r.facility = {0, 0};
  r.cost = {50.f, 250.f};
  r.offsets = {0, 1, 2};
  const std::vector<std::int32_t> demand{4, 6};
  const std::vector<double> radius{300}, supply{10};
  const auto e = e2sfca(demand, r, radius, supply, E2sfcaOptions{});
  EXPECT_NEAR(e.facility_ratio[0], 10 / 5.32, 1e-12);
  EXPECT_NEAR(e.point_score[0], 10 / 5.32, 1e-12);
  EXPECT_NEAR(e.point_score[1], 0.22 * 10 / 5.32, 1e-12);
  // Supply is conserved: sum of P_i A_i equals the supply of every reached facility.
  EXPECT_NEAR(4 * e.point_score[0] + 6 * e.point_score[1], 10.0, 1e-12);
}

// Random tree of units listed children-first; roll-ups and percentiles against direct counts.
TEST(UnitFigures, RollUpAndPercentileAgainstDirect) {
  std::mt19937_64 rng(5);
  Dataset d;
  // Units: townships 0..11, counties 12..14, province 15 (parents after children on purpose).
  for (int t = 0; t < 12; ++t) {
    AdminUnit u;
    u.code = std::string("3101")
                 .append(std::to_string(10 + t / 4))
                 .append("00")
                 .append(std::to_string(t));
    u.level = AdminLevel::township;
    u.parent = 12 + t / 4;
    u.urban_rural = t % 3 == 0 ? UrbanRural::urban : UrbanRural::rural;
    d.admin.units.push_back(u);
    d.admin.townships.push_back(t);
  }
  for (int k = 0; k < 3; ++k) {
    AdminUnit u;
    u.code = std::string("3101").append(std::to_string(10 + k));
    u.level = AdminLevel::county;
    u.parent = 15;
    d.admin.units.push_back(u);
  }
  d.admin.units.push_back(
      AdminUnit{"31", "", AdminLevel::province, kNone, UrbanRural::unknown, "", {}, -1});
  std::uniform_real_distribution<double> xy(0, 20000);
  for (int j = 0; j < 25; ++j) {
    d.bases.pos.push_back({xy(rng), xy(rng)});
    d.bases.type.push_back(static_cast<BaseType>(j % kBaseTypeCount));
    d.bases.status.push_back(j % 5 == 0 ? BaseStatus::planned : BaseStatus::existing);
    d.bases.capacity.push_back(j % 4 == 0 ? kUnlimited : 5);
    d.bases.township.push_back(j % 13 == 12 ? kNone : static_cast<std::int32_t>(j % 12));
  }
  for (int i = 0; i < 600; ++i) {
    d.youth.pos.push_back({xy(rng), xy(rng)});
    d.youth.count.push_back(static_cast<std::int32_t>(rng() % 4));
    d.youth.township.push_back(i % 50 == 49 ? kNone : static_cast<std::int32_t>(rng() % 12));
  }
  NullProgress np;
  const auto c = run_coverage(d, CoverageOptions{}, np);
  const auto& f = c.figures;

  auto direct = [&](auto in_unit) {
    UnitFigures u;
    std::vector<double> dist;
    for (std::size_t i = 0; i < d.youth.size(); ++i) {
      if (!in_unit(d.youth.township[i])) continue;
      u.youth += d.youth.count[i];
      u.served += c.served.served[i];
      if (c.reach.in_reach_count[i] > 0) u.in_reach += d.youth.count[i];
      for (int k = 0; k < d.youth.count[i]; ++k) dist.push_back(c.reach.nearest_cost[i]);
    }
    std::sort(dist.begin(), dist.end());
    u.p90_nearest = dist.empty() ? NAN
                                 : dist[static_cast<std::size_t>(std::ceil(
                                            0.9 * static_cast<double>(dist.size()) - 1e-9)) -
                                        1];
    return u;
  };
  auto check = [&](const UnitFigures& got, const UnitFigures& want) {
    EXPECT_EQ(got.youth, want.youth);
    EXPECT_EQ(got.served, want.served);
    EXPECT_EQ(got.in_reach, want.in_reach);
    EXPECT_EQ(got.p90_nearest, want.p90_nearest);
  };
  for (int t = 0; t < 12; ++t) check(f.units[t], direct([&](std::int32_t u) { return u == t; }));
  for (int k = 0; k < 3; ++k)
    check(f.units[12 + k], direct([&](std::int32_t u) { return u >= 0 && u / 4 == k; }));
  check(f.units[15], direct([](std::int32_t u) { return u >= 0; }));
  check(f.total, direct([](std::int32_t) { return true; }));
  EXPECT_GT(f.total.youth, f.units[15].youth);  // youth outside every unit count only in total

  // Parent = sum of children for every additive field.
  for (int k = 0; k < 3; ++k) {
    std::int64_t youth = 0, served = 0, bases = 0, load = 0, urban = 0;
    for (int t = 4 * k; t < 4 * k + 4; ++t) {
      youth += f.units[t].youth;
      served += f.units[t].served;
      load += f.units[t].base_load;
      urban += f.units[t].by_class[kUrban].youth;
      for (auto& row : f.units[t].bases)
        for (auto v : row) bases += v;
    }
    const auto& cu = f.units[12 + k];
    EXPECT_EQ(cu.youth, youth);
    EXPECT_EQ(cu.served, served);
    EXPECT_EQ(cu.base_load, load);
    EXPECT_EQ(cu.by_class[kUrban].youth, urban);
    std::int64_t cb = 0;
    for (auto& row : cu.bases)
      for (auto v : row) cb += v;
    EXPECT_EQ(cb, bases);
  }
  // Invariants: coverage never exceeds demand; served never exceeds in reach.
  for (const auto& u : f.units) {
    EXPECT_LE(u.in_reach, u.youth);
    EXPECT_LE(u.served, u.in_reach);
    EXPECT_EQ(u.youth - u.served, u.unserved_no_base + u.unserved_full);
  }
}

}  // namespace
}  // namespace sunplan::coverage
