// The viewer's layer export: each format written from a scenario run in memory is read
// back with GDAL and compared with the same layer of the CLI's result GeoPackage
// (run_scenario writing it, read with GDAL): feature count, Chinese names, a figure per
// feature, and the feature's centroid (OGR) transformed by OGR into the export's CRS.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "sunplan/core/error.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/scene/export.hpp"
#include "sunplan/scene/run_layers.hpp"
#include "sunplan/scene/session.hpp"
#include "temp_dir.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;
using namespace sunplan;
using namespace sunplan::scene;

namespace {

fs::path demo_toml() {
  return sunplan::test::source_dir() / "datasets" / "demo" / "scenario.toml";
}

struct Feature {
  std::string name;
  double figure = 0;
  double cx = 0, cy = 0;  // centroid in the file's CRS
};

// Features of `layer` keyed by `key`; centroids transformed into `to` when given.
std::map<std::string, Feature> read_features(OGRLayer& layer, const char* key, const char* name,
                                             const char* figure,
                                             const OGRSpatialReference* to = nullptr) {
  std::unique_ptr<OGRCoordinateTransformation> t;
  if (to && layer.GetSpatialRef()) {
    OGRSpatialReference from(*layer.GetSpatialRef());
    from.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRSpatialReference target(*to);
    target.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    t.reset(OGRCreateCoordinateTransformation(&from, &target));
  }
  std::map<std::string, Feature> out;
  layer.ResetReading();
  for (auto& f : layer) {
    Feature g;
    g.name = f->GetFieldAsString(name);
    g.figure = f->GetFieldAsDouble(figure);
    if (const OGRGeometry* geom = f->GetGeometryRef()) {
      OGRPoint c;
      geom->Centroid(&c);
      double x = c.getX(), y = c.getY();
      if (t) t->Transform(1, &x, &y);
      g.cx = x;
      g.cy = y;
    }
    out[f->GetFieldAsString(key)] = g;
  }
  return out;
}

void expect_matches(const fs::path& file, const std::string& layer_name, OGRLayer& oracle,
                    const char* key, const char* name, const char* figure, double tol_deg,
                    double tol_m) {
  GDALDatasetUniquePtr out(GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                             nullptr, nullptr, nullptr));
  ASSERT_TRUE(out) << file;
  OGRLayer* l = out->GetLayerByName(layer_name.c_str());
  if (!l && out->GetLayerCount() == 1) l = out->GetLayer(0);
  ASSERT_NE(l, nullptr) << file;
  EXPECT_EQ(l->GetFeatureCount(), oracle.GetFeatureCount()) << file;
  const OGRSpatialReference* srs = l->GetSpatialRef();
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  if (!srs) srs = &wgs84;  // CSV keeps no CRS: its WKT is in the run's output CRS (WGS84 here)
  const auto want = read_features(oracle, key, name, figure, srs);
  const auto got = read_features(*l, key, name, figure);
  ASSERT_EQ(got.size(), want.size()) << file;
  const double tol = srs->IsGeographic() ? tol_deg : tol_m;
  for (const auto& [k, w] : want) {
    ASSERT_TRUE(got.count(k)) << file << ": " << k;
    const Feature& g = got.at(k);
    EXPECT_EQ(g.name, w.name) << file << ": " << k;
    EXPECT_EQ(g.figure, w.figure) << file << ": " << k;
    EXPECT_NEAR(g.cx, w.cx, tol) << file << ": " << k;
    EXPECT_NEAR(g.cy, w.cy, tol) << file << ": " << k;
  }
}

class ExportLayer : public ::testing::Test {
 protected:
  void SetUp() override {
    GDALAllRegister();
    NullProgress progress;
    m_run = open_scenario(demo_toml().string(), {}, std::nullopt, progress);
    RunOptions o;
    m_result = m_tmp.path() / "cli.gpkg";
    o.output_path = m_result.string();
    o.write_report = false;
    run_scenario(read_scenario(demo_toml()), o, progress);
    m_cli.reset(GDALDataset::Open(m_result.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                  nullptr, nullptr));
    ASSERT_TRUE(m_cli);
  }
  OGRLayer& cli(const char* name) { return *m_cli->GetLayerByName(name); }

  sunplan::test::TempDir m_tmp;
  ScenarioRun m_run;
  fs::path m_result;
  GDALDatasetUniquePtr m_cli;
};

}  // namespace

