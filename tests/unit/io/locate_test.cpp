// Registries without coordinates (issue 14): office tables read as they come, `locate_table`
// (the verb) and layers placed from addresses in load_dataset. Fixtures: tests/data/registries
// (made by make-registry-fixtures: 120 rows of a youth registry over real Shanghai names, as a
// GBK CSV with a title row and as a workbook with a merged title and the header on row 3);
// shanghai-youth-expected.csv holds each row's township code from the village list.
#include "sunplan/io/locate.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/load.hpp"
#include "test_data.hpp"

namespace sunplan {
namespace {

namespace fs = std::filesystem;

fs::path fixture(const std::string& name) {
  return test::source_dir() / "tests/data/registries" / name;
}

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Row number -> "310101002" or "unplaced:<why>".
std::map<int, std::string> expected() {
  std::map<int, std::string> out;
  std::ifstream in(fixture("shanghai-youth-expected.csv"));
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    const auto comma = line.find(',');
    out[std::stoi(line.substr(0, comma))] = line.substr(comma + 1);
  }
  return out;
}

// The fixture's addresses, as written (UTF-8), to check they never reach an output.
std::vector<std::string> fixture_addresses() {
  GDALAllRegister();
  CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", "DISABLE");
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(fixture("shanghai-youth.xlsx").c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  CPLSetThreadLocalConfigOption("OGR_XLSX_HEADERS", nullptr);
  std::vector<std::string> out;
  int row = 0;
  for (auto& f : *ds->GetLayer(0))
    if (++row > 3 && f->IsFieldSetAndNotNull(4)) out.push_back(f->GetFieldAsString(4));
  return out;
}

struct Table {
  std::vector<std::string> columns;
  std::vector<std::map<std::string, std::string>> rows;
};

Table read_table(const fs::path& p) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(p.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  EXPECT_TRUE(ds) << p;
  Table t;
  if (!ds) return t;
  OGRLayer* l = ds->GetLayer(0);
  for (int i = 0; i < l->GetLayerDefn()->GetFieldCount(); ++i)
    t.columns.push_back(l->GetLayerDefn()->GetFieldDefn(i)->GetNameRef());
  for (auto& f : *l) {
    std::map<std::string, std::string> row;
    for (int i = 0; i < f->GetFieldCount(); ++i)
      row[t.columns[static_cast<std::size_t>(i)]] =
          f->IsFieldSetAndNotNull(i) ? f->GetFieldAsString(i) : "";
    t.rows.push_back(std::move(row));
  }
  return t;
}

class LocateTable : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() /
          ("sunplan-locate-" + std::to_string(::getpid()) + "-" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::create_directories(dir);
  }
  void TearDown() override { fs::remove_all(dir); }
  fs::path dir;
};

LocateTableOptions registry_options(const std::string& table, const fs::path& out) {
  LocateTableOptions o;
  o.table = fixture(table).string();
  o.address = "户籍地址";
  o.divisions = {{"county", "区"}, {"township", "街道乡镇"}};
  o.output = out.string();
  o.gazetteer = fixture("gazetteer-shanghai.tsv.gz").string();  // the national one cut to 31...
  return o;
}

void expect_rows_match_the_village_list(const Table& t) {
  const auto want = expected();
  ASSERT_EQ(t.rows.size(), want.size());
  for (std::size_t k = 0; k < t.rows.size(); ++k) {
    const auto& row = t.rows[k];
    const std::string& e = want.at(static_cast<int>(k) + 1);
    const bool placed = row.at("match_level") == "village" || row.at("match_level") == "township";
    if (e.rfind("unplaced", 0) == 0)
      EXPECT_FALSE(placed) << "row " << k + 1 << " " << row.at("note");
    else
      EXPECT_EQ(row.at("township_code"), e) << "row " << k + 1 << " " << row.at("note");
  }
}

TEST_F(LocateTable, LocatesAWorkbookWithTitleRowsAndLeavesTheAddressOut) {
  NullProgress progress;
  const auto out = dir / "located.csv";
  const LocateTableResult r = locate_table(registry_options("shanghai-youth.xlsx", out), progress);
  // The header is on row 3 under a merged title and a date row; two empty rows trail.
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("header on row 3"), std::string::npos) << r.notes[0];
  EXPECT_EQ(r.rows_written, 120);
  const Table t = read_table(out);
  EXPECT_EQ(t.columns, (std::vector<std::string>{
                           "序号", "姓名", "年龄", "残疾类别", "区", "街道乡镇", "备注",
                           "county_code", "township_code", "village_code", "match_level", "score",
                           "ambiguous", "candidates", "note", "point_source", "lon", "lat"}));
  expect_rows_match_the_village_list(t);
  // Ages typed in full-width digits (every 7th row) come out as ASCII.
  EXPECT_EQ(t.rows[6].at("年龄"), "15");
  // 5 rows are not placed: 2 empty, 2 with a district only, 1 without any name.
  EXPECT_EQ(r.summary.village + r.summary.township, 115);
  EXPECT_EQ(r.summary.county, 2);
  EXPECT_EQ(r.summary.none, 3);
  EXPECT_EQ(r.summary.unmatched_rows, (std::vector<std::int64_t>{5, 17, 50, 88, 99}));
  const std::string bytes = slurp(out);
  for (const std::string& a : fixture_addresses())
    EXPECT_EQ(bytes.find(a), std::string::npos) << "an address reached the output";
  EXPECT_EQ(bytes.rfind("\xEF\xBB\xBF", 0), 0u);  // UTF-8 with BOM: Excel reads it right
}

