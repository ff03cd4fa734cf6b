#include "layer_style.hpp"

#include <gtest/gtest.h>

#include "temp_dir.hpp"
#include "test_gpkg.hpp"

namespace {

using namespace sunplan::viewer;

TEST(LayerStyle, DefaultsForTheSmallResult) {
  sunplan::test::TempDir tmp;
  const auto path = sunplan::test::write_small_result(tmp.path() / "small.gpkg").string();
  sunplan::NullProgress progress;
  const auto scene = sunplan::scene::load_scene(path, {}, progress);
  ViewStyle v = default_view_style(scene);
  const int t = scene.layer_index("townships"), b = scene.layer_index("bases");
  // Tables are not drawn; polygons below lines below points; bases on top.
  EXPECT_EQ(v.draw_order.size(), 4u);
  EXPECT_EQ(v.draw_order.back(), b);
  EXPECT_LT(std::find(v.draw_order.begin(), v.draw_order.end(), t) - v.draw_order.begin(),
            std::find(v.draw_order.begin(), v.draw_order.end(), scene.layer_index("assignments")) -
                v.draw_order.begin());
  const auto& ts = v.layers[static_cast<std::size_t>(t)];
  EXPECT_EQ(ts.choropleth_column, scene.layers[static_cast<std::size_t>(t)].column("served_rate"));
  const auto colours = feature_colours(scene.layers[static_cast<std::size_t>(t)], ts);
  EXPECT_EQ(colours[0], kGapColour);     // served_rate 0
  EXPECT_EQ(colours[1], kGoodColour);    // served_rate 1
  EXPECT_EQ(colours[2], kNoDataColour);  // NULL
  const auto shapes = feature_shapes(scene.layers[static_cast<std::size_t>(b)]);
  EXPECT_EQ(shapes, (std::vector<float>{0.0f, 1.0f}));

  const auto unknown = show_only(v, scene, {"bases", "nope"});
  EXPECT_EQ(unknown, (std::vector<std::string>{"nope"}));
  EXPECT_TRUE(v.layers[static_cast<std::size_t>(b)].visible);
  EXPECT_FALSE(v.layers[static_cast<std::size_t>(t)].visible);
}

}  // namespace

TEST(LayerStyle, ChosenSitesAreStarsAboveTheBases) {
  sunplan::scene::Scene scene;
  for (const char* name : {"sites", "bases"}) {
    sunplan::scene::Layer l;
    l.name = name;
    l.kind = sunplan::scene::LayerKind::point;
    l.fids = {1, 2};
    l.anchors = {{0, 0}, {1, 1}};
    scene.layers.push_back(l);
  }
  const auto v = sunplan::viewer::default_view_style(scene, "served_rate");
  ASSERT_EQ(v.draw_order.size(), 2u);
  EXPECT_EQ(v.draw_order.back(), scene.layer_index("sites"));
  const auto shapes = sunplan::viewer::feature_shapes(scene.layers[0]);
  EXPECT_EQ(shapes, std::vector<float>(2, static_cast<float>(sunplan::viewer::kStarShape)));
  EXPECT_EQ(sunplan::viewer::feature_shapes(scene.layers[1]), std::vector<float>(2, 0.0f));
}
