// Bad input, file by file (issue 2): each case names the file, layer, row and field, and
// the good rows beside the bad ones are kept.
#include <fmt/format.h>
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sunplan/core/error.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/pipeline/load.hpp"

namespace sunplan {
namespace {

namespace fs = std::filesystem;

class BadInput : public ::testing::Test {
 protected:
  void SetUp() override {
    GDALAllRegister();
    dir = fs::temp_directory_path() /
          ("sunplan_bad_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }

  // Two 0.01-degree square townships near Shanghai, side by side, optionally a bow tie.
  std::string make_townships(bool bow_tie = false) {
    const std::string path = (dir / "units.gpkg").string();
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
        path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    OGRLayer* l = ds->CreateLayer("township", &srs, wkbPolygon, nullptr);
    OGRFieldDefn code("code", OFTString), name("name", OFTString);
    l->CreateField(&code);
    l->CreateField(&name);
    const char* wkt[] = {
        "POLYGON((121.00 31.00,121.01 31.00,121.01 31.01,121.00 31.01,121.00 31.00))",
        bow_tie ? "POLYGON((121.01 31.00,121.02 31.01,121.02 31.00,121.01 31.01,121.01 31.00))"
                : "POLYGON((121.01 31.00,121.02 31.00,121.02 31.01,121.01 31.01,121.01 31.00))"};
    const char* codes[] = {"310101001", "310101002"};
    const char* names[] = {"甲街道", "乙镇"};
    for (int i = 0; i < 2; ++i) {
      OGRFeature f(l->GetLayerDefn());
      f.SetField("code", codes[i]);
      f.SetField("name", names[i]);
      OGRGeometry* g = nullptr;
      OGRGeometryFactory::createFromWkt(wkt[i], nullptr, &g);
      f.SetGeometryDirectly(g);
      EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
    }
    return path;
  }

  std::string write_text(const std::string& name, const std::string& text) {
    const fs::path p = dir / name;
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }

  Scenario scenario(const std::string& extra) {
    make_townships();
    return parse_scenario("[layers.townships]\nsource = 'units.gpkg'\nlayer = 'township'\n" + extra,
                          dir / "scenario.toml");
  }

  const Problem* find_problem(const LoadResult& r, std::int64_t row,
                              const std::string& field = "") {
    for (const Problem& p : r.dataset.problems.all())
      if (p.row == row && (field.empty() || p.field == field)) return &p;
    return nullptr;
  }

  fs::path dir;
  NullProgress progress;
};

TEST_F(BadInput, EmptyFileIsAnInputError) {
  write_text("empty.gpkg", "");
  const Scenario sc = parse_scenario("[layers.townships]\nsource = 'empty.gpkg'\n", dir / "s.toml");
  try {
    load_spread_dataset(sc, progress);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), ExitCode::input);
    EXPECT_NE(std::string(e.what()).find("empty.gpkg"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("cannot open"), std::string::npos) << e.what();
  }
}

TEST_F(BadInput, MissingLayerListsTheLayersThere) {
  make_townships();
  const Scenario sc = parse_scenario("[layers.townships]\nsource = 'units.gpkg'\nlayer = 'towns'\n",
                                     dir / "s.toml");
  try {
    load_spread_dataset(sc, progress);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.layer(), "towns");
    EXPECT_NE(std::string(e.what()).find("the source has: township"), std::string::npos)
        << e.what();
  }
}

TEST_F(BadInput, MissingIdFieldNamesTheField) {
  write_text("bases.csv", "name,lon,lat\nA,121.005,31.005\n");
  const Scenario sc = scenario(
      "[layers.bases]\nsource = 'bases.csv'\nx = 'lon'\ny = 'lat'\n[layers.bases.fields]\nid = "
      "'base_id'\n");
  try {
    load_spread_dataset(sc, progress);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "base_id");
    EXPECT_NE(std::string(e.what()).find("bases.csv"), std::string::npos);
  }
}

TEST_F(BadInput, DuplicateIdsRejectTheSecondAndKeepTheFirst) {
  write_text("bases.csv", "id,lon,lat\nB1,121.005,31.005\nB1,121.015,31.005\nB2,121.015,31.006\n");
  const LoadResult r = load_spread_dataset(
      scenario("[layers.bases]\nsource = 'bases.csv'\nx = 'lon'\ny = 'lat'\n"), progress);
  ASSERT_EQ(r.dataset.bases.size(), 2u);
  EXPECT_EQ(r.dataset.bases.id[0], "B1");
  EXPECT_EQ(r.dataset.bases.id[1], "B2");
  const Problem* p = find_problem(r, 2, "id");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->severity, Severity::rejected);
  EXPECT_EQ(p->reason, "duplicate id 'B1' (first at layer 'bases' row 1)");
}

