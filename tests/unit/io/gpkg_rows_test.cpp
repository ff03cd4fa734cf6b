// The rows of GeoPackage point and line layers written straight to SQLite
// (engine/src/io/gpkg_rows.hpp). Oracle: the same layers written through OGR, one OGRFeature a
// row (ResultWriter::use_ogr_rows): every table must hold the same bytes (geometry blobs,
// values, NULLs, the feature counts and extents GDAL keeps), the schema the same statements
// (the feature-count triggers put back), and GDAL must read the same features back.
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

namespace sunplan {
namespace {

namespace fs = std::filesystem;

class GpkgRows : public ::testing::Test {
 protected:
  void SetUp() override {
    io::register_gdal();
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_dir = fs::temp_directory_path() /
            ("sunplan-rows-" + std::string(info->name()) + "-" + std::to_string(::getpid()));
    fs::remove_all(m_dir);
    fs::create_directories(m_dir);
  }
  void TearDown() override { fs::remove_all(m_dir); }
  fs::path at(const std::string& name) const { return m_dir / name; }

  // `layers` written through ResultWriter, each in parts of `part` rows (append), projected
  // from UTM 51N to WGS 84 as a run's layers are.
  static void write(const fs::path& p, const std::vector<OutputLayer>& layers, bool ogr,
                    std::size_t part) {
    ResultWriter w(p.string(), "EPSG:32651", "EPSG:4326");
    if (ogr) w.use_ogr_rows();
    for (const OutputLayer& l : layers) {
      for (std::size_t begin = 0; begin == 0 || begin < l.rows.size(); begin += part) {
        OutputLayer piece(l.name, l.kind);
        piece.fields = l.fields;
        for (std::size_t r = begin; r < std::min(l.rows.size(), begin + part); ++r) {
          piece.rows.push_back(l.rows[r]);
          if (l.kind == GeometryKind::point) piece.points.push_back(l.points[r]);
          if (l.kind == GeometryKind::line) piece.lines.push_back(l.lines[r]);
        }
        if (begin == 0)
          w.write(piece);
        else
          w.append(piece);
      }
    }
    w.commit();
  }

  // Rows of `sql` in `a` that are not in `b` (attached), both ways.
  static std::int64_t differences(const fs::path& a, const fs::path& b, const std::string& sql_a,
                                  const std::string& sql_b) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(a.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_exec(db, ("ATTACH '" + b.string() + "' AS b").c_str(), nullptr, nullptr, nullptr);
    std::int64_t n = -1;
    const std::string q = "SELECT (SELECT count(*) FROM (" + sql_a + " EXCEPT " + sql_b +
                          ")) + (SELECT count(*) FROM (" + sql_b + " EXCEPT " + sql_a + "))";
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db, q.c_str(), -1, &st, nullptr) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
      n = sqlite3_column_int64(st, 0);
    else
      ADD_FAILURE() << q << ": " << sqlite3_errmsg(db);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return n;
  }

  static std::vector<std::string> tables(const fs::path& p) {
    sqlite3* db = nullptr;
    sqlite3_open_v2(p.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_stmt* st = nullptr;
    std::vector<std::string> out;
    sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name", -1,
                       &st, nullptr);
    while (sqlite3_step(st) == SQLITE_ROW)
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
    sqlite3_finalize(st);
    sqlite3_close(db);
    return out;
  }

  fs::path m_dir;
};

// Points and lines with every kind of value: integers, reals (one NaN, which SQLite stores
// as NULL), text (Chinese, empty, with quotes), NULLs, rows shorter than the fields, an empty
// line and a one-point line; an empty layer of each kind.
std::vector<OutputLayer> sample_layers(std::size_t n) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> x(300000, 400000), y(3400000, 3500000);
  const std::vector<OutputField> fields = {{"id", FieldType::text},
                                           {"count", FieldType::integer},
                                           {"share", FieldType::real},
                                           {"名称", FieldType::text}};
  OutputLayer points("youth", GeometryKind::point), lines("pairings", GeometryKind::line);
  points.fields = lines.fields = fields;
  for (std::size_t i = 0; i < n; ++i) {
    std::vector<FieldValue> row = {std::string("r") + std::to_string(i),
                                   static_cast<std::int64_t>(i % 7) - 3,
                                   i % 5 == 0 ? FieldValue{} : FieldValue{x(rng) / 7.0},
                                   i % 3 == 0 ? std::string("温馨家园 \"O'Hara\"") : std::string()};
    if (i == 4) row[2] = std::numeric_limits<double>::quiet_NaN();
    if (i == 6) row.resize(2);  // the last fields NULL
    points.add_point({x(rng), y(rng)}, row);
    std::vector<Vec2> line;
    const std::size_t vertices = i == 8 ? 0 : i == 9 ? 1 : 2 + i % 3;
    for (std::size_t v = 0; v < vertices; ++v) line.push_back({x(rng), y(rng)});
    lines.add_line(line, row);
  }
  OutputLayer none_points("bases_without_team", GeometryKind::point);
  none_points.fields = fields;
  OutputLayer none_lines("relay", GeometryKind::line);
  none_lines.fields = fields;
  return {points, lines, none_points, none_lines};
}

