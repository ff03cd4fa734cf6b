#include "sunplan/coverage/distance_reach.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <tuple>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan::coverage {
namespace {

struct Brute {
  std::vector<std::int32_t> nearest;
  std::vector<double> nearest_cost;
  std::vector<std::vector<std::pair<float, std::uint32_t>>> rows;
};

// The oracle: every pair, in plain loops.
Brute brute(const PointSet& demand, const PointSet& fac, const std::vector<double>& r) {
  Brute b;
  for (std::size_t i = 0; i < demand.size(); ++i) {
    std::int32_t best = kNone;
    double best_d = std::numeric_limits<double>::infinity();
    std::vector<std::pair<float, std::uint32_t>> row;
    for (std::size_t j = 0; j < fac.size(); ++j) {
      if (!(r[j] >= 0)) continue;
      const double d = distance(demand[i], fac[j]);
      if (d < best_d) {  // strict: ties keep the lower index
        best_d = d;
        best = static_cast<std::int32_t>(j);
      }
      if (d <= r[j]) row.emplace_back(static_cast<float>(d), static_cast<std::uint32_t>(j));
    }
    std::sort(row.begin(), row.end());
    b.nearest.push_back(best);
    b.nearest_cost.push_back(best_d);
    b.rows.push_back(row);
  }
  return b;
}

void expect_same(const DistanceReach& got, const Brute& want) {
  const std::size_t n = want.nearest.size();
  ASSERT_EQ(got.nearest.size(), n);
  ASSERT_EQ(got.reach.demand_count(), n);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(got.nearest[i], want.nearest[i]) << "point " << i;
    ASSERT_EQ(got.nearest_cost[i], want.nearest_cost[i]) << "point " << i;
    ASSERT_EQ(got.in_reach_count[i], static_cast<std::int32_t>(want.rows[i].size()));
    ASSERT_EQ(got.reach.row_size(i), want.rows[i].size()) << "point " << i;
    for (std::size_t k = 0; k < want.rows[i].size(); ++k) {
      const auto e = got.reach.offsets[i] + k;
      ASSERT_EQ(got.reach.facility[e], want.rows[i][k].second) << "point " << i;
      ASSERT_EQ(got.reach.cost[e], want.rows[i][k].first) << "point " << i;
    }
  }
}

TEST(DistanceReach, HandWorked) {
  PointSet fac, dem;
  fac.push_back({0, 0});
  fac.push_back({10, 0});
  fac.push_back({5, 0});  // inactive
  dem.push_back({3, 4});  // 5 from f0, sqrt(49+16) from f1
  dem.push_back({5, 0});  // tie: 5 from f0 and f1 -> f0
  dem.push_back({100, 0});
  const std::vector<double> r = {5.0, 5.0, -1.0};
  NullProgress np;
  const auto got = distance_reach(dem, fac, r, {}, np);
  EXPECT_EQ(got.nearest, (std::vector<std::int32_t>{0, 0, 1}));
  EXPECT_EQ(got.nearest_cost[0], 5.0);
  EXPECT_EQ(got.nearest_cost[1], 5.0);
  EXPECT_EQ(got.nearest_cost[2], 90.0);
  EXPECT_EQ(got.in_reach_count, (std::vector<std::int32_t>{1, 2, 0}));
  EXPECT_EQ(got.reach.offsets, (std::vector<std::uint64_t>{0, 1, 3, 3}));
  EXPECT_EQ(got.reach.facility, (std::vector<std::uint32_t>{0, 0, 1}));
}

TEST(DistanceReach, NoActiveFacility) {
  PointSet fac, dem;
  fac.push_back({0, 0});
  dem.push_back({1, 1});
  NullProgress np;
  const auto got = distance_reach(dem, fac, std::vector<double>{-1.0}, {}, np);
  EXPECT_EQ(got.nearest[0], kNone);
  EXPECT_TRUE(std::isinf(got.nearest_cost[0]));
  EXPECT_EQ(got.reach.row_size(0), 0u);
}

TEST(DistanceReach, RandomAgainstBruteForce) {
  for (unsigned seed : {1u, 2u, 3u}) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> xy(0, 20000), rad(0, 3000);
    PointSet fac, dem;
    std::vector<double> r;
    for (int j = 0; j < 400; ++j) {
      fac.push_back({xy(rng), xy(rng)});
      r.push_back(j % 17 == 0 ? -1.0 : rad(rng));
    }
    for (int i = 0; i < 5000; ++i) dem.push_back({xy(rng), xy(rng)});
    NullProgress np;
    DistanceReachOptions o;
    o.chunk_points = 1500;  // several chunks, a partial last block
    SCOPED_TRACE(seed);
    expect_same(distance_reach(dem, fac, r, o, np), brute(dem, fac, r));
  }
}

TEST(DistanceReachTies, DuplicatesAndIntegerGridTies) {
  // Integer coordinates on a small grid: many exact distance ties and duplicate points.
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int> xy(0, 30), rad(0, 8);
  PointSet fac, dem;
  std::vector<double> r;
  for (int j = 0; j < 120; ++j) {
    fac.push_back({static_cast<double>(xy(rng)), static_cast<double>(xy(rng))});
    r.push_back(rad(rng));
  }
  for (int j = 0; j < 20; ++j) {  // exact duplicates of earlier facilities
    fac.push_back(fac[static_cast<std::size_t>(j * 3)]);
    r.push_back(r[static_cast<std::size_t>(j * 3)]);
  }
  for (int i = 0; i < 3000; ++i)
    dem.push_back({static_cast<double>(xy(rng)), static_cast<double>(xy(rng))});
  for (int i = 0; i < 50; ++i) dem.push_back(fac[static_cast<std::size_t>(i)]);  // on a facility
  NullProgress np;
  expect_same(distance_reach(dem, fac, r, {}, np), brute(dem, fac, r));
}

TEST(DistanceReach, WithoutMatrixKeepsNearestAndCounts) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> xy(0, 5000);
  PointSet fac, dem;
  std::vector<double> r;
  for (int j = 0; j < 50; ++j) {
    fac.push_back({xy(rng), xy(rng)});
    r.push_back(800);
  }
  for (int i = 0; i < 500; ++i) dem.push_back({xy(rng), xy(rng)});
  NullProgress np;
  DistanceReachOptions o;
  o.build_matrix = false;
  const auto got = distance_reach(dem, fac, r, o, np);
  const auto want = brute(dem, fac, r);
  EXPECT_EQ(got.nearest, want.nearest);
  EXPECT_EQ(got.reach.demand_count(), 0u);
  for (std::size_t i = 0; i < dem.size(); ++i)
    EXPECT_EQ(got.in_reach_count[i], static_cast<std::int32_t>(want.rows[i].size()));
}

TEST(DistanceReach, CancelThrows) {
  struct Cancel final : Progress {
    bool update(double, std::string_view) override { return false; }
  } cancel;
  PointSet fac, dem;
  fac.push_back({0, 0});
  dem.push_back({1, 1});
  EXPECT_THROW(distance_reach(dem, fac, std::vector<double>{1.0}, {}, cancel), CancelledError);
}

}  // namespace
}  // namespace sunplan::coverage
