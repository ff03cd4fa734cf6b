// Point tiles against brute force: the runs of a view hold exactly the points inside it
// (after the exact box test), and the sample at level m is exactly the points whose key is
// below 2^(32-m).
#include "sunplan/scene/point_tiles.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <set>
#include <vector>

namespace {

using sunplan::Box;
using sunplan::Vec2;
using sunplan::scene::PointTiles;
using sunplan::scene::Span;

std::vector<Vec2> random_points(unsigned seed, std::size_t n) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> x(-2.0e5, 3.0e5), y(1.0e6, 1.3e6), u(0, 1);
  std::normal_distribution<double> cluster(0.0, 800.0);
  std::vector<Vec2> pts;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = u(rng);
    if (r < 0.02)
      pts.push_back({std::numeric_limits<double>::quiet_NaN(), 0.0});  // no geometry
    else if (r < 0.4)
      pts.push_back({5.0e4 + cluster(rng), 1.1e6 + cluster(rng)});  // a city
    else if (r < 0.42 && !pts.empty())
      pts.push_back(pts[static_cast<std::size_t>(u(rng) * pts.size())]);  // duplicates
    else
      pts.push_back({x(rng), y(rng)});
  }
  return pts;
}

std::vector<Box> random_views(unsigned seed, const std::vector<Vec2>& pts) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> x(-3.0e5, 4.0e5), y(0.9e6, 1.4e6), size(10.0, 3.0e5);
  std::vector<Box> views;
  for (int i = 0; i < 40; ++i) {
    const double cx = x(rng), cy = y(rng), w = size(rng), h = size(rng);
    views.push_back({cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2});
  }
  views.push_back({5.0e4 - 2000, 1.1e6 - 1500, 5.0e4 + 2500, 1.1e6 + 1000});  // in the city
  views.push_back({-1.0e7, -1.0e7, 1.0e7, 1.0e7});                            // everything
  views.push_back({9.0e6, 9.0e6, 9.1e6, 9.1e6});                              // nothing
  // Edges exactly on points: the box test is inclusive.
  const Vec2 a = pts[3], b = pts[7];
  if (std::isfinite(a.x) && std::isfinite(b.x))
    views.push_back(
        {std::min(a.x, b.x), std::min(a.y, b.y), std::max(a.x, b.x), std::max(a.y, b.y)});
  return views;
}

bool in_sample(std::uint32_t feature, int level) {
  return static_cast<std::uint64_t>(sunplan::scene::thinning_key(feature)) <
         (std::uint64_t{1} << (32 - level));
}

// Features in the runs, checking each slot appears once.
std::vector<std::uint32_t> features_of(const PointTiles& t, const std::vector<Span>& runs) {
  std::vector<std::uint32_t> out;
  std::set<std::uint32_t> slots;
  for (const Span& s : runs)
    for (std::uint32_t i = s.first; i < s.first + s.count; ++i) {
      EXPECT_LT(i, t.order.size());
      EXPECT_TRUE(slots.insert(i).second) << "slot " << i << " drawn twice";
      out.push_back(t.order[i]);
    }
  return out;
}

TEST(PointTiles, KeyIsSplitmix64OfTheIndex) {
  // Worked independently (Python, the published splitmix64 constants): the high 32 bits.
  EXPECT_EQ(sunplan::scene::thinning_key(0), 0xe220a839u);
  EXPECT_EQ(sunplan::scene::thinning_key(1), 0x910a2decu);
  EXPECT_EQ(sunplan::scene::thinning_key(12345), 0x22118258u);
  EXPECT_EQ(sunplan::scene::thinning_key(999999), 0x71fcff54u);
  EXPECT_EQ(sunplan::scene::thinning_band(0x22118258u, 10), 2);  // 0010 0010 ...
  EXPECT_EQ(sunplan::scene::thinning_band(0u, 10), 10);
  EXPECT_EQ(sunplan::scene::thinning_band(0x80000000u, 10), 0);
}

TEST(PointTiles, SampleFractionsAreUnbiased) {
  // Over a million indices the 1-in-2^m sample holds n/2^m within 5 binomial sigmas.
  const std::uint32_t n = 1000000;
  for (int m = 1; m <= 10; ++m) {
    std::size_t hits = 0;
    for (std::uint32_t f = 0; f < n; ++f) hits += in_sample(f, m) ? 1 : 0;
    const double p = std::ldexp(1.0, -m), sigma = std::sqrt(n * p * (1 - p));
    EXPECT_NEAR(static_cast<double>(hits), n * p, 5 * sigma) << "level " << m;
  }
}

TEST(PointTiles, EveryFinitePointIsInTheBufferOnce) {
  const auto pts = random_points(1, 20000);
  const PointTiles t = sunplan::scene::build_point_tiles(pts, {});
  std::vector<int> seen(pts.size(), 0);
  for (std::uint32_t f : t.order) ++seen[f];
  for (std::size_t f = 0; f < pts.size(); ++f)
    EXPECT_EQ(seen[f], std::isfinite(pts[f].x) ? 1 : 0) << f;
  EXPECT_EQ(t.first.back(), t.order.size());
  EXPECT_GT(t.cols * t.rows, 20);  // about 20000 / 256 tiles
}

