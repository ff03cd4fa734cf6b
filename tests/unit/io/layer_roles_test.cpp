// `sunplan init --from`: what a layer is for and which columns hold which field (layer_roles),
// and which datum a point layer without a CRS is in (crs_by_test). The layers are made by hand
// here, so each expected role, mapping and datum is known by construction.
#include "layer_roles.hpp"

#include <gtest/gtest.h>

#include <random>

#include "crs_by_test.hpp"
#include "sunplan/geo/transformer.hpp"

namespace sunplan::io {
namespace {

TEST(DivisionLevel, LengthAndTrailingZerosTellTheLevel) {
  EXPECT_EQ(division_level("321102001"), AdminLevel::township);
  EXPECT_EQ(division_level("321102001000"), AdminLevel::township);  // its 12-digit form
  EXPECT_EQ(division_level("321102001001"), AdminLevel::village);
  EXPECT_EQ(division_level("321102"), AdminLevel::county);
  EXPECT_EQ(division_level("321102000000"), AdminLevel::county);  // a district's code12
  EXPECT_EQ(division_level("321102000"), AdminLevel::county);
  EXPECT_EQ(division_level("321100"), AdminLevel::city);
  EXPECT_EQ(division_level("3211"), AdminLevel::city);
  EXPECT_EQ(division_level("320000"), AdminLevel::province);
  EXPECT_EQ(division_level("310000000000"), AdminLevel::province);
  EXPECT_EQ(division_level(" 321102001.0"), AdminLevel::township);  // a spreadsheet's number
  EXPECT_EQ(division_level("1"), std::nullopt);
  EXPECT_EQ(division_level("0"), std::nullopt);
  EXPECT_EQ(division_level("3211020011"), std::nullopt);
  EXPECT_EQ(division_level("32110200a"), std::nullopt);
  EXPECT_EQ(township_code9("321102001000"), "321102001");
  EXPECT_EQ(township_code9("321102"), "");
}

MultiPolygon square(double x0, double y0, double side) {
  Polygon p;
  p.rings.push_back({{x0, y0}, {x0 + side, y0}, {x0 + side, y0 + side}, {x0, y0 + side}, {x0, y0}});
  return {p};
}

// A layer with these columns and rows (rows[r][c]); geometry "polygon" gets one square per row.
LayerSummary layer(const std::string& name, const std::string& geometry,
                   std::vector<std::string> columns, std::vector<std::vector<std::string>> rows) {
  LayerSummary l;
  l.source = "/data/" + name + ".gpkg";
  l.layer = name;
  l.driver = "GPKG";
  l.geometry = geometry;
  l.features = static_cast<std::int64_t>(rows.size());
  l.crs = "EPSG:4326";
  l.crs_is_geographic = true;
  l.columns = std::move(columns);
  l.rows = std::move(rows);
  for (std::size_t r = 0; r < l.rows.size(); ++r) {
    if (geometry == "polygon") {
      l.polygons.push_back(square(119.0 + 0.01 * static_cast<double>(r), 32.0, 0.01));
      l.polygon_row.push_back(r);
    } else if (geometry == "point") {
      l.points.push_back({119.0 + 0.001 * static_cast<double>(r), 32.005});
      l.point_row.push_back(r);
    }
  }
  return l;
}

TEST(GuessRole, PolygonsByTheLevelOfTheirCodes) {
  const auto towns = layer("乡镇", "polygon", {"名称", "乡镇代码"},
                           {{"正东路街道", "321102001"}, {"健康路街道", "321102002"}});
  EXPECT_EQ(guess_role(towns).role, "townships");
  EXPECT_NE(guess_role(towns).why.find("'乡镇代码'"), std::string::npos);
  // Districts carry 12-digit codes too, but theirs end in six zeros.
  const auto districts = layer("district", "polygon", {"code12", "name"},
                               {{"321102000000", "京口区"}, {"321111000000", "润州区"}});
  EXPECT_EQ(guess_role(districts).role, "counties");
  EXPECT_EQ(guess_role(layer("c", "polygon", {"adcode"}, {{"321100"}, {"320100"}})).role, "cities");
  EXPECT_EQ(guess_role(layer("p", "polygon", {"adcode"}, {{"320000"}})).role, "provinces");
  EXPECT_EQ(guess_role(layer("x", "polygon", {"name"}, {{"a"}})).role, "");
}

TEST(GuessRole, PointsByTheirValues) {
  // Categories as registries write them make youth, whatever the file is called.
  const auto youth = layer("名册", "point", {"编号", "残疾类别", "所属乡镇"},
                           {{"1", "肢体", "321102001"},
                            {"2", "视力残疾", "321102001"},
                            {"3", "智力", "321102002"},
                            {"4", "多重", "321102002"}});
  EXPECT_EQ(guess_role(youth).role, "youth");
  // A 0/1 flag is no category: township seats are not youth (they could be candidates).
  const auto seats =
      layer("township_seat", "point", {"code9", "name", "has_point"},
            {{"321102001", "a", "1"}, {"321102002", "b", "1"}, {"321102003", "c", "0"}});
  EXPECT_EQ(guess_role(seats).role, "candidates");
  const auto bases = layer("sites", "point", {"名称", "阵地类型"},
                           {{"甲", "温馨家园"}, {"乙", "工疗站"}, {"丙", "康复中心"}});
  EXPECT_EQ(guess_role(bases).role, "bases");
  // A base layer named 志愿服务阵地 is still bases, not teams.
  EXPECT_EQ(guess_role(layer("志愿服务阵地", "point", {"名称"}, {{"甲"}})).role, "bases");
  const auto teams = layer("t", "point", {"队伍名称", "任期截止"},
                           {{"甲队", "2026-06-30"}, {"乙队", "2027-06-30"}});
  EXPECT_EQ(guess_role(teams).role, "teams");
  const auto counts =
      layer("counts", "none", {"乡镇代码", "人数"}, {{"321102001", "12"}, {"321102002", "0"}});
  EXPECT_EQ(guess_role(counts).role, "youth");
  EXPECT_EQ(guess_role(layer("notes", "none", {"备注"}, {{"x"}})).role, "");
}

TEST(MapFields, ChineseColumnsConfirmedByTheirValues) {
  const auto bases = layer("阵地", "point",
                           {"编号", "阵地名称", "阵地类型", "状态", "服务容量", "所属乡镇", "备注"},
                           {{"JD1", "甲", "温馨家园", "现有", "20", "321102001", ""},
                            {"JD2", "乙", "工疗站", "现有", "25", "321102002", "新建"}});
  LayerChoice c;
  c.layer = &bases;
  c.role = "bases";
  map_fields(c);
  const std::map<std::string, std::string> expected = {
      {"id", "编号"},     {"name", "阵地名称"},     {"type", "阵地类型"},
      {"status", "状态"}, {"capacity", "服务容量"}, {"township", "所属乡镇"}};
  EXPECT_EQ(c.fields, expected);

  // A status column whose values are no statuses is not mapped (an unknown status would
  // reject every row); ids that repeat are no ids: the feature id serves.
  const auto odd = layer("阵地", "point", {"编号", "状态"}, {{"1", "良好"}, {"1", "一般"}});
  LayerChoice o;
  o.layer = &odd;
  o.role = "bases";
  map_fields(o);
  EXPECT_EQ(o.fields.count("status"), 0u);
  EXPECT_EQ(o.fields.at("id"), "@fid");

  // Statuses as registries write them (在用, 运营中, 在建) are statuses; 容纳人数 is a capacity.
  const auto worded = layer("阵地", "point", {"状态", "容纳人数"},
                            {{"在用", "20"}, {"运营中", "10"}, {"在建", "30"}, {"备选", "5"}});
  LayerChoice w;
  w.layer = &worded;
  w.role = "bases";
  map_fields(w);
  EXPECT_EQ(w.fields.at("status"), "状态");
  EXPECT_EQ(w.fields.at("capacity"), "容纳人数");

  const auto counts = layer("counts", "none", {"乡镇代码", "人数"}, {{"321102001", "12"}});
  LayerChoice y;
  y.layer = &counts;
  y.role = "youth";
  map_fields(y);
  EXPECT_EQ(y.mode, "counts");
  EXPECT_EQ(y.fields.at("township"), "乡镇代码");
  EXPECT_EQ(y.fields.at("count"), "人数");
}

// ---- datums ----

// Four 0.02° townships in a row near Zhenjiang, and points spread inside them with the code of
// the township each is in; `datum` converts them (with PROJ, through sunplan's datums).
struct Fixture {
  LayerSummary towns_layer, points_layer;
  LayerChoice towns, points;

