#include "sunplan/scene/statistics.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "test_gpkg.hpp"

namespace {

using sunplan::AdminLevel;

TEST(Statistics, DrillDownSumsByCodePrefix) {
  sunplan::test::TempDir tmp;
  const auto path = sunplan::test::write_small_result(tmp.path() / "small.gpkg").string();
  sunplan::NullProgress progress;
  const auto scene = sunplan::scene::load_scene(path, {}, progress);
  const auto& t = *scene.find("townships");

  const auto prov =
      sunplan::scene::summarize(scene, t, AdminLevel::province, "", {"youth", "served", "absent"});
  ASSERT_EQ(prov.fields, (std::vector<std::string>{"youth", "served"}));
  ASSERT_EQ(prov.rows.size(), 1u);
  EXPECT_EQ(prov.rows[0].code, "31");
  EXPECT_EQ(prov.rows[0].sums, (std::vector<double>{15, 5}));
  EXPECT_EQ(prov.rows[0].features, 3u);

  const auto counties =
      sunplan::scene::summarize(scene, t, AdminLevel::county, "31", {"youth", "served"});
  ASSERT_EQ(counties.rows.size(), 2u);
  EXPECT_EQ(counties.rows[0].code, "310115");
  EXPECT_EQ(counties.rows[0].name, "浦东新区");  // from the counties layer
  EXPECT_EQ(counties.rows[0].sums, (std::vector<double>{15, 5}));
  EXPECT_EQ(counties.rows[1].code, "310116");
  EXPECT_EQ(counties.rows[1].name, "浦东新区");  // from the townships' county field
  EXPECT_TRUE(counties.rows[0].bounds.contains(t.anchors[0]));
  EXPECT_FALSE(counties.rows[0].bounds.contains(t.anchors[2]));

  const auto towns =
      sunplan::scene::summarize(scene, t, AdminLevel::township, "310115", {"unserved"});
  ASSERT_EQ(towns.rows.size(), 2u);
  EXPECT_EQ(towns.rows[0].name, "浦东测试镇");
  EXPECT_EQ(towns.rows[0].sums[0], 10.0);
  EXPECT_EQ(towns.rows[1].sums[0], 0.0);
}

}  // namespace
