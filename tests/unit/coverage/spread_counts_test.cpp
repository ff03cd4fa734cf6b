#include "sunplan/coverage/spread_counts.hpp"

#include <gtest/gtest.h>

#include <map>
#include <numeric>

namespace sunplan::coverage {
namespace {

Ring ring(std::initializer_list<Vec2> pts) {
  Ring r(pts);
  r.push_back(r.front());
  return r;
}

TEST(SplitLargestRemainder, HandWorked) {
  const std::vector<double> w1{1, 2, 3, 4};
  EXPECT_EQ(split_largest_remainder(10, w1), (std::vector<std::int64_t>{1, 2, 3, 4}));
  // 10 over 1:1:2 -> quotas 2.5, 2.5, 5: the one leftover goes to the lower index on a tie.
  const std::vector<double> w2{1, 1, 2};
  EXPECT_EQ(split_largest_remainder(10, w2), (std::vector<std::int64_t>{3, 2, 5}));
  // 7 over 0.2:0.3:0.5 -> 1.4, 2.1, 3.5: floors 1, 2, 3, leftover to the 0.5 remainder.
  const std::vector<double> w3{0.2, 0.3, 0.5};
  EXPECT_EQ(split_largest_remainder(7, w3), (std::vector<std::int64_t>{1, 2, 4}));
  // Equal weights: 7 over 3 -> 2 each, the leftover spread evenly (Bresenham): last point.
  const std::vector<double> w4{1, 1, 1};
  EXPECT_EQ(split_largest_remainder(7, w4), (std::vector<std::int64_t>{2, 2, 3}));
  // 3 over 6 equal points: every other point, not the first three.
  const std::vector<double> w5(6, 1.0);
  EXPECT_EQ(split_largest_remainder(3, w5), (std::vector<std::int64_t>{0, 1, 0, 1, 0, 1}));
  // Zero and negative weights get nothing.
  const std::vector<double> w6{0, -1, 2, 2};
  EXPECT_EQ(split_largest_remainder(5, w6), (std::vector<std::int64_t>{0, 0, 3, 2}));
}

TEST(SplitLargestRemainder, TotalsExactOnAwkwardWeights) {
  std::vector<double> w;
  for (int i = 1; i <= 97; ++i) w.push_back(1.0 / (i * 3.0 + 0.1));
  for (std::int64_t total :
       std::vector<std::int64_t>{1, 2, 96, 97, 98, 1000, 123457, 9'876'543'210}) {
    const auto s = split_largest_remainder(total, w);
    EXPECT_EQ(std::accumulate(s.begin(), s.end(), std::int64_t{0}), total);
    for (auto v : s) EXPECT_GE(v, 0);
  }
}

AdminUnits test_units() {
  AdminUnits a;
  auto add = [&](MultiPolygon g) {
    AdminUnit u;
    u.code = "31010100" + std::to_string(a.units.size());
    u.geometry = std::move(g);
    a.units.push_back(std::move(u));
    a.townships.push_back(static_cast<std::int32_t>(a.units.size() - 1));
  };
  add({Polygon{{ring({{0, 0}, {1000, 0}, {1000, 1000}, {0, 1000}})}}});  // 0: square, has anchors
  // 1: L shape with a hole, no anchors -> grid
  add({Polygon{{ring({{0, 0}, {3000, 0}, {3000, 1000}, {1000, 1000}, {1000, 3000}, {0, 3000}}),
                ring({{200, 200}, {600, 200}, {600, 600}, {200, 600}})}}});
  // 2: a thin sliver no grid centre hits at first -> smaller steps or the scan line
  add({Polygon{{ring({{0, 0}, {5000, 0}, {5000, 3}})}}});
  add({});  // 3: no geometry and no anchors -> unplaced
  // 4: two parts
  add({Polygon{{ring({{0, 0}, {100, 0}, {100, 100}, {0, 100}})}},
       Polygon{{ring({{500, 0}, {600, 0}, {600, 100}, {500, 100}})}}});
  return a;
}

TEST(SpreadCounts, AnchorsGridSliverAndUnplaced) {
  const AdminUnits admin = test_units();
  SpreadAnchors anchors;
  anchors.pos.push_back({100, 100});
  anchors.pos.push_back({900, 900});
  anchors.pos.push_back({500, 500});
  anchors.unit = {0, 0, 0};
  anchors.weight = {1, 3, 0};  // the third anchor gets nothing
  const std::vector<std::int32_t> unit{0, 1, 2, 3, 4, 1};
  const std::vector<std::int64_t> count{8, 50, 7, 5, 9, 1000};
  NullProgress np;
  const auto s = spread_counts(admin, {unit, count}, anchors, {}, np);

  std::map<std::int32_t, std::int64_t> per_entry;
  for (std::size_t k = 0; k < s.count.size(); ++k) {
    EXPECT_GT(s.count[k], 0);
    per_entry[s.entry[k]] += s.count[k];
    EXPECT_EQ(s.township[k], unit[static_cast<std::size_t>(s.entry[k])]);
    if (s.township[k] != 0) {  // grid points must lie in their polygon
      EXPECT_TRUE(contains(admin.units[static_cast<std::size_t>(s.township[k])].geometry, s.pos[k]))
          << s.pos[k].x << " " << s.pos[k].y;
    }
  }
  EXPECT_EQ(per_entry[0], 8);
  EXPECT_EQ(per_entry[1], 50);
  EXPECT_EQ(per_entry[2], 7);
  EXPECT_EQ(per_entry.count(3), 0u);
  EXPECT_EQ(per_entry[4], 9);
  EXPECT_EQ(per_entry[5], 1000);
  EXPECT_EQ(s.unplaced, (std::vector<std::int32_t>{3}));
  // Anchors: 8 over 1:3:0 -> 2 and 6, at the anchor points, in anchor order.
  ASSERT_GE(s.count.size(), 2u);
  EXPECT_EQ(s.pos[0], (Vec2{100, 100}));
  EXPECT_EQ(s.count[0], 2);
  EXPECT_EQ(s.pos[1], (Vec2{900, 900}));
  EXPECT_EQ(s.count[1], 6);
  // Nothing falls in the L's hole, and the big count is capped at max_grid_points points.
  std::size_t points_entry5 = 0;
  for (std::size_t k = 0; k < s.count.size(); ++k) {
    if (s.entry[k] == 5) ++points_entry5;
    if (s.township[k] == 1) {
      EXPECT_FALSE(s.pos[k].x > 200 && s.pos[k].x < 600 && s.pos[k].y > 200 && s.pos[k].y < 600);
    }
  }
  EXPECT_LE(points_entry5, 2u * 64u);
  EXPECT_GE(points_entry5, 16u);

  // Deterministic.
  const auto again = spread_counts(admin, {unit, count}, anchors, {}, np);
  EXPECT_EQ(again.pos.x, s.pos.x);
  EXPECT_EQ(again.pos.y, s.pos.y);
  EXPECT_EQ(again.count, s.count);
}

}  // namespace
}  // namespace sunplan::coverage
