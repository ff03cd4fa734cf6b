#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <memory>

#include "sunplan/core/error.hpp"
#include "sunplan/scene/scene.hpp"
#include "temp_dir.hpp"
#include "test_data.hpp"
#include "test_gpkg.hpp"

namespace {

using sunplan::scene::Layer;
using sunplan::scene::LayerKind;
using sunplan::scene::Scene;

double triangle_area(const Layer& l, std::size_t f) {
  const auto span = l.fill_index_spans[f];
  double sum = 0.0;
  for (std::uint32_t k = span.first; k < span.first + span.count; k += 3) {
    const auto a = l.fill_vertices[l.fill_indices[k]];
    const auto b = l.fill_vertices[l.fill_indices[k + 1]];
    const auto c = l.fill_vertices[l.fill_indices[k + 2]];
    const double cross = (b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y);
    EXPECT_GE(cross, 0.0) << "triangle not counter-clockwise in " << l.name << " feature " << f;
    sum += cross / 2.0;
  }
  return sum;
}

// The oracle: GDAL's own count, and each polygon's area after OGR projects it to EPSG:3857.
void expect_matches_gdal(const Scene& scene, const std::string& path, double rel_tol) {
  GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRSpatialReference merc;
  merc.importFromEPSG(3857);
  merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  for (const Layer& l : scene.layers) {
    OGRLayer* ogr = ds->GetLayerByName(l.name.c_str());
    ASSERT_TRUE(ogr) << l.name;
    EXPECT_EQ(static_cast<GIntBig>(l.size()), ogr->GetFeatureCount(TRUE)) << l.name;
    EXPECT_EQ(l.column("fid"), -1);
    EXPECT_EQ(static_cast<int>(l.columns.size()), ogr->GetLayerDefn()->GetFieldCount()) << l.name;
    if (l.kind != LayerKind::polygon) continue;
    ASSERT_EQ(l.fill_index_spans.size(), l.size());
    std::size_t f = 0;
    for (auto& feature : ogr) {
      OGRGeometry* g = feature->GetGeometryRef();
      ASSERT_TRUE(g);
      std::unique_ptr<OGRGeometry> projected(g->clone());
      ASSERT_EQ(projected->transformTo(&merc), OGRERR_NONE);
      const double expected = OGR_G_Area(OGRGeometry::ToHandle(projected.get()));
      EXPECT_NEAR(triangle_area(l, f), expected, expected * rel_tol) << l.name << " feature " << f;
      EXPECT_NEAR(sunplan::area(l.shapes[f]), expected, expected * rel_tol);
      ++f;
    }
  }
}

TEST(LoadScene, SmallResultHasEveryLayerWithItsKind) {
  sunplan::test::TempDir tmp;
  const auto path = sunplan::test::write_small_result(tmp.path() / "small.gpkg").string();
  sunplan::NullProgress progress;
  const Scene scene = sunplan::scene::load_scene(path, {}, progress);
  ASSERT_EQ(scene.layers.size(), 6u);
  EXPECT_EQ(scene.find("townships")->kind, LayerKind::polygon);
  EXPECT_EQ(scene.find("counties")->kind, LayerKind::polygon);
  EXPECT_EQ(scene.find("bases")->kind, LayerKind::point);
  EXPECT_EQ(scene.find("assignments")->kind, LayerKind::line);
  EXPECT_EQ(scene.find("gap_ranking")->kind, LayerKind::table);
  ASSERT_EQ(scene.metadata.size(), 1u);
  EXPECT_EQ(scene.metadata[0].first, "scenario");
  EXPECT_EQ(scene.metadata[0].second, "small");
  expect_matches_gdal(scene, path, 1e-9);

  const Layer& t = *scene.find("townships");
  const int rate = t.column("served_rate");
  ASSERT_GE(rate, 0);
  EXPECT_TRUE(t.columns[rate].numeric);
  EXPECT_EQ(t.columns[rate].numbers[0], 0.0);
  EXPECT_EQ(t.columns[rate].numbers[1], 1.0);
  EXPECT_TRUE(std::isnan(t.columns[rate].numbers[2]));
  EXPECT_EQ(t.columns[rate].min, 0.0);
  EXPECT_EQ(t.columns[rate].max, 1.0);
  EXPECT_EQ(t.value_text(t.column("name"), 0), "浦东测试镇");
  EXPECT_EQ(t.value_text(t.column("gap_rank"), 1), "");
  EXPECT_EQ(t.value_text(t.column("youth"), 0), "10");
  // The hole of T2 is not filled: its triangles cover 0.1 x 0.1 deg minus 0.04 x 0.04 deg.
  EXPECT_LT(triangle_area(t, 1), triangle_area(t, 0) * (1.0 - 0.16) * 1.0001);
  // Every feature owns disjoint vertex ranges, in feature order.
  for (std::size_t f = 1; f < t.size(); ++f)
    EXPECT_EQ(t.fill_vertex_spans[f].first,
              t.fill_vertex_spans[f - 1].first + t.fill_vertex_spans[f - 1].count);
  // Outlines: T2 has a shell and a hole ring.
  EXPECT_EQ(t.feature_parts[1].count, 2u);
  // Label anchors lie inside their own feature.
  for (std::size_t f = 0; f < t.size(); ++f)
    EXPECT_TRUE(sunplan::contains(t.shapes[f], t.anchors[f]));

  const Layer& b = *scene.find("bases");
  ASSERT_EQ(b.anchors.size(), 2u);
  EXPECT_NEAR(b.anchors[0].x, 6378137.0 * 121.05 * M_PI / 180.0, 1e-6);
  const Layer& a = *scene.find("assignments");
  ASSERT_EQ(a.line_parts.size(), 1u);
  EXPECT_EQ(a.line_parts[0].count, 2u);
  EXPECT_TRUE(scene.bounds.contains(b.anchors[1]));
}

TEST(LoadScene, ChosenLayersOnlyAndMissingLayerIsAnInputError) {
  sunplan::test::TempDir tmp;
  const auto path = sunplan::test::write_small_result(tmp.path() / "small.gpkg").string();
  sunplan::NullProgress progress;
  sunplan::scene::SceneOptions opts;
  opts.layers = {"bases", "townships"};
  const Scene scene = sunplan::scene::load_scene(path, opts, progress);
  ASSERT_EQ(scene.layers.size(), 2u);
  EXPECT_EQ(scene.layers[0].name, "bases");
  opts.layers = {"nope"};
  EXPECT_THROW(sunplan::scene::load_scene(path, opts, progress), sunplan::InputError);
  EXPECT_THROW(sunplan::scene::load_scene((tmp.path() / "missing.gpkg").string(), {}, progress),
               sunplan::InputError);
}

class CancelAtOnce final : public sunplan::Progress {
 public:
  bool update(double, std::string_view) override { return false; }
};

TEST(LoadScene, CancelStopsTheLoad) {
  sunplan::test::TempDir tmp;
  const auto path = sunplan::test::write_small_result(tmp.path() / "small.gpkg").string();
  CancelAtOnce cancel;
  EXPECT_THROW(sunplan::scene::load_scene(path, {}, cancel), sunplan::CancelledError);
}

TEST(LoadScene, SimplifiedShapesKeepTheirAreaRoughly) {
  sunplan::test::TempDir tmp;
  const auto path = sunplan::test::write_small_result(tmp.path() / "small.gpkg").string();
  sunplan::NullProgress progress;
  sunplan::scene::SceneOptions opts;
  opts.simplify_tolerance_m = 100.0;  // squares have no vertex within 100 m of a straight line
  const Scene full = sunplan::scene::load_scene(path, {}, progress);
  const Scene simple = sunplan::scene::load_scene(path, opts, progress);
  const Layer& a = *full.find("townships");
  const Layer& b = *simple.find("townships");
  for (std::size_t f = 0; f < a.size(); ++f)
    EXPECT_NEAR(triangle_area(b, f), triangle_area(a, f), 1e-6 * triangle_area(a, f));
}

TEST(LoadScene, DemoInputDatasetMatchesGdal) {
  const auto demo = sunplan::test::source_dir() / "datasets/demo/demo.gpkg";
  if (!std::filesystem::exists(demo)) GTEST_SKIP() << demo << " not found";
  sunplan::NullProgress progress;
  const Scene scene = sunplan::scene::load_scene(demo.string(), {}, progress);
  EXPECT_EQ(scene.find("townships")->kind, LayerKind::polygon);
  EXPECT_EQ(scene.find("roads")->kind, LayerKind::line);
  EXPECT_EQ(scene.find("youth")->kind, LayerKind::point);
  expect_matches_gdal(scene, demo.string(), 1e-7);
}

}  // namespace