TEST_F(BadInput, BowTieIsRepairedAndReported) {
  make_townships(true);
  const Scenario sc = parse_scenario("[layers.townships]\nsource = 'units.gpkg'\n", dir / "s.toml");
  const LoadResult r = load_spread_dataset(sc, progress);
  ASSERT_EQ(r.dataset.admin.townships.size(), 2u);
  const Problem* p = find_problem(r, 2);
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->severity, Severity::repaired);
  EXPECT_NE(p->reason.find("Self-intersection"), std::string::npos) << p->reason;
  // The repaired bow tie is two triangles, each a quarter of the 0.01-degree cell.
  const auto& g =
      r.dataset.admin.units[static_cast<std::size_t>(r.dataset.admin.townships[1])].geometry;
  const auto& sq =
      r.dataset.admin.units[static_cast<std::size_t>(r.dataset.admin.townships[0])].geometry;
  EXPECT_NEAR(area(g) / area(sq), 0.5, 0.01);
}

TEST_F(BadInput, NanAndSwappedCoordinates) {
  write_text("bases.csv",
             "id,lon,lat\nOK,121.005,31.005\nNAN,nan,31.0\nSWAP,31.005,121.015\nFAR,100.0,40.0\n");
  const LoadResult r = load_spread_dataset(
      scenario("[layers.bases]\nsource = 'bases.csv'\nx = 'lon'\ny = 'lat'\n"), progress);
  const Bases& b = r.dataset.bases;
  ASSERT_EQ(b.size(), 3u);  // OK, SWAP (repaired), FAR (kept with a warning)
  EXPECT_EQ(b.id[1], "SWAP");
  EXPECT_EQ(find_problem(r, 2)->severity, Severity::rejected);
  EXPECT_EQ(find_problem(r, 3)->severity, Severity::repaired);
  // The swapped point lands in the second township once swapped back.
  EXPECT_EQ(r.dataset.admin.units[static_cast<std::size_t>(b.township[1])].code, "310101002");
  EXPECT_EQ(b.township[2], kNone);
  bool far_warned = false;
  for (const Problem& p : r.dataset.problems.all())
    far_warned |= p.row == 4 && p.severity == Severity::warning;
  EXPECT_TRUE(far_warned);
}

TEST_F(BadInput, CsvWithBadOptionalValuesKeepsTheRows) {
  write_text(
      "bases.csv",
      "id,lon,lat,capacity,type,status\nA,121.005,31.005,20,rehab,\nB,121.006,31.005,abc,rehab,\n"
      "C,121.007,31.005,5,温馨家园,\nD,121.008,31.005,5,castle,\nE,121.009,31.005,5,,gone\n");
  const LoadResult r = load_spread_dataset(
      scenario("[layers.bases]\nsource = 'bases.csv'\nx = 'lon'\ny = 'lat'\n[layers.bases.fields]\n"
               "capacity = 'capacity'\ntype = 'type'\nstatus = 'status'\n"),
      progress);
  const Bases& b = r.dataset.bases;
  // A bad capacity or type is read as missing (no limit, other) with a warning; a bad status
  // still rejects the row, since it decides whether the base serves.
  ASSERT_EQ(b.size(), 4u);
  EXPECT_EQ(b.capacity[0], 20);
  EXPECT_EQ(b.capacity[1], kUnlimited);
  EXPECT_EQ(b.type[2], BaseType::warm_home);
  EXPECT_EQ(b.type[3], BaseType::other);
  const Problem* p = find_problem(r, 2, "capacity");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(describe(*p), "warning: file '" + (dir / "bases.csv").string() +
                              "', layer 'bases', row 2, field 'capacity': capacity 'abc' is not a "
                              "whole number >= 0; read as none (no limit)");
  ASSERT_NE(find_problem(r, 4, "type"), nullptr);
  EXPECT_EQ(find_problem(r, 4, "type")->severity, Severity::warning);
  ASSERT_NE(find_problem(r, 5, "status"), nullptr);
  EXPECT_EQ(find_problem(r, 5, "status")->severity, Severity::rejected);
}