TEST_F(LocateTable, GbkCsvWithATitleRowGivesTheSameAnswers) {
  NullProgress progress;
  const auto a = dir / "from-xlsx.gpkg";
  const auto b = dir / "from-csv.gpkg";
  locate_table(registry_options("shanghai-youth.xlsx", a), progress);
  const LocateTableResult r = locate_table(registry_options("shanghai-youth-gbk.csv", b), progress);
  ASSERT_EQ(r.notes.size(), 1u);
  EXPECT_NE(r.notes[0].find("read as GBK"), std::string::npos) << r.notes[0];
  EXPECT_NE(r.notes[0].find("header on line 2"), std::string::npos) << r.notes[0];
  const Table ta = read_table(a), tb = read_table(b);
  expect_rows_match_the_village_list(tb);
  ASSERT_EQ(ta.rows.size(), tb.rows.size());
  for (std::size_t k = 0; k < ta.rows.size(); ++k) {
    EXPECT_EQ(ta.rows[k].at("village_code"), tb.rows[k].at("village_code")) << k;
    EXPECT_EQ(ta.rows[k].at("姓名"), tb.rows[k].at("姓名")) << k;
  }
  // GeoPackage rows carry the point; a village point is the gazetteer's own.
  GDALDatasetUniquePtr ds(GDALDataset::Open(b.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  int with_point = 0;
  for (auto& f : *ds->GetLayer(0))
    if (const OGRGeometry* g = f->GetGeometryRef()) {
      ++with_point;
      EXPECT_NEAR(g->toPoint()->getX(), f->GetFieldAsDouble("lon"), 1e-9);
    }
  EXPECT_GT(with_point, 100);
}

TEST_F(LocateTable, RefusesItsInputAnExistingFileAndUnknownFormats) {
  NullProgress progress;
  // The input itself, under another spelling.
  const auto copy = dir / "in.csv";
  fs::copy_file(fixture("shanghai-youth-gbk.csv"), copy);
  auto o = registry_options("shanghai-youth-gbk.csv", dir / "sub" / ".." / "in.csv");
  o.table = copy.string();
  EXPECT_THROW(locate_table(o, progress), UsageError);
  EXPECT_EQ(slurp(copy), slurp(fixture("shanghai-youth-gbk.csv")));  // untouched
  // An existing file, without --force.
  const auto existing = dir / "x.csv";
  std::ofstream(existing) << "keep me\n";
  EXPECT_THROW(locate_table(registry_options("shanghai-youth.xlsx", existing), progress),
               UsageError);
  EXPECT_EQ(slurp(existing), "keep me\n");
  EXPECT_THROW(locate_table(registry_options("shanghai-youth.xlsx", dir / "x.shp"), progress),
               UsageError);
  // A column that is not there is an input error naming it.
  auto bad = registry_options("shanghai-youth.xlsx", dir / "y.csv");
  bad.address = "地址";
  try {
    locate_table(bad, progress);
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_EQ(e.field(), "地址");
  }
  EXPECT_FALSE(fs::exists(dir / "y.csv"));
  // No temporary left behind.
  for (const auto& entry : fs::directory_iterator(dir))
    EXPECT_EQ(entry.path().filename().string().find(".tmp-"), std::string::npos);
}

TEST_F(LocateTable, PlainUtf8CsvIsReadAsItIs) {
  NullProgress progress;
  const auto in = dir / "plain.csv";
  std::ofstream(in) << "id,addr\n1,上海市静安区临汾路街道\n2,\n";
  LocateTableOptions o;
  o.table = in.string();
  o.address = "addr";
  o.output = (dir / "out.csv").string();
  o.gazetteer = fixture("gazetteer-shanghai.tsv.gz").string();
  const LocateTableResult r = locate_table(o, progress);
  EXPECT_TRUE(r.notes.empty());
  const Table t = read_table(dir / "out.csv");
  ASSERT_EQ(t.rows.size(), 2u);
  EXPECT_EQ(t.rows[0].at("township_code"), "310106021");
  EXPECT_EQ(t.rows[0].at("match_level"), "township");
  EXPECT_EQ(t.rows[1].at("match_level"), "none");
  EXPECT_EQ(t.rows[1].at("note"), "the address and division columns are empty");
}

// ---- layers placed from addresses in a scenario ----

const char* kShanghai = "shanghai-demo/shanghai_demo_wgs84.gpkg";

Scenario registry_scenario(const std::string& extra = "") {
  const auto file = fixture("shanghai-youth.toml");
  std::string text = slurp(file) + extra;
  const std::string rel = "../../../../shared/data";
  for (auto pos = text.find(rel); pos != std::string::npos; pos = text.find(rel))
    text.replace(pos, rel.size(), test::shared_data_root().string());
  return parse_scenario(text, file);
}

TEST(LoadLocated, YouthFromAddressesLandInTheirTownships) {
  if (!test::shared_data(kShanghai)) GTEST_SKIP() << test::missing_message(kShanghai);
  NullProgress progress;
  const LoadResult r = load_dataset(registry_scenario(), progress);
  const Dataset& d = r.dataset;
  const auto want = expected();
  // 115 placed; 2 of them in townships the DERIVED cells lack (no seat): kept, in no unit.
  ASSERT_EQ(d.youth.size(), 115u);
  std::map<std::string, std::int32_t> by_code;
  for (std::int32_t t : d.admin.townships)
    by_code[d.admin.units[static_cast<std::size_t>(t)].code] = t;
  int outside = 0, inside_polygon = 0;
  for (std::size_t i = 0; i < d.youth.size(); ++i) {
    const std::string& e = want.at(static_cast<int>(d.youth.source_row[i]));
    ASSERT_EQ(e.rfind("unplaced", 0), std::string::npos) << d.youth.source_row[i];
    if (!by_code.count(e)) {
      EXPECT_EQ(d.youth.township[i], kNone);
      ++outside;
      continue;
    }
    EXPECT_EQ(d.youth.township[i], by_code.at(e)) << "row " << d.youth.source_row[i];
    inside_polygon +=
        contains(d.admin.units[static_cast<std::size_t>(by_code.at(e))].geometry, d.youth.pos[i]);
  }
  EXPECT_EQ(outside, 2);
  // Ages in full-width digits were read.
  for (std::size_t i = 0; i < d.youth.size(); ++i) EXPECT_GE(d.youth.age[i], 6);

  const LayerReport* youth = nullptr;
  for (const LayerReport& l : r.layers)
    if (l.role == "youth") youth = &l;
  ASSERT_NE(youth, nullptr);
  const LocateSummary& s = youth->locate;
  EXPECT_TRUE(s.used);
  EXPECT_EQ(s.rows, 120);
  EXPECT_EQ(s.village + s.township, 115);
  EXPECT_EQ(s.at_village_point + s.spread_in_township + s.outside_townships, 115);
  EXPECT_EQ(s.outside_townships, 2);
  // Spread rows lie inside their township's polygon; village points may fall outside the
  // DERIVED cell of their township (the cells are approximate), so only those are counted.
  EXPECT_GE(inside_polygon, s.spread_in_township);
  EXPECT_GT(s.spread_in_township, 50);
  EXPECT_EQ(s.unmatched_rows, (std::vector<std::int64_t>{5, 17, 50, 88, 99}));
  EXPECT_EQ(youth->rejected, 5);
  // Problems name rows, never addresses.
  const auto addresses = fixture_addresses();
  std::set<std::int64_t> rejected_rows;
  for (const Problem& p : d.problems.all()) {
    if (p.layer != youth->layer) continue;
    if (p.severity == Severity::rejected) rejected_rows.insert(p.row);
    for (const std::string& a : addresses) {
      EXPECT_EQ(p.reason.find(a), std::string::npos);
      EXPECT_EQ(p.feature_id.find(a), std::string::npos);
    }
  }
  EXPECT_EQ(rejected_rows, (std::set<std::int64_t>{5, 17, 50, 88, 99}));
}

TEST(LoadLocated, VillagePointsAreTheGazetteersAndSpreadIsDeterministic) {
  if (!test::shared_data(kShanghai)) GTEST_SKIP() << test::missing_message(kShanghai);
  NullProgress progress;
  const Scenario sc = registry_scenario();
  const LoadResult a = load_dataset(sc, progress);
  const LoadResult b = load_dataset(sc, progress);
  ASSERT_EQ(a.dataset.youth.size(), b.dataset.youth.size());
  for (std::size_t i = 0; i < a.dataset.youth.size(); ++i) {
    EXPECT_EQ(a.dataset.youth.pos.x[i], b.dataset.youth.pos.x[i]);
    EXPECT_EQ(a.dataset.youth.pos.y[i], b.dataset.youth.pos.y[i]);
  }
  // Rows located at their village's point: the projected gazetteer point, exactly.
  NullProgress quiet;
  LocateTableOptions o = registry_options(
      "shanghai-youth.xlsx",
      fs::temp_directory_path() / ("sunplan-locate-pts-" + std::to_string(::getpid()) + ".csv"));
  o.force = true;
  locate_table(o, quiet);
  const Table t = read_table(o.output);
  fs::remove(o.output);
  const geo::Transformer to_work("EPSG:4326", a.dataset.crs.definition);
  int checked = 0;
  for (std::size_t i = 0; i < a.dataset.youth.size(); ++i) {
    const auto& row = t.rows[static_cast<std::size_t>(a.dataset.youth.source_row[i] - 1)];
    if (row.at("point_source") != "village") continue;
    double x = std::stod(row.at("lon")), y = std::stod(row.at("lat"));
    to_work.transform(x, y);
    EXPECT_NEAR(a.dataset.youth.pos.x[i], x, 0.01);
    EXPECT_NEAR(a.dataset.youth.pos.y[i], y, 0.01);
    ++checked;
  }
  EXPECT_GT(checked, 20);
}

TEST(LoadLocated, AddressWithCoordinateColumnsIsRefused) {
  const std::string text =
      "[layers.townships]\nsource = \"t.gpkg\"\n[layers.youth]\nsource = \"y.csv\"\n"
      "x = \"lon\"\ny = \"lat\"\naddress = \"户籍地址\"\n";
  EXPECT_THROW(parse_scenario(text, "s.toml"), UsageError);
  const std::string typo =
      "[layers.townships]\nsource = \"t.gpkg\"\n[layers.youth]\nsource = \"y.csv\"\n"
      "[layers.youth.divisions]\ntown = \"乡镇\"\n";
  EXPECT_THROW(parse_scenario(typo, "s.toml"), UsageError);
  const std::string ok =
      "[layers.townships]\nsource = \"t.gpkg\"\n[layers.youth]\nsource = \"y.csv\"\n"
      "address = \"户籍地址\"\n[layers.youth.divisions]\ntownship = \"乡镇\"\n"
      "[locate]\ngazetteer = \"g.tsv.gz\"\n";
  const Scenario sc = parse_scenario(ok, "/data/s.toml");
  EXPECT_EQ(sc.layer("youth")->address_field, "户籍地址");
  EXPECT_EQ(sc.layer("youth")->division_fields.at("township"), "乡镇");
  EXPECT_EQ(gazetteer_path(sc), fs::path("/data/g.tsv.gz"));
}

}  // namespace
}  // namespace sunplan
