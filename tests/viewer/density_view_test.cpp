// GPU-free parts of the density layer: the plan for a view (bandwidth clamp, grid size,
// when to recompute), the ramp's ends, the default style, and the CLI spellings.
#include "density_view.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "args.hpp"
#include "colormap.hpp"
#include "layer_style.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/scene/display_crs.hpp"

namespace {

using namespace sunplan::viewer;

Camera camera_at(double lat, double mpp) {
  Camera c;
  c.centre = sunplan::scene::lonlat_to_display({110.0, lat});
  c.metres_per_px = mpp;
  c.width_px = 1000;
  c.height_px = 600;
  return c;
}

TEST(DensityView, BandwidthIsTwelvePixelsOnTheGroundClamped) {
  // At 60° N a display metre is half a ground metre (sec 60° = 2).
  const DensityPlan p = plan_density(camera_at(60.0, 100.0), 12.0);
  EXPECT_NEAR(p.bandwidth_ground_m, 600.0, 1e-6);
  EXPECT_NEAR(p.bandwidth_display_m, 1200.0, 1e-6);
  EXPECT_DOUBLE_EQ(plan_density(camera_at(0.0, 1.0), 12.0).bandwidth_ground_m, kMinBandwidthM);
  EXPECT_DOUBLE_EQ(plan_density(camera_at(0.0, 5000.0), 12.0).bandwidth_ground_m, kMaxBandwidthM);
}

TEST(DensityView, GridCoversTheViewWithAMarginAtTwoPixelsPerCell) {
  const Camera cam = camera_at(30.0, 50.0);
  const DensityPlan p = plan_density(cam, 12.0);
  const sunplan::Box v = cam.visible();
  EXPECT_NEAR(p.extent.min_x, v.min_x - 0.25 * 50000.0, 1e-6);
  EXPECT_NEAR(p.extent.max_y, v.max_y + 0.25 * 30000.0, 1e-6);
  EXPECT_EQ(p.cols, 750);  // 1.5 · 1000 px / 2
  EXPECT_EQ(p.rows, 450);
  EXPECT_TRUE(density_covers(p, cam));
  Camera panned = cam;
  panned.pan_by({200.0, 0.0});  // 200 px of a 250 px margin
  EXPECT_TRUE(density_covers(p, panned));
  panned.pan_by({100.0, 0.0});
  EXPECT_FALSE(density_covers(p, panned));
  Camera zoomed = cam;
  zoomed.zoom_at({500, 300}, 1.6);
  EXPECT_FALSE(density_covers(p, zoomed));  // 1.6x finer: recompute
  EXPECT_FALSE(density_covers(DensityPlan{}, cam));
}

TEST(DensityView, PointsTakeTheCountColumnAndSkipMissing) {
  sunplan::scene::Layer l;
  l.kind = sunplan::scene::LayerKind::point;
  l.anchors = {{0, 0}, {1, 1}, {NAN, NAN}, {2, 2}};
  sunplan::scene::Column c;
  c.name = "count";
  c.numeric = true;
  c.numbers = {3, NAN, 5, 2};
  l.columns.push_back(c);
  l.fids = {1, 2, 3, 4};
  EXPECT_EQ(count_column(l), 0);
  const DensityPoints weighted = density_points(l, 0);
  EXPECT_EQ(weighted.xs.size(), 2u);  // NaN weight and NaN position skipped
  EXPECT_DOUBLE_EQ(weighted.total_weight, 5.0);
  const DensityPoints plain = density_points(l, -1);
  EXPECT_EQ(plain.xs.size(), 3u);
  EXPECT_TRUE(plain.weights.empty());
  EXPECT_DOUBLE_EQ(plain.total_weight, 3.0);
}

TEST(DensityView, RampIsTransparentAtZeroAndEndsAtTheHighColour) {
  EXPECT_EQ(density_colour(0.0).a, 0);
  EXPECT_EQ(density_colour(-1.0).a, 0);
  EXPECT_EQ(density_colour(1.0), kDensityHigh);
  EXPECT_EQ(density_colour(7.0), kDensityHigh);
  EXPECT_EQ(density_colour(kDensityFadeT).a, 255);
  EXPECT_GT(density_colour(kDensityFadeT / 2).a, 100);
  EXPECT_LT(density_colour(kDensityFadeT / 2).a, 155);
}

sunplan::scene::Scene youth_scene(std::size_t n) {
  sunplan::scene::Scene s;
  sunplan::scene::Layer l;
  l.name = "youth";
  l.kind = sunplan::scene::LayerKind::point;
  l.anchors.assign(n, {0.0, 0.0});
  l.fids.assign(n, 0);
  s.layers.push_back(l);
  return s;
}

TEST(DensityView, YouthDefaultsToDensityAboveFiftyThousandPoints) {
  EXPECT_FALSE(default_view_style(youth_scene(kDensityDefaultPoints)).layers[0].density);
  EXPECT_TRUE(default_view_style(youth_scene(kDensityDefaultPoints + 1)).layers[0].density);
  const auto small = youth_scene(10);
  ViewStyle v = default_view_style(small);
  EXPECT_TRUE(apply_layer_styles(v, small, {{"youth", "density"}}).empty());
  EXPECT_TRUE(v.layers[0].density);
  EXPECT_EQ(apply_layer_styles(v, small, {{"youth", "points"}, {"nope", "density"}}),
            std::vector<std::string>{"nope=density"});
  EXPECT_FALSE(v.layers[0].density);
}

TEST(DensityView, CommandLineSpellings) {
  const char* argv[] = {
      "v",  "f.gpkg",  "--density", "--layer-style", "teams=points", "--bench-frames",
      "20", "--points"};
  const Args a = parse_args(static_cast<int>(std::size(argv)), argv);
  const std::vector<std::pair<std::string, std::string>> want{
      {"youth", "density"}, {"teams", "points"}, {"youth", "points"}};
  EXPECT_EQ(a.layer_styles, want);
  EXPECT_EQ(a.bench_frames, 20);
  const char* bad[] = {"v", "f.gpkg", "--layer-style", "youth=heat"};
  EXPECT_THROW(parse_args(4, bad), sunplan::UsageError);
  const char* zero[] = {"v", "f.gpkg", "--bench-frames", "0"};
  EXPECT_THROW(parse_args(4, zero), sunplan::UsageError);
}

}  // namespace