TEST(PointTiles, RunsHoldExactlyThePointsInTheViewAtEveryLevel) {
  for (unsigned seed : {1u, 2u, 3u}) {
    const auto pts = random_points(seed, 30000);
    sunplan::scene::PointTileOptions opt;
    opt.points_per_tile = 64 << seed;
    opt.max_level = 8;
    const PointTiles t = sunplan::scene::build_point_tiles(pts, opt);
    std::vector<Span> runs;
    for (const Box& view : random_views(seed + 10, pts)) {
      for (int level : {0, 1, 3, 8}) {
        const std::size_t total = sunplan::scene::visible_point_runs(t, view, level, runs);
        const std::vector<std::uint32_t> drawn = features_of(t, runs);
        EXPECT_EQ(total, drawn.size());
        std::set<std::uint32_t> got;
        for (std::uint32_t f : drawn) {
          EXPECT_TRUE(in_sample(f, level)) << "feature " << f << " not in the 1-in-2^" << level;
          // Only tiles meeting the view: every drawn point lies within a tile of it.
          const Vec2 p = pts[f];
          EXPECT_TRUE(p.x >= view.min_x - t.tile_w_m && p.x <= view.max_x + t.tile_w_m &&
                      p.y >= view.min_y - t.tile_h_m && p.y <= view.max_y + t.tile_h_m);
          if (view.contains(p)) got.insert(f);
        }
        std::set<std::uint32_t> want;
        for (std::size_t f = 0; f < pts.size(); ++f)
          if (view.contains(pts[f]) && in_sample(static_cast<std::uint32_t>(f), level))
            want.insert(static_cast<std::uint32_t>(f));
        EXPECT_EQ(got, want) << "seed " << seed << " level " << level;
        // Stable across frames: the same view gives the same runs.
        std::vector<Span> again;
        sunplan::scene::visible_point_runs(t, view, level, again);
        ASSERT_EQ(again.size(), runs.size());
        for (std::size_t i = 0; i < runs.size(); ++i) {
          EXPECT_EQ(again[i].first, runs[i].first);
          EXPECT_EQ(again[i].count, runs[i].count);
        }
      }
    }
  }
}

TEST(PointTiles, AWholeViewSampleIsOneRangeFromTheStart) {
  const auto pts = random_points(4, 20000);
  const PointTiles t = sunplan::scene::build_point_tiles(pts, {});
  std::vector<Span> runs;
  for (int level = 0; level <= t.max_level; ++level) {
    const std::size_t total = sunplan::scene::visible_point_runs(t, t.extent, level, runs);
    ASSERT_EQ(runs.size(), 1u);
    EXPECT_EQ(runs[0].first, 0u);
    std::size_t want = 0;
    for (std::size_t f = 0; f < pts.size(); ++f)
      want += std::isfinite(pts[f].x) && in_sample(static_cast<std::uint32_t>(f), level) ? 1 : 0;
    EXPECT_EQ(total, want) << level;
  }
}

TEST(PointTiles, ChosenLevelIsTheDensestSampleWithinTheBudget) {
  const auto pts = random_points(5, 30000);
  const PointTiles t = sunplan::scene::build_point_tiles(pts, {});
  std::vector<Span> runs;
  for (const Box& view : random_views(7, pts)) {
    for (std::size_t budget : {0ul, 50ul, 1000ul, 5000ul, 100000ul}) {
      const int chosen = sunplan::scene::choose_thinning_level(t, view, budget);
      // Brute force over the levels: the first whose sample fits, else the thinnest.
      int want = t.max_level;
      for (int m = 0; m <= t.max_level; ++m)
        if (sunplan::scene::visible_point_runs(t, view, m, runs) <= budget) {
          want = m;
          break;
        }
      EXPECT_EQ(chosen, want) << "budget " << budget;
    }
  }
  // Hand cases: everything fits a big budget; nothing fits 0 points.
  EXPECT_EQ(sunplan::scene::choose_thinning_level(t, t.extent, 1000000), 0);
  EXPECT_EQ(sunplan::scene::choose_thinning_level(t, t.extent, 0), t.max_level);
}

TEST(PointTiles, DegenerateInputs) {
  std::vector<Span> runs;
  const PointTiles none = sunplan::scene::build_point_tiles(std::vector<Vec2>{}, {});
  EXPECT_EQ(sunplan::scene::visible_point_runs(none, {-1, -1, 1, 1}, 0, runs), 0u);
  // Every point at one place: one tile, and a view touching it draws them all.
  const std::vector<Vec2> same(100, Vec2{3.0, 4.0});
  const PointTiles one = sunplan::scene::build_point_tiles(same, {});
  EXPECT_EQ(sunplan::scene::visible_point_runs(one, {3.0, 4.0, 5.0, 6.0}, 0, runs), 100u);
  EXPECT_EQ(sunplan::scene::visible_point_runs(one, {3.5, 4.0, 5.0, 6.0}, 0, runs), 0u);
}

}  // namespace