TEST_F(ExportLayer, EveryFormatMatchesTheCliResult) {
  NullProgress progress;
  // GeoJSON keeps 7 decimals (RFC 7946); the others full precision.
  for (LayerFormat f : layer_formats()) {
    const std::string ext(format_extension(f));
    const fs::path towns = m_tmp.path() / "out" / ("towns" + ext);
    const LayerExportReport r = export_layer(m_run, "townships", f, towns.string(), progress);
    EXPECT_EQ(r.features, cli("townships").GetFeatureCount()) << ext;
    ASSERT_FALSE(r.files.empty());
    EXPECT_EQ(r.files.front(), towns.string()) << ext;
    SCOPED_TRACE(ext);
    // KML keeps `name` as the placemark name; every other field is ExtendedData.
    expect_matches(towns, "townships", cli("townships"), "code", "name", "youth", 1e-6, 1e-3);
    const fs::path bases = m_tmp.path() / "out" / ("bases" + ext);
    export_layer(m_run, "bases", f, bases.string(), progress);
    expect_matches(bases, "bases", cli("bases"), "id", "type_zh", "capacity", 1e-6, 1e-3);
  }
  // Shapefile: the .cpg says UTF-8 (so GIS reads 温馨家园 right), side files share the stem.
  std::ifstream cpg(m_tmp.path() / "out" / "towns.cpg");
  std::string encoding;
  std::getline(cpg, encoding);
  EXPECT_EQ(encoding, "UTF-8");
  for (const char* ext : {".shp", ".shx", ".dbf", ".prj"})
    EXPECT_TRUE(fs::exists(m_tmp.path() / "out" / (std::string("towns") + ext))) << ext;
  // Nothing temporary is left beside the exports.
  for (const auto& e : fs::directory_iterator(m_tmp.path() / "out"))
    EXPECT_EQ(e.path().filename().string().find("sunplan-export"), std::string::npos) << e.path();
}

TEST_F(ExportLayer, GeoJsonIsWgs84WhateverTheRunsCrs) {
  NullProgress progress;
  const fs::path out = m_tmp.path() / "gaps.geojson";
  export_layer(m_run, "gaps", LayerFormat::geojson, out.string(), progress);
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text.find("\"crs\""), std::string::npos);  // RFC 7946 has no crs member
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr));
  ASSERT_TRUE(ds);
  OGREnvelope env;
  ASSERT_EQ(ds->GetLayer(0)->GetExtent(&env), OGRERR_NONE);
  // The demo county lies near 113.5°E 28.3°N.
  EXPECT_GT(env.MinX, 113.0);
  EXPECT_LT(env.MaxX, 114.0);
  EXPECT_GT(env.MinY, 28.0);
  EXPECT_LT(env.MaxY, 28.7);
  EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), cli("gaps").GetFeatureCount());
}

TEST_F(ExportLayer, FromTheResultFileTheSameAsFromMemory) {
  NullProgress progress;
  const fs::path from_file = m_tmp.path() / "file" / "t.shp";
  const fs::path from_memory = m_tmp.path() / "mem" / "t.shp";
  export_layer(m_result.string(), "townships", LayerFormat::shapefile, from_file.string(),
               progress);
  export_layer(m_run, "townships", LayerFormat::shapefile, from_memory.string(), progress);
  expect_matches(from_file, "t", cli("townships"), "code", "name", "youth", 1e-9, 1e-6);
  expect_matches(from_memory, "t", cli("townships"), "code", "name", "youth", 1e-9, 1e-6);
  const fs::path gpkg = m_tmp.path() / "file" / "bases.gpkg";
  const LayerExportReport r =
      export_layer(m_result.string(), "bases", LayerFormat::geopackage, gpkg.string(), progress);
  EXPECT_EQ(r.features, cli("bases").GetFeatureCount());
  expect_matches(gpkg, "bases", cli("bases"), "id", "name", "capacity", 1e-9, 1e-6);
  // A table: the .dbf of a Shapefile, or CSV; refused by geometry-only formats.
  const fs::path table = m_tmp.path() / "file" / "ranking.csv";
  export_layer(m_result.string(), "gap_ranking", LayerFormat::csv, table.string(), progress);
  GDALDatasetUniquePtr csv(
      GDALDataset::Open(table.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  ASSERT_TRUE(csv);
  EXPECT_EQ(csv->GetLayer(0)->GetFeatureCount(), cli("gap_ranking").GetFeatureCount());
  EXPECT_THROW(export_layer(m_result.string(), "gap_ranking", LayerFormat::geojson,
                            (m_tmp.path() / "x.geojson").string(), progress),
               UsageError);
  EXPECT_THROW(export_layer(m_run, "no_such_layer", LayerFormat::geojson,
                            (m_tmp.path() / "x.geojson").string(), progress),
               UsageError);
  EXPECT_FALSE(fs::exists(m_tmp.path() / "x.geojson"));
}

TEST_F(ExportLayer, AfterAWhatIfTheEditedLayerIsWritten) {
  NullProgress progress;
  const ScenarioRun edited =
      run_whatif(m_run, std::vector{BaseEdit::remove("B001"), BaseEdit::remove("B002")}, progress);
  const fs::path out = m_tmp.path() / "catchments.fgb";
  const LayerExportReport r =
      export_layer(edited, "catchments", LayerFormat::flatgeobuf, out.string(), progress);
  const std::int64_t before = cli("catchments").GetFeatureCount();
  EXPECT_EQ(r.features, before - 2);  // B001 and B002 each had one catchment polygon
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  ASSERT_TRUE(ds);
  EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), before - 2);
  for (auto& f : *ds->GetLayer(0)) {
    EXPECT_STRNE(f->GetFieldAsString("base_id"), "B001");
    EXPECT_STRNE(f->GetFieldAsString("base_id"), "B002");
  }
}