  Fixture(const std::string& datum, std::size_t n, bool with_codes) {
    std::vector<std::vector<std::string>> rows;
    for (int k = 0; k < 4; ++k) rows.push_back({"32110200" + std::to_string(k + 1)});
    towns_layer = layer("towns", "polygon", {"code"}, rows);
    towns_layer.polygons.clear();
    for (int k = 0; k < 4; ++k)
      towns_layer.polygons.push_back(square(119.40 + 0.02 * k, 32.20, 0.02));
    towns.layer = &towns_layer;
    towns.role = "townships";
    towns.fields["code"] = "code";

    points_layer = layer("youth", "none", {"township"}, {});
    points_layer.crs.clear();
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> u(0.001, 0.019);
    std::unique_ptr<geo::Transformer> to;
    if (datum != "WGS84") to = std::make_unique<geo::Transformer>("EPSG:4326", datum);
    for (std::size_t i = 0; i < n; ++i) {
      const int k = static_cast<int>(i % 4);
      double x = 119.40 + 0.02 * k + u(rng), y = 32.20 + u(rng);
      if (to) to->transform(x, y);
      points_layer.points.push_back({x, y});
      points_layer.point_row.push_back(i);
      points_layer.rows.push_back({with_codes ? "32110200" + std::to_string(k + 1) : ""});
    }
    points_layer.geometry = "point";
    points.layer = &points_layer;
    points.role = "youth";
    if (with_codes) points.fields["township"] = "township";
  }
};

TEST(CrsByTest, TheDatumThatPutsPointsInTheirDeclaredTownshipWins) {
  for (const std::string datum : {"WGS84", "GCJ-02", "BD-09"}) {
    Fixture f(datum, 400, true);
    const TownshipAreas areas(f.towns);
    const CrsTest t = test_point_crs(f.points, areas);
    EXPECT_EQ(t.outcome, CrsTest::Outcome::clear) << datum << ": " << t.note;
    EXPECT_EQ(t.crs, datum == "WGS84" ? "EPSG:4326" : datum) << t.note;
    EXPECT_NE(t.note.find("of 400 points, the share in the township their 'township' declares"),
              std::string::npos)
        << t.note;
    EXPECT_NE(t.note.find((datum == "WGS84" ? "WGS84" : datum) + " 100.0%"), std::string::npos)
        << t.note;
  }
}

TEST(CrsByTest, TooFewPointsOrNoCodesCannotTell) {
  Fixture few("GCJ-02", 6, true);
  EXPECT_EQ(test_point_crs(few.points, TownshipAreas(few.towns)).outcome,
            CrsTest::Outcome::unclear);
  // Without codes only "inside the townships" is left: points well inside the study area are
  // inside under every datum.
  Fixture no_codes("GCJ-02", 400, false);
  const CrsTest t = test_point_crs(no_codes.points, TownshipAreas(no_codes.towns));
  EXPECT_NE(t.note.find("inside the townships"), std::string::npos) << t.note;
}

TEST(CrsByTest, ProjectedOrDeclaredCrsIsNotOverridden) {
  Fixture f("GCJ-02", 400, true);
  f.points_layer.crs = "EPSG:4547";  // a projected CRS the source states: taken as it is
  f.points_layer.crs_is_geographic = false;
  EXPECT_EQ(test_point_crs(f.points, TownshipAreas(f.towns)).outcome, CrsTest::Outcome::not_tested);
  // Declared WGS84 but the points are GCJ-02: the test says so (the caller only suggests).
  f.points_layer.crs = "EPSG:4326";
  f.points_layer.crs_is_geographic = true;
  const CrsTest t = test_point_crs(f.points, TownshipAreas(f.towns));
  EXPECT_EQ(t.crs, "GCJ-02");
  EXPECT_NE(t.note.find("the layer says EPSG:4326"), std::string::npos) << t.note;
  // Coordinates that are no longitude/latitude: the user must name the CRS.
  Fixture m("WGS84", 50, true);
  m.points_layer.crs.clear();
  for (auto& p : m.points_layer.points) p = {p.x * 1000, p.y * 1000};
  const CrsTest mt = test_point_crs(m.points, TownshipAreas(m.towns));
  EXPECT_EQ(mt.outcome, CrsTest::Outcome::unclear);
  EXPECT_NE(mt.note.find("not longitude/latitude"), std::string::npos);
}

}  // namespace
}  // namespace sunplan::io
