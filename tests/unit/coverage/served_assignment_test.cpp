#include "sunplan/coverage/served_assignment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <numeric>
#include <random>
#include <tuple>

#include "sunplan/core/dataset.hpp"
#include "sunplan/coverage/distance_reach.hpp"

namespace sunplan::coverage {
namespace {

using Row = std::vector<std::pair<float, std::uint32_t>>;  // (cost, facility)

ReachMatrix make_reach(std::vector<Row> rows) {
  ReachMatrix r;
  for (auto& row : rows) {
    std::sort(row.begin(), row.end());
    for (auto [c, f] : row) {
      r.facility.push_back(f);
      r.cost.push_back(c);
    }
    r.offsets.push_back(r.facility.size());
  }
  return r;
}

// Invariants any answer must satisfy, whatever the optimum.
void check_feasible(const ServedAssignment& s, std::span<const std::int32_t> count,
                    const ReachMatrix& reach, std::span<const std::int32_t> cap) {
  std::vector<std::int64_t> load(cap.size(), 0);
  std::int64_t served = 0;
  for (std::size_t i = 0; i < count.size(); ++i) {
    std::int32_t sum = 0;
    for (auto k = s.flow_offsets[i]; k < s.flow_offsets[i + 1]; ++k) {
      const auto f = s.flow_facility[k];
      bool in_row = false;
      for (auto e = reach.offsets[i]; e < reach.offsets[i + 1]; ++e)
        in_row |= reach.facility[e] == f;
      ASSERT_TRUE(in_row) << "point " << i << " sent to facility " << f << " out of reach";
      ASSERT_GT(s.flow_count[k], 0);
      sum += s.flow_count[k];
      load[f] += s.flow_count[k];
    }
    ASSERT_EQ(sum, s.served[i]);
    ASSERT_LE(s.served[i], count[i]);
    served += sum;
    if (s.served[i] == count[i]) {
      ASSERT_EQ(s.reason[i], UnservedReason::none);
    } else if (reach.row_size(i) == 0) {
      ASSERT_EQ(s.reason[i], UnservedReason::no_base_in_reach);
    } else {
      ASSERT_EQ(s.reason[i], UnservedReason::bases_full);
    }
    if (s.served[i] == 0) {
      ASSERT_EQ(s.facility[i], kNone);
    }
  }
  for (std::size_t i = 0; i < count.size(); ++i)
    if (s.reason[i] == UnservedReason::bases_full)
      for (auto e = reach.offsets[i]; e < reach.offsets[i + 1]; ++e) {
        const auto f = reach.facility[e];
        ASSERT_TRUE(cap[f] != kUnlimited && load[f] >= cap[f]) << "a base in reach still has room";
      }
  for (std::size_t f = 0; f < cap.size(); ++f) {
    ASSERT_EQ(load[f], s.load[f]);
    if (cap[f] != kUnlimited) {
      ASSERT_LE(load[f], std::max(0, cap[f]));
    }
  }
  ASSERT_EQ(served, s.total_served);
}

// The oracle: every youth (one unit at a time) tries every facility in reach or none.
std::pair<std::int64_t, std::int64_t> brute_best(std::span<const std::int32_t> count,
                                                 const ReachMatrix& reach,
                                                 std::span<const std::int32_t> cap, double unit) {
  std::vector<std::size_t> units;
  for (std::size_t i = 0; i < count.size(); ++i)
    for (int c = 0; c < count[i]; ++c) units.push_back(i);
  std::vector<std::int64_t> left(cap.begin(), cap.end());
  std::pair<std::int64_t, std::int64_t> best{-1, 0};
  auto better = [](std::pair<std::int64_t, std::int64_t> a,
                   std::pair<std::int64_t, std::int64_t> b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  std::function<void(std::size_t, std::int64_t, std::int64_t)> go =
      [&](std::size_t u, std::int64_t served, std::int64_t cost) {
        if (u == units.size()) {
          if (best.first < 0 || better({served, cost}, best)) best = {served, cost};
          return;
        }
        const std::size_t i = units[u];
        go(u + 1, served, cost);
        for (auto e = reach.offsets[i]; e < reach.offsets[i + 1]; ++e) {
          const auto f = reach.facility[e];
          if (cap[f] != kUnlimited && left[f] <= 0) continue;
          --left[f];
          go(u + 1, served + 1, cost + std::llround(static_cast<double>(reach.cost[e]) / unit));
          ++left[f];
        }
      };
  go(0, 0, 0);
  return best;
}

TEST(ServedAssignment, MaximisesServedBeforeDistance) {
  // p0 reaches A at 1 m and B at 10 m; p1 reaches only A at 2 m; one place each.
  // Nearest-first would serve 1; the optimum serves both: p0->B, p1->A, cost 12 m.
  const auto reach = make_reach({{{1.f, 0}, {10.f, 1}}, {{2.f, 0}}});
  const std::vector<std::int32_t> count{1, 1}, cap{1, 1};
  NullProgress np;
  const auto s = assign_served(count, reach, cap, {}, np);
  check_feasible(s, count, reach, cap);
  EXPECT_EQ(s.total_served, 2);
  EXPECT_EQ(s.facility, (std::vector<std::int32_t>{1, 0}));
  EXPECT_DOUBLE_EQ(s.total_cost, 12.0);
  EXPECT_EQ(s.total_cost_units, 120);  // decimetres
}

TEST(ServedAssignment, HugeIntegerCostsUseTwoPhaseFallback) {
  // Integer costs near 4e17 leave no room for the bypass price M: the max flow is then found
  // by Preflow first. Same answer as MaximisesServedBeforeDistance, in other units.
  const auto reach = make_reach({{{1.f, 0}, {4e8f, 1}}, {{2.f, 0}}});
  const std::vector<std::int32_t> count{1, 1}, cap{1, 1};
  ServedOptions o;
  o.cost_unit = 1e-9;
  NullProgress np;
  const auto s = assign_served(count, reach, cap, o, np);
  check_feasible(s, count, reach, cap);
  EXPECT_EQ(s.total_served, 2);
  EXPECT_EQ(s.facility, (std::vector<std::int32_t>{1, 0}));
  EXPECT_EQ(s.total_cost_units, 400'000'000'000'000'000 + 2'000'000'000);
}

TEST(ServedAssignment, MinimisesDistanceAmongMaximal) {
  // p0: A 1, B 2; p1: A 5, B 100; one place each. p0->B, p1->A costs 7, the other way 101.
  const auto reach = make_reach({{{1.f, 0}, {2.f, 1}}, {{5.f, 0}, {100.f, 1}}});
  const std::vector<std::int32_t> count{1, 1}, cap{1, 1};
  NullProgress np;
  const auto s = assign_served(count, reach, cap, {}, np);
  EXPECT_EQ(s.total_served, 2);
  EXPECT_EQ(s.facility, (std::vector<std::int32_t>{1, 0}));
  EXPECT_DOUBLE_EQ(s.total_cost, 7.0);
}

TEST(ServedAssignment, SplitPointsAndReasons) {
  // p0 (5 youth) reaches A (cap 2) at 1 m and B (cap 2) at 3 m: 4 served, split 2+2,
  // 1 left for bases_full. p1 (2 youth) reaches nothing. p2 (0 youth) reaches A.
  const auto reach = make_reach({{{1.f, 0}, {3.f, 1}}, {}, {{1.f, 0}}});
  const std::vector<std::int32_t> count{5, 2, 0}, cap{2, 2};
  NullProgress np;
  const auto s = assign_served(count, reach, cap, {}, np);
  check_feasible(s, count, reach, cap);
  EXPECT_EQ(s.served, (std::vector<std::int32_t>{4, 0, 0}));
  EXPECT_EQ(s.reason[0], UnservedReason::bases_full);
  EXPECT_EQ(s.reason[1], UnservedReason::no_base_in_reach);
  EXPECT_EQ(s.reason[2], UnservedReason::none);
  EXPECT_EQ(s.flow_offsets, (std::vector<std::uint64_t>{0, 2, 2, 2}));
  EXPECT_EQ(s.flow_facility, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(s.flow_count, (std::vector<std::int32_t>{2, 2}));
  EXPECT_EQ(s.facility[0], 0);  // tie 2/2 goes to the nearer facility (row order)
  EXPECT_EQ(s.total_demand, 7);
  EXPECT_DOUBLE_EQ(s.total_cost, 8.0);
}

TEST(ServedAssignment, IdenticalPointsMergeAndLowerIndexServedFirst) {
  const auto reach = make_reach({{{4.f, 0}}, {{4.f, 0}}, {{4.f, 0}}});
  const std::vector<std::int32_t> count{2, 2, 2}, cap{3};
  NullProgress np;
  const auto s = assign_served(count, reach, cap, {}, np);
  check_feasible(s, count, reach, cap);
  EXPECT_EQ(s.groups, 1u);
  EXPECT_EQ(s.served, (std::vector<std::int32_t>{2, 1, 0}));
}

TEST(ServedAssignment, TinyRandomAgainstEnumeration) {
  std::mt19937_64 rng(2024);
  for (int trial = 0; trial < 400; ++trial) {
    const int points = 1 + static_cast<int>(rng() % 4);
    const int facilities = 1 + static_cast<int>(rng() % 3);
    std::vector<std::int32_t> count, cap;
    std::vector<Row> rows(static_cast<std::size_t>(points));
    int units = 0;
    for (int i = 0; i < points; ++i) {
      const int c = static_cast<int>(rng() % 3);
      units += c;
      count.push_back(c);
      for (int f = 0; f < facilities; ++f)
        if (rng() % 10 < 6)
          rows[static_cast<std::size_t>(i)].emplace_back(static_cast<float>(1 + rng() % 50), f);
    }
    if (units > 7) continue;  // keep the enumeration small
    for (int f = 0; f < facilities; ++f)
      cap.push_back(rng() % 5 == 0 ? kUnlimited : static_cast<std::int32_t>(rng() % 4));
    const auto reach = make_reach(rows);
    NullProgress np;
    const auto s = assign_served(count, reach, cap, {}, np);
    SCOPED_TRACE(trial);
    check_feasible(s, count, reach, cap);
    const auto [best_served, best_cost] = brute_best(count, reach, cap, 0.1);
    ASSERT_EQ(s.total_served, best_served);
    ASSERT_EQ(s.total_cost_units, best_cost);
  }
}

TEST(ServedAssignment, ShuffledInputSameTotals) {
  std::mt19937_64 rng(99);
  std::uniform_real_distribution<double> xy(0, 10000);
  PointSet fac, dem;
  std::vector<double> r;
  std::vector<std::int32_t> cap, count;
  for (int j = 0; j < 60; ++j) {
    fac.push_back({xy(rng), xy(rng)});
    r.push_back(600 + static_cast<double>(rng() % 1500));
    cap.push_back(j % 7 == 0 ? kUnlimited : static_cast<std::int32_t>(rng() % 15));
  }
  for (int i = 0; i < 1500; ++i) {
    // Some exact duplicates so that merging is exercised.
    dem.push_back(i % 5 == 4 ? dem[static_cast<std::size_t>(i - 1)] : Vec2{xy(rng), xy(rng)});
    count.push_back(static_cast<std::int32_t>(rng() % 4));
  }
  NullProgress np;
  const auto reach = distance_reach(dem, fac, r, {}, np).reach;
  const auto base = assign_served(count, reach, cap, {}, np);
  check_feasible(base, count, reach, cap);
  EXPECT_LT(base.total_served, base.total_demand);  // capacities bind somewhere
  EXPECT_LT(base.groups, dem.size());

  for (unsigned seed : {1u, 2u, 3u}) {
    std::mt19937_64 shuf(seed);
    std::vector<std::size_t> pp(dem.size()), fp(fac.size());
    std::iota(pp.begin(), pp.end(), std::size_t{0});
    std::iota(fp.begin(), fp.end(), std::size_t{0});
    std::shuffle(pp.begin(), pp.end(), shuf);
    std::shuffle(fp.begin(), fp.end(), shuf);
    PointSet dem2, fac2;
    std::vector<double> r2;
    std::vector<std::int32_t> cap2, count2;
    for (auto p : pp) {
      dem2.push_back(dem[p]);
      count2.push_back(count[p]);
    }
    for (auto f : fp) {
      fac2.push_back(fac[f]);
      r2.push_back(r[f]);
      cap2.push_back(cap[f]);
    }
    const auto reach2 = distance_reach(dem2, fac2, r2, {}, np).reach;
    const auto s = assign_served(count2, reach2, cap2, {}, np);
    check_feasible(s, count2, reach2, cap2);
    EXPECT_EQ(s.total_served, base.total_served);
    EXPECT_EQ(s.total_cost_units, base.total_cost_units);
    // Rounded-cost ties may pick costs up to half a decimetre apart per youth.
    EXPECT_NEAR(s.total_cost, base.total_cost,
                0.05 * static_cast<double>(base.total_served) + 1e-3);
    // Same input twice: identical output (determinism).
    const auto again = assign_served(count2, reach2, cap2, {}, np);
    EXPECT_EQ(again.served, s.served);
    EXPECT_EQ(again.flow_facility, s.flow_facility);
    EXPECT_EQ(again.flow_count, s.flow_count);
  }
}

}  // namespace
}  // namespace sunplan::coverage
