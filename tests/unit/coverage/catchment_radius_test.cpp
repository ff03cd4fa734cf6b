#include "sunplan/coverage/catchment_radius.hpp"

#include <gtest/gtest.h>

#include "small_town.hpp"

namespace sunplan::coverage {
namespace {

TEST(CatchmentRadius, DefaultsFollowLifeCircles) {
  const CatchmentRadii r;
  EXPECT_EQ(r.radius_m(BaseType::warm_home, UrbanRural::urban), 1000.0);         // 15-minute walk
  EXPECT_EQ(r.radius_m(BaseType::community_station, UrbanRural::urban), 500.0);  // 10-minute
  EXPECT_EQ(r.radius_m(BaseType::warm_home, UrbanRural::rural), 5000.0);
  EXPECT_EQ(r.radius_m(BaseType::rehab, UrbanRural::rural), 10000.0);
  // Unknown class falls back to unknown_as (rural by default).
  EXPECT_EQ(r.radius_m(BaseType::care, UrbanRural::unknown), 10000.0);
  for (int t = 0; t < kBaseTypeCount; ++t) EXPECT_LE(r.urban_m[t], r.rural_m[t]);
}

TEST(CatchmentRadius, PerBaseFromTownshipClassAndStatus) {
  Dataset d = testing::small_town();
  CatchmentRadii radii;
  auto r = base_radii_m(d.bases, d.admin, radii);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0], 1000.0);  // urban township A
  EXPECT_EQ(r[1], 5000.0);  // rural township B
  EXPECT_EQ(r[2], -1.0);    // candidate: excluded by default
  radii.include_status[static_cast<int>(BaseStatus::candidate)] = true;
  r = base_radii_m(d.bases, d.admin, radii);
  EXPECT_EQ(r[2], 10000.0);  // rehab, rural
}

TEST(CatchmentRadius, ClassInheritedFromAncestor) {
  Dataset d = testing::small_town();
  d.admin.units[1].urban_rural = UrbanRural::urban;  // county known urban
  d.admin.units[3].urban_rural = UrbanRural::unknown;
  EXPECT_EQ(unit_class(d.admin, 3), UrbanRural::urban);
  EXPECT_EQ(unit_class(d.admin, 4), UrbanRural::rural);
  EXPECT_EQ(unit_class(d.admin, kNone), UrbanRural::unknown);
  EXPECT_EQ(base_radii_m(d.bases, d.admin, CatchmentRadii{})[1], 1000.0);
}

}  // namespace
}  // namespace sunplan::coverage
