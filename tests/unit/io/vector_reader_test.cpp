// io::VectorReader on small GeoJSON and CSV files written here by hand: the values expected
// are the ones typed into the files (GeoJSON's "id" is the feature id GDAL gives).
#include "sunplan/io/vector_reader.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using namespace sunplan;
using namespace sunplan::io;

namespace {

class VectorReaderTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("sunplan_vector_reader_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) {
    const fs::path p = dir / name;
    std::ofstream(p) << text;
    return p.string();
  }
  fs::path dir;
};

const char* kPoints = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "id": 1, "properties": {"n": 3, "share": 0.5, "name": "甲"},
  "geometry": {"type": "Point", "coordinates": [121.5, 31.25]}},
 {"type": "Feature", "id": 2, "properties": {"n": null, "share": 1.5, "name": "乙"},
  "geometry": {"type": "Point", "coordinates": [121.0, 31.0]}},
 {"type": "Feature", "id": 3, "properties": {"n": 7, "share": 2.5, "name": "丙"},
  "geometry": null}]})";

// A line, then a 2 x 2 square: the layer declares no one type.
const char* kMixed = R"({"type": "FeatureCollection", "features": [
 {"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
  "coordinates": [[0, 0], [1, 0], [1, 1]]}},
 {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
  "coordinates": [[[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]]]}}]})";

}  // namespace

TEST_F(VectorReaderTest, PointLayerFieldsAndFeatures) {
  const VectorReader file(write("points.geojson", kPoints));
  ASSERT_TRUE(file) << file.error();
  const std::vector<VectorLayer> layers = file.layers();
  ASSERT_EQ(layers.size(), 1u);
  const VectorLayer& l = layers[0];
  EXPECT_EQ(l.name(), "points");
  EXPECT_EQ(l.geometry_type(), VectorGeometry::point);
  EXPECT_TRUE(l.crs().has_value());
  EXPECT_EQ(l.feature_count(), 3);
  const std::vector<VectorField> fields = l.fields();
  ASSERT_EQ(fields.size(), 3u);
  EXPECT_EQ(fields[0].name, "n");
  EXPECT_TRUE(fields[0].numeric);
  EXPECT_TRUE(fields[1].numeric);
  EXPECT_EQ(fields[2].name, "name");
  EXPECT_FALSE(fields[2].numeric);

  std::vector<std::int64_t> fids;
  std::vector<bool> n_set, has_geometry;
  std::vector<double> share;
  std::vector<std::string> names;
  std::vector<Vec2> points;
  l.for_each_feature([&](const VectorFeature& f) {
    fids.push_back(f.fid());
    n_set.push_back(f.is_set(0));
    share.push_back(f.number(1));
    names.push_back(f.text(2));
    has_geometry.push_back(f.has_geometry());
    if (f.has_geometry()) points.push_back(f.point());
  });
  EXPECT_EQ(fids, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(n_set, (std::vector<bool>{true, false, true}));
  EXPECT_EQ(share, (std::vector<double>{0.5, 1.5, 2.5}));
  EXPECT_EQ(names, (std::vector<std::string>{"甲", "乙", "丙"}));
  EXPECT_EQ(has_geometry, (std::vector<bool>{true, true, false}));
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].x, 121.5);
  EXPECT_EQ(points[0].y, 31.25);
}

TEST_F(VectorReaderTest, AMixedLayerIsKnownByItsFirstGeometry) {
  const VectorReader file(write("mixed.geojson", kMixed));
  ASSERT_TRUE(file) << file.error();
  const auto l = file.layer("mixed");
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->geometry_type(), VectorGeometry::unknown);
  EXPECT_EQ(l->first_geometry_type(), VectorGeometry::line);
  std::vector<std::vector<std::vector<Vec2>>> lines;
  std::vector<MultiPolygon> areas;
  std::vector<Vec2> points;
  l->for_each_feature([&](const VectorFeature& f) {
    lines.push_back(f.lines());
    areas.push_back(f.polygons());
    points.push_back(f.point());
  });
  ASSERT_EQ(lines.size(), 2u);
  ASSERT_EQ(lines[0].size(), 1u);  // the line: one part of three points
  EXPECT_EQ(lines[0][0].size(), 3u);
  EXPECT_EQ(lines[0][0][2].x, 1.0);
  EXPECT_EQ(lines[0][0][2].y, 1.0);
  EXPECT_TRUE(areas[0].empty());   // a line has no area
  ASSERT_EQ(areas[1].size(), 1u);  // the square: one polygon, one ring of five points
  ASSERT_EQ(areas[1][0].rings.size(), 1u);
  EXPECT_EQ(areas[1][0].rings[0].size(), 5u);
  EXPECT_DOUBLE_EQ(points[1].x, 1.0);  // the square's centroid
  EXPECT_DOUBLE_EQ(points[1].y, 1.0);
}

TEST_F(VectorReaderTest, ATableHasNoGeometry) {
  const VectorReader file(write("table.csv", "a,b\n1,x\n2,y\n"));
  ASSERT_TRUE(file) << file.error();
  const auto l = file.layer("table");
  ASSERT_TRUE(l.has_value());
  EXPECT_EQ(l->geometry_type(), VectorGeometry::none);
  EXPECT_EQ(l->first_geometry_type(), VectorGeometry::none);
  EXPECT_EQ(l->feature_count(), 2);
}

TEST_F(VectorReaderTest, MissingFileAndLayer) {
  const VectorReader missing((dir / "missing.gpkg").string());
  EXPECT_FALSE(missing);  // error() is GDAL's last message, empty for a file that is not there
  const VectorReader file(write("points.geojson", kPoints));
  ASSERT_TRUE(file);
  EXPECT_FALSE(file.layer("nope").has_value());
}