TEST_F(BadInput, UnmappedOptionalFieldsAreNeverRead) {
  // The columns are named like sunplan fields, but the scenario maps none of them.
  write_text("bases.csv", "id,lon,lat,capacity,type\nA,121.005,31.005,20,castle\n");
  const LoadResult r = load_spread_dataset(
      scenario("[layers.bases]\nsource = 'bases.csv'\nx = 'lon'\ny = 'lat'\n"), progress);
  ASSERT_EQ(r.dataset.bases.size(), 1u);
  EXPECT_EQ(r.dataset.bases.capacity[0], kUnlimited);
  EXPECT_EQ(r.dataset.bases.type[0], BaseType::other);
  for (const Problem& p : r.dataset.problems.all())  // 'castle' was never read
    EXPECT_EQ(p.reason.find("CSV has no CRS"), 0u) << p.reason;
  const LayerReport& report = r.layers.back();
  ASSERT_EQ(report.role, "bases");
  ASSERT_EQ(report.notes.size(), 2u);
  EXPECT_EQ(
      report.notes[0],
      "column 'type' is not read: map it under [layers.bases.fields] (type = \"type\") to use "
      "it");
}

TEST_F(BadInput, CategoriesAsRegistriesWriteThem) {
  write_text("youth.csv",
             "lon,lat,cat\n121.005,31.005,视力\n121.005,31.005,肢体残疾\n121.005,31.005,4\n"
             "121.005,31.005,多重残疾\n121.005,31.005,言语 \n121.005,31.005,7.0\n"
             "121.005,31.005,9\n121.005,31.005,腿脚\n");
  const LoadResult r = load_spread_dataset(
      scenario("[layers.youth]\nsource = 'youth.csv'\nx = 'lon'\ny = 'lat'\n[layers.youth.fields]\n"
               "category = 'cat'\n"),
      progress);
  const Youth& y = r.dataset.youth;
  ASSERT_EQ(y.size(), 8u);  // bad categories are read as unknown, the rows kept
  EXPECT_EQ(y.category, (std::vector<std::uint8_t>{1, 4, 4, 7, 3, 7, 0, 0}));
  ASSERT_NE(find_problem(r, 7, "cat"), nullptr);
  EXPECT_EQ(find_problem(r, 7, "cat")->severity, Severity::warning);
  int category_warnings = 0;
  for (const Problem& p : r.dataset.problems.all()) category_warnings += p.field == "cat";
  EXPECT_EQ(category_warnings, 2);  // rows 7 and 8
}

