#include "sunplan/scene/display_crs.hpp"

#include <gtest/gtest.h>
#include <ogr_spatialref.h>

#include <memory>

namespace {

using sunplan::Vec2;

TEST(DisplayCrs, MatchesProjWebMercator) {
  OGRSpatialReference wgs84, merc;
  wgs84.importFromEPSG(4326);
  merc.importFromEPSG(3857);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> ct(OGRCreateCoordinateTransformation(&wgs84, &merc));
  ASSERT_TRUE(ct);
  for (Vec2 ll :
       {Vec2{121.5, 31.2}, Vec2{73.5, 39.4}, Vec2{135.0, 53.5}, Vec2{110.0, 18.2}, Vec2{0, 0}}) {
    double x = ll.x, y = ll.y;
    ASSERT_TRUE(ct->Transform(1, &x, &y));
    const Vec2 m = sunplan::scene::lonlat_to_display(ll);
    EXPECT_NEAR(m.x, x, 1e-6);
    EXPECT_NEAR(m.y, y, 1e-6);
    const Vec2 back = sunplan::scene::display_to_lonlat(m);
    EXPECT_NEAR(back.x, ll.x, 1e-10);
    EXPECT_NEAR(back.y, ll.y, 1e-10);
  }
}

TEST(DisplayCrs, ZoomZeroIsTheWorldIn256Pixels) {
  // The Web Mercator world is 2 * pi * 6378137 m wide = 40,075,016.686 m.
  EXPECT_NEAR(sunplan::scene::metres_per_pixel(0) * 256.0, 40075016.68557849, 1e-6);
  EXPECT_NEAR(sunplan::scene::metres_per_pixel(10), 152.8740565703525, 1e-9);
  EXPECT_NEAR(sunplan::scene::zoom_for(sunplan::scene::metres_per_pixel(7.25)), 7.25, 1e-12);
}

}  // namespace
