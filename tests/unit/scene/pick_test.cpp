#include "sunplan/scene/pick.hpp"

#include <gtest/gtest.h>

#include "sunplan/scene/display_crs.hpp"
#include "temp_dir.hpp"
#include "test_gpkg.hpp"

namespace {

using sunplan::scene::lonlat_to_display;

TEST(Pick, PolygonsPointsAndLinesOfTheSmallResult) {
  sunplan::test::TempDir tmp;
  const auto path = sunplan::test::write_small_result(tmp.path() / "small.gpkg").string();
  sunplan::NullProgress progress;
  const auto scene = sunplan::scene::load_scene(path, {}, progress);
  const auto& t = *scene.find("townships");
  EXPECT_EQ(sunplan::scene::pick_polygon(t, lonlat_to_display({121.05, 31.05})), 0);
  EXPECT_EQ(sunplan::scene::pick_polygon(t, lonlat_to_display({121.11, 31.05})), 1);
  EXPECT_EQ(sunplan::scene::pick_polygon(t, lonlat_to_display({121.15, 31.05})), -1);  // T2's hole
  EXPECT_EQ(sunplan::scene::pick_polygon(t, lonlat_to_display({121.25, 31.05})), 2);
  EXPECT_EQ(sunplan::scene::pick_polygon(t, lonlat_to_display({121.35, 31.05})), -1);

  const auto& b = *scene.find("bases");
  const auto b2 = lonlat_to_display({121.15, 31.09});
  EXPECT_EQ(sunplan::scene::pick_point(b, {b2.x + 50, b2.y}, 100.0), 1);
  EXPECT_EQ(sunplan::scene::pick_point(b, {b2.x + 150, b2.y}, 100.0), -1);

  const auto& a = *scene.find("assignments");
  const auto mid = lonlat_to_display({121.035, 31.035});
  EXPECT_EQ(sunplan::scene::pick_line(a, {mid.x + 30, mid.y - 30}, 100.0), 0);
  EXPECT_EQ(sunplan::scene::pick_line(a, {mid.x + 3000, mid.y - 3000}, 100.0), -1);
}

}  // namespace