TEST_F(BadInput, GbkShapefileReadsWithEncodingOption) {
  // Write a shapefile whose DBF holds GBK bytes and no .cpg, as Chinese desktop GIS does.
  const std::string shp = (dir / "bases_gbk.shp").string();
  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()
                                ->GetDriverByName("ESRI Shapefile")
                                ->Create(shp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(4326);
    char** opts = CSLSetNameValue(nullptr, "ENCODING", "CP936");
    OGRLayer* l = ds->CreateLayer("bases_gbk", &srs, wkbPoint, opts);
    CSLDestroy(opts);
    OGRFieldDefn id("id", OFTString), name("name", OFTString);
    name.SetWidth(40);
    l->CreateField(&id);
    l->CreateField(&name);
    OGRFeature f(l->GetLayerDefn());
    f.SetField("id", "G1");
    f.SetField("name", "温馨家园");  // GDAL recodes UTF-8 to CP936 on write
    f.SetGeometryDirectly(new OGRPoint(121.005, 31.005));
    EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  fs::remove(dir / "bases_gbk.cpg");
  // Without the encoding the bytes are not UTF-8: repaired and reported.
  const LoadResult bad = load_spread_dataset(
      scenario("[layers.bases]\nsource = 'bases_gbk.shp'\n[layers.bases.fields]\nname = 'name'\n"),
      progress);
  ASSERT_EQ(bad.dataset.bases.size(), 1u);
  EXPECT_NE(bad.dataset.bases.name[0], "温馨家园");
  const Problem* p = find_problem(bad, 1, "name");
  ASSERT_NE(p, nullptr);
  EXPECT_EQ(p->reason,
            "text is not valid UTF-8 (undecodable bytes replaced by '?'); it decodes as GBK: set "
            "encoding = \"GBK\"");
  // With encoding = "GBK" the name comes back as UTF-8.
  const LoadResult good =
      load_spread_dataset(scenario("[layers.bases]\nsource = 'bases_gbk.shp'\nencoding = 'GBK'\n"
                                   "[layers.bases.fields]\nname = 'name'\n"),
                          progress);
  ASSERT_EQ(good.dataset.bases.size(), 1u);
  EXPECT_EQ(good.dataset.bases.name[0], "温馨家园");
}

TEST_F(BadInput, MissingCrsIsAnInputErrorUnlessNamed) {
  const std::string path = (dir / "nocrs.geojson").string();
  std::ofstream(path) << R"({"type":"FeatureCollection","crs":null,"features":[]})";
  write_text("units.json", "");
  // GeoJSON always has a CRS (WGS84), so use a GPKG layer without one.
  const std::string gpkg = (dir / "nocrs.gpkg").string();
  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
        gpkg.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    OGRLayer* l = ds->CreateLayer("township", nullptr, wkbPolygon, nullptr);
    OGRFieldDefn code("code", OFTString);
    l->CreateField(&code);
    OGRFeature f(l->GetLayerDefn());
    f.SetField("code", "310101001");
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt("POLYGON((121 31,121.01 31,121.01 31.01,121 31.01,121 31))",
                                      nullptr, &g);
    f.SetGeometryDirectly(g);
    EXPECT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  EXPECT_THROW(
      load_spread_dataset(
          parse_scenario("[layers.townships]\nsource = 'nocrs.gpkg'\n", dir / "s.toml"), progress),
      InputError);
  const LoadResult r = load_spread_dataset(
      parse_scenario("[layers.townships]\nsource = 'nocrs.gpkg'\ncrs = 'EPSG:4490'\n",
                     dir / "s.toml"),
      progress);
  EXPECT_EQ(r.dataset.admin.townships.size(), 1u);
}

}  // namespace
}  // namespace sunplan

namespace sunplan {
namespace {

// The distance in metres between a lon/lat point and a lon/lat polygon, both projected to UTM
// 51N (the working CRS of these townships) with GDAL: the oracle for the far-point messages.
double utm_distance(double lon, double lat, const char* polygon_wkt) {
  OGRSpatialReference wgs, utm;
  wgs.importFromEPSG(4326);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32651);
  OGRPoint p(lon, lat);
  p.assignSpatialReference(&wgs);
  OGRGeometry* poly = nullptr;
  OGRGeometryFactory::createFromWkt(polygon_wkt, &wgs, &poly);
  p.transformTo(&utm);
  poly->transformTo(&utm);
  const double d = p.Distance(poly);
  delete poly;
  return d;
}

TEST_F(BadInput, PointsFarFromTheirDeclaredTownshipAndEmptyTownships) {
  // A: in township 1, declared 2 (near: the border is ~480 m away). B: outside both, declared
  // 1, ~3.8 km off. Youth only in township 1, and B is counted in 1: township 2 is empty.
  write_text("bases.csv",
             "id,lon,lat,town\nA,121.005,31.005,310101002\nB,121.05,31.005,310101001\n");
  write_text("youth.csv", "lon,lat\n121.002,31.002\n");
  const LoadResult r =
      load_spread_dataset(scenario("[layers.bases]\nsource = 'bases.csv'\nx = 'lon'\ny = 'lat'\n"
                                   "[layers.bases.fields]\ntownship = 'town'\n"
                                   "[layers.youth]\nsource = 'youth.csv'\nx = 'lon'\ny = 'lat'\n"),
                          progress);
  const double near_m =
      utm_distance(121.005, 31.005,
                   "POLYGON((121.01 31.00,121.02 31.00,121.02 31.01,121.01 31.01,121.01 31.00))");
  const double far_m =
      utm_distance(121.05, 31.005,
                   "POLYGON((121.00 31.00,121.01 31.00,121.01 31.01,121.00 31.01,121.00 31.00))");
  ASSERT_NEAR(near_m, 477, 10);
  ASSERT_NEAR(far_m, 3817, 20);
  const Problem* a = find_problem(r, 1, "town");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->reason, fmt::format("township code 310101002 disagrees with the point's location "
                                   "(in 310101001, {:.0f} m from 310101002); location used",
                                   near_m));
  const Problem* b = find_problem(r, 2, "town");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->reason, fmt::format("outside every township, {:.0f} m from its declared township "
                                   "310101001 (farther than [check] far_from_township_m = 1000 "
                                   "m: a wrong CRS or a wrong code?); counted in 310101001",
                                   far_m));
  int empty = 0;
  for (const Problem& p : r.dataset.problems.all())
    if (p.layer == "township" && p.reason.rfind("no youth and no base", 0) == 0) {
      ++empty;
      EXPECT_EQ(p.row, 2);
      EXPECT_EQ(p.feature_id, "310101002");
    }
  EXPECT_EQ(empty, 1);
}

