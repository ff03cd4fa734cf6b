#include "sunplan/io/history_store.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "sunplan/core/error.hpp"

namespace sunplan::io {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() /
           ("sunplan-history-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
            "-" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(path);
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
};

monitor::HistoryRun run_on(std::int32_t day, double paired) {
  monitor::HistoryRun r;
  r.run_day = day;
  r.recorded_at = "2026-12-06T04:00:00Z";
  r.scenario_sha256 = "abc";
  r.inputs_sha256 = "youth=def";
  r.sunplan_version = "test";
  r.privacy_mode = "records";
  monitor::UnitFigures u;
  u.level = "county";
  u.code = "310101";
  u.name = "黄浦区";
  u.youth = 100;
  u.paired = paired;
  u.pairing_rate = paired / 100;
  u.rural_reach_rate = std::nan("");  // withheld: stays NULL, read back as NaN
  r.units.push_back(u);
  return r;
}

TEST(HistoryStore, AppendingTwiceGivesTwoRecordsInOrder) {
  TempDir d;
  const fs::path f = d.path / "history.gpkg";
  EXPECT_TRUE(read_history(f).empty());
  EXPECT_EQ(append_history(f, run_on(16800, 40)), 1);
  EXPECT_EQ(append_history(f, run_on(16830, 50)), 2);
  const auto runs = read_history(f);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(runs[0].run_id, 1);
  EXPECT_EQ(runs[0].run_day, 16800);
  EXPECT_EQ(runs[1].run_day, 16830);
  ASSERT_EQ(runs[1].units.size(), 1u);
  EXPECT_EQ(runs[1].units[0].name, "黄浦区");
  EXPECT_DOUBLE_EQ(runs[1].units[0].paired, 50);
  EXPECT_DOUBLE_EQ(runs[0].units[0].pairing_rate, 0.40);
  EXPECT_TRUE(std::isnan(runs[1].units[0].rural_reach_rate));
  EXPECT_EQ(runs[0].inputs_sha256, "youth=def");
  // No temporary left beside it.
  int files = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(d.path)) ++files;
  EXPECT_EQ(files, 1);
}

TEST(HistoryStore, AForeignFileIsRefusedAndLeftAlone) {
  TempDir d;
  const fs::path text = d.path / "notes.gpkg";
  std::ofstream(text) << "not a geopackage";
  EXPECT_THROW(append_history(text, run_on(16800, 40)), InputError);
  std::ifstream in(text);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "not a geopackage");

  // A GeoPackage that is not a history (e.g. a run's result) is refused too.
  GDALAllRegister();
  const fs::path other = d.path / "result.gpkg";
  {
    GDALDatasetUniquePtr ds(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(
        other.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    ds->CreateLayer("counties", nullptr, wkbNone);
  }
  const auto before = fs::file_size(other);
  try {
    append_history(other, run_on(16800, 40));
    FAIL() << "a result was taken for a history";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("not a sunplan history"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_history(other), InputError);
  EXPECT_EQ(fs::file_size(other), before);
}

// A failing append (here: the units table refuses rows, after the run row went in) leaves the
// earlier records as they were.
TEST(HistoryStore, AFailedAppendAddsNothing) {
  TempDir d;
  const fs::path f = d.path / "history.gpkg";
  append_history(f, run_on(16800, 40));
  {
    // Break the units table so that the second half of the append fails after the run row.
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(f.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ds->ExecuteSQL(
        "CREATE TRIGGER no_units BEFORE INSERT ON history_units "
        "BEGIN SELECT RAISE(ABORT, 'refused'); END",
        nullptr, nullptr);
  }
  CPLPushErrorHandler(CPLQuietErrorHandler);
  EXPECT_THROW(append_history(f, run_on(16830, 50)), ResourceError);
  CPLPopErrorHandler();
  const auto runs = read_history(f);
  ASSERT_EQ(runs.size(), 1u);
  EXPECT_EQ(runs[0].run_day, 16800);
}

}  // namespace
}  // namespace sunplan::io
