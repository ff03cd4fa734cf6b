// The GeoPackage spatial index ResultWriter builds in one pass (engine/src/io/gpkg_rtree.hpp).
// Oracles: SQLite's own rtreecheck() (node depths, the parent and rowid maps, every box inside
// its parent's), the boxes SQLite stores when it is given the same envelopes itself, GDAL's
// spatial filter against a brute-force scan and against an index GDAL built, and edits made
// through GDAL, which reach the index by its triggers.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <random>
#include <set>

#include "sqlite_answer.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/vector_reader.hpp"
#include "test_data.hpp"

namespace sunplan {
namespace {

namespace fs = std::filesystem;

struct Box {
  double min_x, max_x, min_y, max_y;
};

class GpkgRtree : public ::testing::Test {
 protected:
  void SetUp() override {
    io::register_gdal();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = fs::temp_directory_path() /
            ("sunplan-rtree-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }
  fs::path at(const std::string& name) const { return m_dir / name; }

  // Writes `layers` through ResultWriter in the CRS they are in (no reprojection).
  static void write(const fs::path& p, const std::vector<OutputLayer>& layers,
                    const std::string& crs = "EPSG:32651") {
    ResultWriter w(p.string(), crs, crs);
    for (const OutputLayer& l : layers) w.write(l);
    w.commit();
  }

  // Every feature's envelope as GDAL reads it back, by fid.
  static std::map<std::int64_t, Box> envelopes(const fs::path& p, const std::string& layer) {
    GDALDatasetUniquePtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR));
    std::map<std::int64_t, Box> out;
    for (auto& f : *ds->GetLayerByName(layer.c_str())) {
      OGREnvelope e;
      f->GetGeometryRef()->getEnvelope(&e);
      out[f->GetFID()] = {e.MinX, e.MaxX, e.MinY, e.MaxY};
    }
    return out;
  }

  // The fids GDAL's spatial filter returns for a rectangle.
  static std::set<std::int64_t> filtered(OGRLayer* l, const Box& r) {
    l->SetSpatialFilterRect(r.min_x, r.min_y, r.max_x, r.max_y);
    std::set<std::int64_t> out;
    for (auto& f : *l) out.insert(f->GetFID());
    l->SetSpatialFilter(nullptr);
    return out;
  }

  static std::vector<Box> random_rectangles(const Box& extent, int n, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0, 1);
    std::vector<Box> out;
    for (int k = 0; k < n; ++k) {
      const double w = extent.max_x - extent.min_x, h = extent.max_y - extent.min_y;
      const double x = extent.min_x + u(rng) * w, y = extent.min_y + u(rng) * h;
      const double s = 0.3 * u(rng);
      out.push_back({x, x + s * w, y, y + s * h});
    }
    return out;
  }

  fs::path m_dir;
};

OutputLayer random_points(std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> x(300000, 400000), y(3400000, 3500000);
  OutputLayer l("youth", GeometryKind::point);
  l.fields = {{"id", FieldType::text}};
  for (std::size_t i = 0; i < n; ++i) l.add_point({x(rng), y(rng)}, {"Y" + std::to_string(i)});
  return l;
}

bool intersects(const Box& a, const Box& b) {
  return a.min_x <= b.max_x && b.min_x <= a.max_x && a.min_y <= b.max_y && b.min_y <= a.max_y;
}

// Node capacity is 51 boxes (SQLite's limit for 2-D trees on 4 KiB pages): empty, one leaf,
// a full leaf, one more, two levels full and one more, and three levels.
TEST_F(GpkgRtree, EverySizeAroundTheNodeCapacityIsAValidIndexThatFindsWhatAScanFinds) {
  for (std::size_t n : {0u, 1u, 51u, 52u, 2601u, 2602u, 20000u}) {
    SCOPED_TRACE(n);
    const fs::path p = at("points" + std::to_string(n) + ".gpkg");
    write(p, {random_points(n, n + 7)});
    EXPECT_EQ(test::sqlite_answer(p, "SELECT rtreecheck('rtree_youth_geom')"), "ok");
    EXPECT_EQ(test::sqlite_answer(p, "SELECT count(*) FROM rtree_youth_geom"), std::to_string(n));
    EXPECT_EQ(
        test::sqlite_answer(p,
                            "SELECT scope FROM gpkg_extensions WHERE table_name = 'youth' AND "
                            "extension_name = 'gpkg_rtree_index'"),
        "write-only");
    const std::string depth = test::sqlite_answer(p,
                                                  "SELECT hex(substr(data, 1, 2)) FROM "
                                                  "rtree_youth_geom_node WHERE nodeno = 1");
    EXPECT_EQ(depth, n <= 51 ? "0000" : n <= 2601 ? "0001" : "0002");

    GDALDatasetUniquePtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR));
    OGRLayer* l = ds->GetLayerByName("youth");
    EXPECT_TRUE(l->TestCapability(OLCFastSpatialFilter));
    const auto env = envelopes(p, "youth");
    for (const Box& r : random_rectangles({300000, 400000, 3400000, 3500000}, 40, n)) {
      std::set<std::int64_t> scan;
      for (const auto& [fid, b] : env)
        if (intersects(b, r)) scan.insert(fid);
      EXPECT_EQ(filtered(l, r), scan);
    }
  }
}

