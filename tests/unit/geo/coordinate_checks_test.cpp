#include "sunplan/geo/coordinate_checks.hpp"

#include <gtest/gtest.h>

#include <limits>

namespace sunplan::geo {
namespace {

TEST(CoordinateChecks, GoodPointInChina) {
  const CoordCheck c = check_lonlat({121.47, 31.23});
  EXPECT_EQ(c.verdict, CoordVerdict::ok);
  EXPECT_TRUE(c.reason.empty());
}

TEST(CoordinateChecks, NonFinite) {
  EXPECT_EQ(check_lonlat({std::numeric_limits<double>::quiet_NaN(), 31.0}).verdict,
            CoordVerdict::non_finite);
  EXPECT_EQ(check_lonlat({121.0, std::numeric_limits<double>::infinity()}).verdict,
            CoordVerdict::non_finite);
}

TEST(CoordinateChecks, SwappedLatLonInChina) {
  // Shanghai written as (lat, lon): lat 121 is impossible, swapped it is in China.
  const CoordCheck c = check_lonlat({31.23, 121.47});
  EXPECT_EQ(c.verdict, CoordVerdict::swapped);
  EXPECT_NE(c.reason.find("swapped"), std::string::npos);
}

TEST(CoordinateChecks, SwappedOnlyVisibleWithAdminExtent) {
  // (45, 80) is a valid lon/lat (Kazakhstan) and swapped (80, 45) is in Xinjiang.
  CoordCheckOptions opts;
  opts.admin_extent = Box{79.0, 44.0, 82.0, 46.0};
  EXPECT_EQ(check_lonlat({45.0, 80.0}, opts).verdict, CoordVerdict::swapped);
  EXPECT_EQ(check_lonlat({80.0, 45.0}, opts).verdict, CoordVerdict::ok);
}

TEST(CoordinateChecks, HugeValuesAreOutOfRange) {
  // Projected metres passed as lon/lat.
  const CoordCheck c = check_lonlat({354280.6, 3456101.1});
  EXPECT_EQ(c.verdict, CoordVerdict::out_of_range);
  EXPECT_EQ(check_lonlat({1e300, 1e300}).verdict, CoordVerdict::out_of_range);
}

TEST(CoordinateChecks, OutsideChinaWithoutAdminExtent) {
  EXPECT_EQ(check_lonlat({2.35, 48.85}).verdict, CoordVerdict::outside_china);
}

TEST(CoordinateChecks, FarOutsideAdminExtent) {
  CoordCheckOptions opts;
  opts.admin_extent = Box{121.0, 31.0, 122.0, 32.0};
  opts.far_threshold_m = 50'000.0;
  // 1 degree of latitude south of the box: 111.2 km on the mean sphere.
  const CoordCheck far = check_lonlat({121.5, 30.0}, opts);
  EXPECT_EQ(far.verdict, CoordVerdict::far_outside);
  EXPECT_NEAR(far.distance_outside_m, 111'195.0, 10.0);
  // 0.3 degree south: 33 km, under the threshold.
  EXPECT_EQ(check_lonlat({121.5, 30.7}, opts).verdict, CoordVerdict::ok);
  EXPECT_EQ(check_lonlat({121.5, 31.5}, opts).verdict, CoordVerdict::ok);
}

TEST(CoordinateChecks, DistanceOutsideBox) {
  const Box b{0.0, 0.0, 1.0, 1.0};
  EXPECT_EQ(distance_outside_box_m({0.5, 0.5}, b), 0.0);
  // On the equator one degree of longitude is 2*pi*R/360 = 111,195.08 m (R = 6,371,008.8).
  EXPECT_NEAR(distance_outside_box_m({2.0, 0.0}, b), 111'195.08, 0.05);
}

}  // namespace
}  // namespace sunplan::geo
