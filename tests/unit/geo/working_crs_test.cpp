#include "sunplan/geo/working_crs.hpp"

#include <gtest/gtest.h>

#include "sunplan/core/error.hpp"

namespace sunplan::geo {
namespace {

TEST(WorkingCrs, UtmZoneNumbers) {
  EXPECT_EQ(utm_zone(-180.0), 1);
  EXPECT_EQ(utm_zone(0.0), 31);
  EXPECT_EQ(utm_zone(121.47), 51);  // Shanghai: 120-126 E
  EXPECT_EQ(utm_zone(116.4), 50);   // Beijing: 114-120 E
  EXPECT_EQ(utm_zone(180.0), 60);
}

TEST(WorkingCrs, SmallRegionGetsUtmOfCentre) {
  const Box shanghai{120.85, 30.67, 122.2, 31.88};
  const WorkingCrs crs = choose_working_crs(shanghai, "");
  EXPECT_EQ(crs.definition, "EPSG:32651");
  EXPECT_EQ(crs.name, "WGS 84 / UTM zone 51N");
  EXPECT_NE(crs.rule.find("UTM"), std::string::npos);
}

TEST(WorkingCrs, SouthernHemisphereUsesSouthZone) {
  EXPECT_EQ(choose_working_crs(Box{150.0, -34.0, 151.5, -33.0}, "").definition, "EPSG:32756");
}

TEST(WorkingCrs, ExactlySixDegreesIsStillUtm) {
  EXPECT_EQ(choose_working_crs(Box{114.0, 22.0, 120.0, 25.0}, "").definition, "EPSG:32650");
}

TEST(WorkingCrs, NationalExtentGetsAlbers) {
  const WorkingCrs crs = choose_working_crs(Box{73.5, 18.3, 135.1, 53.6}, "");
  EXPECT_EQ(crs.definition, kChinaAlbers);
  EXPECT_NE(crs.rule.find("equal-area"), std::string::npos);
}

TEST(WorkingCrs, OverrideMustBeProjectedMetric) {
  const Box any{120.0, 30.0, 121.0, 31.0};
  const WorkingCrs crs = choose_working_crs(any, "EPSG:4547");
  EXPECT_EQ(crs.definition, "EPSG:4547");
  EXPECT_EQ(crs.rule, "given in the scenario");
  EXPECT_THROW(choose_working_crs(any, "EPSG:4326"), InputError);  // geographic
  EXPECT_THROW(choose_working_crs(any, "EPSG:2263"), InputError);  // US feet
  EXPECT_THROW(choose_working_crs(any, "garbage"), InputError);
}

TEST(WorkingCrs, EmptyExtentWithoutOverrideIsError) {
  EXPECT_THROW(choose_working_crs(Box{}, ""), InputError);
}

}  // namespace
}  // namespace sunplan::geo