// A layer written in parts (write, then append) is one layer with one index over every part.
TEST_F(GpkgRtree, PartsAppendedMakeOneLayerWithOneIndex) {
  const OutputLayer whole = random_points(5000, 9);
  const fs::path p = at("parts.gpkg");
  {
    ResultWriter w(p.string(), "EPSG:32651", "EPSG:32651");
    for (std::size_t begin = 0; begin < whole.size(); begin += 1200) {
      OutputLayer part(whole.name, whole.kind);
      part.fields = whole.fields;
      for (std::size_t i = begin; i < std::min(whole.size(), begin + 1200); ++i)
        part.add_point(whole.points[i], whole.rows[i]);
      if (begin == 0)
        w.write(part);
      else
        w.append(part);
    }
    w.commit();
  }
  EXPECT_EQ(test::sqlite_answer(p, "SELECT rtreecheck('rtree_youth_geom')"), "ok");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT count(*) FROM rtree_youth_geom"), "5000");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT count(*) FROM youth"), "5000");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT id FROM youth WHERE fid = 4321"), "Y4320");
  const auto env = envelopes(p, "youth");
  EXPECT_EQ(env.at(4321).min_x, whole.points[4320].x);
}

// The leaves hold what SQLite's rtree module stores for the same envelopes: 32-bit floats
// rounded outwards. Coordinates with many digits, both signs and both sides of zero.
TEST_F(GpkgRtree, LeafBoxesAreTheFloatsSqliteItselfStores) {
  OutputLayer lines("lines", GeometryKind::line);
  lines.fields = {{"k", FieldType::integer}};
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(-180.0, 180.0);
  for (std::int64_t k = 0; k < 3000; ++k)
    lines.add_line({{u(rng), u(rng) / 2}, {u(rng), u(rng) / 2}, {u(rng), u(rng) / 2}}, {k});
  const fs::path p = at("lines.gpkg");
  write(p, {lines}, "EPSG:4326");
  ASSERT_EQ(test::sqlite_answer(p, "SELECT rtreecheck('rtree_lines_geom')"), "ok");

  sqlite3* mem = nullptr;
  sqlite3_open(":memory:", &mem);
  sqlite3_exec(mem, "CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx, miny, maxy)", nullptr,
               nullptr, nullptr);
  sqlite3_stmt* ins = nullptr;
  sqlite3_prepare_v2(mem, "INSERT INTO r VALUES (?, ?, ?, ?, ?)", -1, &ins, nullptr);
  for (const auto& [fid, b] : envelopes(p, "lines")) {
    sqlite3_bind_int64(ins, 1, fid);
    sqlite3_bind_double(ins, 2, b.min_x);
    sqlite3_bind_double(ins, 3, b.max_x);
    sqlite3_bind_double(ins, 4, b.min_y);
    sqlite3_bind_double(ins, 5, b.max_y);
    ASSERT_EQ(sqlite3_step(ins), SQLITE_DONE);
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  sqlite3_exec(mem, ("ATTACH '" + p.string() + "' AS f").c_str(), nullptr, nullptr, nullptr);
  sqlite3_stmt* cmp = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(mem,
                               "SELECT count(*), sum(a.minx = b.minx AND a.maxx = b.maxx AND "
                               "a.miny = b.miny AND a.maxy = b.maxy) FROM r a JOIN "
                               "f.rtree_lines_geom b ON a.id = b.id",
                               -1, &cmp, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(cmp), SQLITE_ROW);
  EXPECT_EQ(sqlite3_column_int64(cmp, 0), 3000);
  EXPECT_EQ(sqlite3_column_int64(cmp, 1), 3000);
  sqlite3_finalize(cmp);
  sqlite3_close(mem);
}

// The index follows later edits (QGIS editing the result): GDAL moves, deletes and adds
// features, the triggers update the tree, and it stays valid and right.
TEST_F(GpkgRtree, EditsThroughGdalKeepTheIndexValid) {
  const fs::path p = at("edit.gpkg");
  write(p, {random_points(3000, 5)});
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    OGRLayer* l = ds->GetLayerByName("youth");
    std::unique_ptr<OGRFeature> f(l->GetFeature(10));
    f->SetGeometryDirectly(new OGRPoint(900000, 900000));
    ASSERT_EQ(l->SetFeature(f.get()), OGRERR_NONE);
    ASSERT_EQ(l->DeleteFeature(20), OGRERR_NONE);
    OGRFeature added(l->GetLayerDefn());
    added.SetGeometryDirectly(new OGRPoint(950000, 950000));
    ASSERT_EQ(l->CreateFeature(&added), OGRERR_NONE);
  }
  EXPECT_EQ(test::sqlite_answer(p, "SELECT rtreecheck('rtree_youth_geom')"), "ok");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT count(*) FROM rtree_youth_geom"), "3000");
  EXPECT_EQ(
      test::sqlite_answer(p, "SELECT group_concat(id) FROM rtree_youth_geom WHERE minx > 800000"),
      "10,3001");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT count(*) FROM rtree_youth_geom WHERE id = 20"), "0");
}