TEST_F(GpkgRows, TheSameBytesAsOgrWrites) {
  const auto layers = sample_layers(3000);
  for (const std::size_t part : {std::size_t{3000}, std::size_t{700}}) {
    SCOPED_TRACE("parts of " + std::to_string(part));
    const fs::path direct = at("direct.gpkg"), ogr = at("ogr.gpkg");
    fs::remove(direct);
    fs::remove(ogr);
    write(direct, layers, false, part);
    write(ogr, layers, true, part);
    const auto names = tables(direct);
    ASSERT_EQ(names, tables(ogr));
    for (const std::string& t : names) {
      if (t == "gpkg_contents") continue;  // last_change is the time of writing
      EXPECT_EQ(differences(direct, ogr, "SELECT * FROM main.\"" + t + "\"",
                            "SELECT * FROM b.\"" + t + "\""),
                0)
          << t;
    }
    const std::string contents =
        "SELECT table_name, data_type, identifier, description, min_x, min_y, max_x, max_y, "
        "srs_id FROM ";
    EXPECT_EQ(
        differences(direct, ogr, contents + "main.gpkg_contents", contents + "b.gpkg_contents"), 0);
    EXPECT_EQ(differences(direct, ogr, "SELECT type, name, tbl_name, sql FROM main.sqlite_master",
                          "SELECT type, name, tbl_name, sql FROM b.sqlite_master"),
              0);
  }
}

TEST_F(GpkgRows, GdalReadsTheFeaturesCountsAndExtentsBack) {
  const auto layers = sample_layers(500);
  const fs::path p = at("direct.gpkg");
  write(p, layers, false, 200);
  GDALDatasetUniquePtr ds(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(ds);
  OGRLayer* youth = ds->GetLayerByName("youth");
  ASSERT_TRUE(youth);
  EXPECT_EQ(youth->GetFeatureCount(FALSE), 500);  // gpkg_ogr_contents, without a scan
  OGREnvelope stored, scanned;
  ASSERT_EQ(youth->GetExtent(&stored, FALSE), OGRERR_NONE);
  std::int64_t fid = 0;
  for (auto& f : *youth) {
    EXPECT_EQ(f->GetFID(), ++fid);
    OGREnvelope e;
    f->GetGeometryRef()->getEnvelope(&e);
    scanned.Merge(e);
    if (fid == 1) {
      EXPECT_STREQ(f->GetFieldAsString("id"), "r0");
      EXPECT_STREQ(f->GetFieldAsString("名称"), "温馨家园 \"O'Hara\"");
      EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("share")));
    }
  }
  EXPECT_NEAR(stored.MinX, scanned.MinX, 1e-9);
  EXPECT_NEAR(stored.MaxY, scanned.MaxY, 1e-9);
  OGRLayer* pairings = ds->GetLayerByName("pairings");
  ASSERT_TRUE(pairings);
  EXPECT_EQ(pairings->GetFeatureCount(FALSE), 500);
  auto ninth = std::unique_ptr<OGRFeature>(pairings->GetFeature(9));
  ASSERT_TRUE(ninth && ninth->GetGeometryRef());
  EXPECT_TRUE(ninth->GetGeometryRef()->IsEmpty());
  // A spatial filter goes through the index built for the rows: the same points as a scan.
  youth->SetSpatialFilterRect(121.0, 30.8, 121.5, 31.3);
  std::set<std::int64_t> filtered;
  for (auto& f : *youth) filtered.insert(f->GetFID());
  youth->SetSpatialFilter(nullptr);
  std::set<std::int64_t> brute;
  for (auto& f : *youth) {
    const auto* pt = f->GetGeometryRef()->toPoint();
    if (pt->getX() >= 121.0 && pt->getX() <= 121.5 && pt->getY() >= 30.8 && pt->getY() <= 31.3)
      brute.insert(f->GetFID());
  }
  EXPECT_FALSE(brute.empty());
  EXPECT_EQ(filtered, brute);
  EXPECT_EQ(test::sqlite_answer(p, "SELECT count(*) FROM rtree_youth_geom"), "500");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT rtreecheck('rtree_youth_geom')"), "ok");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT rtreecheck('rtree_pairings_geom')"), "ok");
  EXPECT_EQ(test::sqlite_answer(p, "SELECT count(*) FROM rtree_pairings_geom"),
            "499");  // one empty line
  // Edits through GDAL after the write keep the count (the triggers are back).
  ds.reset(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
  youth = ds->GetLayerByName("youth");
  ASSERT_EQ(youth->DeleteFeature(3), OGRERR_NONE);
  ds.reset();
  ds.reset(GDALDataset::Open(p.string().c_str(), GDAL_OF_VECTOR));
  EXPECT_EQ(ds->GetLayerByName("youth")->GetFeatureCount(FALSE), 499);
}

}  // namespace
}  // namespace sunplan