TEST_F(BadInput, OverlappingTownshipsAreReportedWithTheirArea) {
  make_townships();
  // A third township over the east half of the first: 0.005 x 0.01 degrees.
  {
    GDALDatasetUniquePtr ds(
        GDALDataset::Open((dir / "units.gpkg").string().c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    OGRLayer* l = ds->GetLayerByName("township");
    OGRFeature f(l->GetLayerDefn());
    f.SetField("code", "310101003");
    f.SetField("name", "丙镇");
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(
        "POLYGON((121.005 31.00,121.01 31.00,121.01 31.01,121.005 31.01,121.005 31.00))", nullptr,
        &g);
    f.SetGeometryDirectly(g);
    ASSERT_EQ(l->CreateFeature(&f), OGRERR_NONE);
  }
  const LoadResult r = load_spread_dataset(
      parse_scenario("[layers.townships]\nsource = 'units.gpkg'\nlayer = 'township'\n"
                     "[layers.townships.fields]\nname = 'name'\n",
                     dir / "scenario.toml"),
      progress);
  std::vector<const Problem*> overlaps;
  for (const Problem& p : r.dataset.problems.all())
    if (p.reason.rfind("overlaps township", 0) == 0) overlaps.push_back(&p);
  ASSERT_EQ(overlaps.size(), 1u);
  EXPECT_EQ(overlaps[0]->row, 1);
  EXPECT_EQ(overlaps[0]->feature_id, "310101001");
  // The overlap is (nearly) all of township 3: the intersection of the two polygons projected
  // to UTM 51N by GDAL, to a square metre.
  OGRSpatialReference wgs, utm;
  wgs.importFromEPSG(4326);
  wgs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  utm.importFromEPSG(32651);
  OGRGeometry *first = nullptr, *third = nullptr;
  OGRGeometryFactory::createFromWkt(
      "POLYGON((121.00 31.00,121.01 31.00,121.01 31.01,121.00 31.01,121.00 31.00))", &wgs, &first);
  OGRGeometryFactory::createFromWkt(
      "POLYGON((121.005 31.00,121.01 31.00,121.01 31.01,121.005 31.01,121.005 31.00))", &wgs,
      &third);
  first->transformTo(&utm);
  third->transformTo(&utm);
  OGRGeometry* both = first->Intersection(third);
  const double m2 = both->toPolygon()->get_Area();
  delete both;
  delete first;
  delete third;
  EXPECT_EQ(overlaps[0]->reason,
            fmt::format("overlaps township 310101003 '丙镇' (row 3) by {:.0f} m² (100.0% of the "
                        "smaller): youth and bases there are counted in one of them only",
                        m2));
  ASSERT_TRUE(overlaps[0]->lonlat);
  EXPECT_GT(overlaps[0]->lonlat->x, 121.005);
  EXPECT_LT(overlaps[0]->lonlat->x, 121.01);
}

}  // namespace
}  // namespace sunplan
