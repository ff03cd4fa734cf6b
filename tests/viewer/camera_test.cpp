#include "camera.hpp"

#include <gtest/gtest.h>

namespace {

using sunplan::Vec2;
using sunplan::viewer::Camera;

TEST(Camera, ScreenAndWorldAreInverse) {
  Camera c{{1000.0, 2000.0}, 10.0, 800, 600};
  EXPECT_EQ(c.to_screen({1000.0, 2000.0}), (Vec2{400.0, 300.0}));
  EXPECT_EQ(c.to_screen({1100.0, 2100.0}),
            (Vec2{410.0, 290.0}));  // y up on the map, down on screen
  EXPECT_EQ(c.to_world({410.0, 290.0}), (Vec2{1100.0, 2100.0}));
}

TEST(Camera, ZoomAtKeepsThePointUnderTheCursor) {
  Camera c{{0.0, 0.0}, 10.0, 800, 600};
  const Vec2 cursor{700.0, 100.0};
  const Vec2 before = c.to_world(cursor);
  c.zoom_at(cursor, 2.0);
  EXPECT_DOUBLE_EQ(c.metres_per_px, 5.0);
  const Vec2 after = c.to_world(cursor);
  EXPECT_NEAR(after.x, before.x, 1e-9);
  EXPECT_NEAR(after.y, before.y, 1e-9);
}

TEST(Camera, FitShowsTheWholeBox) {
  Camera c{{0.0, 0.0}, 1.0, 800, 600};
  sunplan::Box b;
  b.expand(Vec2{0.0, 0.0});
  b.expand(Vec2{7600.0, 1000.0});
  c.fit(b, 20.0);
  EXPECT_DOUBLE_EQ(c.metres_per_px, 10.0);  // 7600 m over 760 px; the height needs less
  EXPECT_EQ(c.centre, (Vec2{3800.0, 500.0}));
  const auto v = c.visible();
  EXPECT_TRUE(v.contains({0.0, 0.0}));
  EXPECT_TRUE(v.contains({7600.0, 1000.0}));
  c.pan_by({10.0, 0.0});  // dragging right moves the map right: the centre goes west
  EXPECT_DOUBLE_EQ(c.centre.x, 3700.0);
}

}  // namespace