// Real polygons (the derived township cells of ../shared/data, the first 8,000): the index
// answers every rectangle as the index GDAL builds itself (an ogr2ogr copy) does.
TEST_F(GpkgRtree, RealTownshipCellsAnswerAsGdalsOwnIndex) {
  const std::string relative = "cn-township-approx-DERIVED/cn_township_voronoi_DERIVED_wgs84.gpkg";
  const auto found_cells = test::shared_data(relative);
  if (!found_cells) GTEST_SKIP() << test::missing_message(relative);
  const fs::path cells = *found_cells;
  io::VectorReader in(cells.string());
  ASSERT_TRUE(in);
  OutputLayer towns("towns", GeometryKind::polygon);
  towns.fields = {{"source_fid", FieldType::integer}};
  in.layers().front().for_each_feature([&](const io::VectorFeature& f) {
    if (towns.size() < 8000 && f.has_geometry()) towns.add_polygon(f.polygons(), {f.fid()});
  });
  const fs::path ours = at("ours.gpkg"), theirs = at("theirs.gpkg");
  write(ours, {towns}, "EPSG:4326");
  ASSERT_EQ(test::sqlite_answer(ours, "SELECT rtreecheck('rtree_towns_geom')"), "ok");
  io::VectorReader(ours.string()).translate(theirs.string(), {"-f", "GPKG"}, "the GDAL copy");
  GDALDatasetUniquePtr a(GDALDataset::Open(ours.string().c_str(), GDAL_OF_VECTOR));
  GDALDatasetUniquePtr b(GDALDataset::Open(theirs.string().c_str(), GDAL_OF_VECTOR));
  OGRLayer* la = a->GetLayerByName("towns");
  OGRLayer* lb = b->GetLayerByName("towns");
  OGREnvelope e;
  ASSERT_EQ(la->GetExtent(&e), OGRERR_NONE);
  std::size_t found = 0;
  for (const Box& r : random_rectangles({e.MinX, e.MaxX, e.MinY, e.MaxY}, 60, 3)) {
    const auto got = filtered(la, r);
    EXPECT_EQ(got, filtered(lb, r));
    found += got.size();
  }
  EXPECT_GT(found, 0u);
}

}  // namespace
}  // namespace sunplan
