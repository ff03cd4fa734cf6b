// The density surface against a brute-force double loop, a hand-worked peak and the
// kernel's integral (it must give back the total weight).
#include "sunplan/scene/density_grid.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <random>
#include <vector>

#include "sunplan/scene/display_crs.hpp"

namespace {

using sunplan::Box;
using sunplan::NullProgress;
using sunplan::scene::density_grid;
using sunplan::scene::DensityGrid;
using sunplan::scene::DensityOptions;

struct Points {
  std::vector<double> xs, ys, ws;
};

Points random_points(std::size_t n, const Box& box, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(box.min_x, box.max_x), uy(box.min_y, box.max_y),
      uw(0.5, 7.0);
  Points p;
  for (std::size_t i = 0; i < n; ++i) {
    p.xs.push_back(ux(rng));
    p.ys.push_back(uy(rng));
    p.ws.push_back(std::round(uw(rng)));
  }
  return p;
}

// The definition, cell by cell: sum over points of w · 3/(pi h²) (1 - d²/h²)², per km².
std::vector<double> brute_force(const Points& p, const DensityOptions& o) {
  const double cw = (o.extent.max_x - o.extent.min_x) / o.cols;
  const double ch = (o.extent.max_y - o.extent.min_y) / o.rows;
  const double h = o.bandwidth_m;
  std::vector<double> out(static_cast<std::size_t>(o.cols) * o.rows, 0.0);
  for (int r = 0; r < o.rows; ++r)
    for (int c = 0; c < o.cols; ++c) {
      const double x = o.extent.min_x + (c + 0.5) * cw, y = o.extent.min_y + (r + 0.5) * ch;
      double sum = 0.0;
      for (std::size_t i = 0; i < p.xs.size(); ++i) {
        const double d2 = (x - p.xs[i]) * (x - p.xs[i]) + (y - p.ys[i]) * (y - p.ys[i]);
        if (d2 < h * h) {
          const double u = 1.0 - d2 / (h * h);
          sum += p.ws[i] * 3.0 / (std::numbers::pi * h * h) * u * u;
        }
      }
      out[static_cast<std::size_t>(r) * o.cols + c] = sum * 1e6;
    }
  return out;
}

TEST(DensityGrid, EqualsBruteForceOnRandomPoints) {
  const Box area{0.0, 0.0, 20000.0, 12000.0};
  for (unsigned seed : {1u, 2u, 3u}) {
    const Points p = random_points(700, area, seed);
    // The grid is smaller than the points' box (points outside still reach in) and not
    // square; the bandwidth spans several cells.
    const DensityOptions o{Box{2000.0, 1000.0, 17000.0, 11000.0}, 61, 37, 1800.0};
    NullProgress progress;
    const DensityGrid g = density_grid(p.xs, p.ys, p.ws, o, progress);
    const std::vector<double> want = brute_force(p, o);
    ASSERT_EQ(g.values.size(), want.size());
    double max_seen = 0.0;
    for (std::size_t k = 0; k < want.size(); ++k) {
      EXPECT_NEAR(g.values[k], want[k], 1e-9 * std::max(1e-12, std::fabs(want[k])))
          << "seed " << seed << " cell " << k;
      max_seen = std::max(max_seen, want[k]);
    }
    EXPECT_DOUBLE_EQ(g.max_value, *std::max_element(g.values.begin(), g.values.end()));
    EXPECT_GT(max_seen, 0.0);
  }
}

TEST(DensityGrid, UnweightedPointsCountOne) {
  const Points p = random_points(200, Box{0, 0, 5000, 5000}, 7);
  const DensityOptions o{Box{0, 0, 5000, 5000}, 25, 25, 900.0};
  NullProgress progress;
  const DensityGrid g = density_grid(p.xs, p.ys, {}, o, progress);
  Points ones = p;
  ones.ws.assign(p.ws.size(), 1.0);
  const std::vector<double> want = brute_force(ones, o);
  for (std::size_t k = 0; k < want.size(); ++k)
    EXPECT_NEAR(g.values[k], want[k], 1e-9 * std::max(1e-12, want[k]));
}

TEST(DensityGrid, PeakOfOnePointWorkedByHand) {
  // One point of weight 2 at the centre of cell (5, 5) of 100 m cells, h = 1 km:
  // K(0) = 3 / (pi · 1 km²), so the peak is 6/pi ≈ 1.90986 per km².
  const std::vector<double> xs{550.0}, ys{550.0}, ws{2.0};
  const DensityOptions o{Box{0, 0, 1100, 1100}, 11, 11, 1000.0};
  NullProgress progress;
  const DensityGrid g = density_grid(xs, ys, ws, o, progress);
  EXPECT_NEAR(g.values[g.index(5, 5)], 6.0 / std::numbers::pi, 1e-12);
  // 500 m east: (1 - 0.25)² = 0.5625 of the peak.
  EXPECT_NEAR(g.values[g.index(10, 5)], 0.5625 * 6.0 / std::numbers::pi, 1e-12);
}

TEST(DensityGrid, IntegralEqualsTotalWeight) {
  const Box area{10000.0, 10000.0, 40000.0, 30000.0};
  const Points p = random_points(1000, area, 11);
  double total = 0.0;
  for (double w : p.ws) total += w;
  // The grid reaches a bandwidth beyond every point, so no kernel mass falls outside.
  const double h = 2500.0;
  const DensityOptions o{Box{area.min_x - h, area.min_y - h, area.max_x + h, area.max_y + h}, 175,
                         125, h};
  NullProgress progress;
  const DensityGrid g = density_grid(p.xs, p.ys, p.ws, o, progress);
  const double cell_km2 = g.cell_width_m() * g.cell_height_m() / 1e6;
  double integral = 0.0;
  for (double v : g.values) integral += v * cell_km2;
  EXPECT_NEAR(integral, total, 0.01 * total);
}

TEST(DensityGrid, MercatorCorrectionDividesByTheScaleSquared) {
  // A point at 60° N: Web Mercator stretches lengths by sec 60° = 2, areas by 4.
  const sunplan::Vec2 at = sunplan::scene::lonlat_to_display({10.0, 60.0});
  const std::vector<double> xs{at.x}, ys{at.y};
  const DensityOptions o{Box{at.x - 500, at.y - 500, at.x + 500, at.y + 500}, 1, 1, 4000.0};
  NullProgress progress;
  DensityGrid g = density_grid(xs, ys, {}, o, progress);
  const double planar = g.values[0];
  sunplan::scene::mercator_to_ground_density(g);
  EXPECT_NEAR(g.values[0], planar / 4.0, 1e-9 * planar);
}

TEST(DensityGrid, RampTopIsAQuantileOfNonZeroCells) {
  DensityGrid g;
  g.cols = 10;
  g.rows = 11;
  g.values.assign(110, 0.0);
  for (int k = 0; k < 101; ++k) g.values[static_cast<std::size_t>(k)] = k + 1;  // 1..101
  EXPECT_DOUBLE_EQ(sunplan::scene::density_ramp_top(g, 0.99), 100.0);
  EXPECT_DOUBLE_EQ(sunplan::scene::density_ramp_top(g, 0.5), 51.0);
  g.values.assign(110, 0.0);
  EXPECT_DOUBLE_EQ(sunplan::scene::density_ramp_top(g), 0.0);
}

}  // namespace
