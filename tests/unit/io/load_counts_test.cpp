// Youth given as counts per township, and layers in GCJ-02: both end up as the same
// projected points an independent computation gives.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <fstream>

#include "sunplan/geo/chinese_datums.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/pipeline/load.hpp"

namespace sunplan {
namespace {

namespace fs = std::filesystem;

class LoadFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    GDALAllRegister();
    dir = fs::temp_directory_path() /
          ("sunplan_counts_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
    // Two 0.01-degree townships side by side near Shanghai.
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
        (dir / "units.gpkg").c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* l = ds->CreateLayer("township", &srs, wkbPolygon, nullptr);
    OGRFieldDefn code("code", OFTString);
    l->CreateField(&code);
    const char* wkt[] = {
        "POLYGON((121.00 31.00,121.01 31.00,121.01 31.01,121.00 31.01,121.00 31.00))",
        "POLYGON((121.01 31.00,121.02 31.00,121.02 31.01,121.01 31.01,121.01 31.00))"};
    const char* codes[] = {"310101001", "310101002"};
    for (int i = 0; i < 2; ++i) {
      OGRFeature f(l->GetLayerDefn());
      f.SetField("code", codes[i]);
      OGRGeometry* g = nullptr;
      OGRGeometryFactory::createFromWkt(wkt[i], nullptr, &g);
      f.SetGeometryDirectly(g);
      EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
  }
  void TearDown() override { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name) << text;
  }

  fs::path dir;
  NullProgress progress;
};

TEST_F(LoadFixture, CountsAreSpreadOnVillagePointsElseOverThePolygon) {
  // Two village points in the first township, none in the second.
  write("villages.csv",
        "code,ur_code,lon,lat\n310101001001,220,121.002,31.002\n310101001002,111,121.008,31.007\n");
  write("youth.csv", "town,n\n310101001,10\n310101002,7\n999999999,3\n");
  const Scenario sc = parse_scenario(
      "[layers.townships]\nsource='units.gpkg'\n"
      "[layers.villages]\nsource='villages.csv'\nx='lon'\ny='lat'\n"
      "[layers.youth]\nsource='youth.csv'\nmode='counts'\n[layers.youth.fields]\ntownship='town'"
      "\ncount='n'\n",
      dir / "s.toml");
  const LoadResult r = load_spread_dataset(sc, progress);
  const Youth& y = r.dataset.youth;
  EXPECT_EQ(y.total(), 17);  // the bad code's 3 are rejected, not placed
  EXPECT_FALSE(r.youth_spread_note.empty());

  // Township 1: 10 youth on exactly the two village points (5 each, equal weights).
  const geo::Transformer to_work("EPSG:4326", r.dataset.crs.definition);
  std::vector<double> vx{121.002, 121.008}, vy{31.002, 31.007};
  to_work.transform(vx, vy);
  std::int64_t at_villages = 0, in_second = 0;
  const auto& units = r.dataset.admin.units;
  for (std::size_t i = 0; i < y.size(); ++i) {
    const std::string& code = units[static_cast<std::size_t>(y.township[i])].code;
    if (code == "310101001") {
      const bool on_village =
          (std::abs(y.pos.x[i] - vx[0]) < 1e-6 && std::abs(y.pos.y[i] - vy[0]) < 1e-6) ||
          (std::abs(y.pos.x[i] - vx[1]) < 1e-6 && std::abs(y.pos.y[i] - vy[1]) < 1e-6);
      EXPECT_TRUE(on_village);
      EXPECT_EQ(y.count[i], 5);
      at_villages += y.count[i];
    } else {
      ASSERT_EQ(code, "310101002");
      EXPECT_TRUE(contains(units[static_cast<std::size_t>(y.township[i])].geometry, y.pos[i]));
      in_second += y.count[i];
    }
  }
  EXPECT_EQ(at_villages, 10);
  EXPECT_EQ(in_second, 7);
  bool rejected = false;
  for (const Problem& p : r.dataset.problems.all())
    rejected |= p.row == 3 && p.field == "town" && p.severity == Severity::rejected;
  EXPECT_TRUE(rejected);
}

TEST_F(LoadFixture, UpperLevelsFromZeroPaddedCodeTablesNameTheHierarchy) {
  // As the national admin layers give them: city 310100, province 310000, county 12 digits.
  write("cities.csv", "code,name\n310100,上海市\n");
  write("provinces.csv", "code,name\n310000,上海\n");
  write("counties.csv", "code,name\n310101000000,黄浦区\n");
  const Scenario sc = parse_scenario(
      "[layers.townships]\nsource='units.gpkg'\n[layers.cities]\nsource='cities.csv'\n"
      "[layers.cities.fields]\nname='name'\n[layers.provinces]\nsource='provinces.csv'\n"
      "[layers.provinces.fields]\nname='name'\n[layers.counties]\nsource='counties.csv'\n"
      "[layers.counties.fields]\nname='name'\n",
      dir / "s.toml");
  const LoadResult r = load_spread_dataset(sc, progress);
  const AdminUnits& a = r.dataset.admin;
  const auto t = a.townships.front();
  EXPECT_EQ(a.units[static_cast<std::size_t>(a.ancestor(t, AdminLevel::city))].name, "上海市");
  EXPECT_EQ(a.units[static_cast<std::size_t>(a.ancestor(t, AdminLevel::province))].name, "上海");
  EXPECT_EQ(a.units[static_cast<std::size_t>(a.ancestor(t, AdminLevel::county))].name, "黄浦区");
  EXPECT_EQ(r.dataset.problems.count(Severity::rejected), 0u);
}

TEST_F(LoadFixture, Gcj02LayerLandsWhereItsWgs84PointIs) {
  // A base given in GCJ-02 (as a Chinese web map shows it) must load at its WGS84 position.
  const Vec2 wgs{121.005, 31.005};
  const Vec2 gcj = geo::wgs84_to_gcj02(wgs);
  char line[128];
  std::snprintf(line, sizeof line, "id,lon,lat\nG1,%.9f,%.9f\n", gcj.x, gcj.y);
  write("bases.csv", line);
  const Scenario sc = parse_scenario(
      "[layers.townships]\nsource='units.gpkg'\n"
      "[layers.bases]\nsource='bases.csv'\nx='lon'\ny='lat'\ncrs='GCJ-02'\n",
      dir / "s.toml");
  const LoadResult r = load_spread_dataset(sc, progress);
  ASSERT_EQ(r.dataset.bases.size(), 1u);
  double x = wgs.x, y = wgs.y;
  geo::Transformer("EPSG:4326", r.dataset.crs.definition).transform(x, y);
  EXPECT_NEAR(r.dataset.bases.pos.x[0], x, 0.01);
  EXPECT_NEAR(r.dataset.bases.pos.y[0], y, 0.01);
  EXPECT_EQ(r.dataset.admin.units[static_cast<std::size_t>(r.dataset.bases.township[0])].code,
            "310101001");
}

}  // namespace
}  // namespace sunplan
