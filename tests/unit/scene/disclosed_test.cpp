// Aggregate privacy mode in the viewer: every figure the viewer would show (statistics table at
// every level, the inspector's values, the targets panel's whole area) equals the figure the
// run's GeoPackage publishes for the same unit, and is withheld exactly where the GeoPackage
// holds NULL. The oracle is run_scenario writing the GeoPackage (the CLI's path), read back
// with GDAL; the same after a what-if edit, against the CLI on the edited copy of the data.
#include "sunplan/scene/disclosed.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/scene/session.hpp"
#include "temp_dir.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;
using namespace sunplan;
using namespace sunplan::scene;

namespace {

// Youth per demo township: 39 to 216; 20 withholds some townships (small in-reach, served or
// urban/rural counts, then their complements) and leaves most shown (40 already hides 23 of 25).
constexpr int kMinCount = 20;
const std::vector<std::string> kFields = {"youth", "served", "unserved"};

// The demo in `dir` in aggregate mode, with `sql` run on its GeoPackage.
fs::path aggregate_demo(const fs::path& dir, const std::vector<std::string>& sql = {}) {
  const fs::path demo = sunplan::test::source_dir() / "datasets" / "demo";
  fs::copy_file(demo / "demo.gpkg", dir / "demo.gpkg");
  fs::copy_file(demo / "scenario.toml", dir / "scenario.toml");
  std::ofstream(dir / "scenario.toml", std::ios::app)
      << "\n[privacy]\nmode = \"aggregate\"\nmin_count = " << kMinCount << "\n";
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(
      (dir / "demo.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  EXPECT_TRUE(ds);
  for (const std::string& s : sql) ds->ExecuteSQL(s.c_str(), nullptr, nullptr);
  return dir / "scenario.toml";
}

// code -> field -> value (NaN for NULL), per unit layer of the written GeoPackage.
using Published = std::map<std::string, std::map<std::string, double>>;

struct CliRun {
  std::map<std::string, Published> layers;  // townships, counties, cities, provinces
  bool total_withheld = false;
  double total_youth = 0, total_served = 0;
};

CliRun cli_run(const fs::path& toml, const fs::path& out) {
  NullProgress progress;
  RunOptions o;
  o.output_path = out.string();
  o.write_report = false;
  const RunResult r = run_scenario(read_scenario(toml), o, progress);
  CliRun c;
  c.total_withheld = r.disclosure.unit(kNone);
  c.total_youth = static_cast<double>(r.coverage.figures.total.youth);
  c.total_served = static_cast<double>(r.coverage.figures.total.served);
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  EXPECT_TRUE(ds);
  for (const char* name : {"townships", "counties", "cities", "provinces"}) {
    OGRLayer* l = ds->GetLayerByName(name);
    if (!l) continue;
    Published& p = c.layers[name];
    for (auto& f : *l) {
      auto& row = p[f->GetFieldAsString("code")];
      for (const std::string& field : kFields) {
        const int k = f->GetFieldIndex(field.c_str());
        row[field] = k >= 0 && f->IsFieldSetAndNotNull(k) ? f->GetFieldAsDouble(k) : std::nan("");
      }
    }
  }
  return c;
}

const char* layer_of(AdminLevel level) {
  switch (level) {
    case AdminLevel::province:
      return "provinces";
    case AdminLevel::city:
      return "cities";
    case AdminLevel::county:
      return "counties";
    default:
      return "townships";
  }
}

struct Counted {
  int shown = 0, withheld = 0;
};

// Every figure the viewer shows for `scene` against the GeoPackage's; returns how many
// township rows were shown and withheld.
Counted expect_viewer_shows_the_published(const Scene& scene, const CliRun& cli) {
  const SceneDisclosure d = scene_disclosure(scene);
  EXPECT_TRUE(d.aggregate);
  const Layer* units = scene.find("townships");
  EXPECT_NE(units, nullptr);
  Counted n;
  if (!units) return n;
  // The statistics table at every level (parent "" lists every unit of the level).
  for (AdminLevel level :
       {AdminLevel::province, AdminLevel::city, AdminLevel::county, AdminLevel::township}) {
    const StatTable t = disclosed_summary(scene, *units, level, "", kFields, d);
    const auto layer = cli.layers.find(layer_of(level));
    for (const StatRow& row : t.rows) {
      // A group the run publishes no unit for (the demo has no city or province) is withheld.
      if (layer == cli.layers.end() || !layer->second.count(row.code)) {
        EXPECT_TRUE(row.withheld) << row.code;
        continue;
      }
      const auto pub = layer->second.find(row.code);
      for (std::size_t k = 0; k < t.fields.size(); ++k) {
        const double want = pub->second.at(t.fields[k]);
        if (std::isnan(want)) {
          EXPECT_TRUE(row.withheld) << row.code << " " << t.fields[k];
          EXPECT_TRUE(std::isnan(row.sums[k])) << row.code << " " << t.fields[k];
        } else {
          EXPECT_FALSE(row.withheld) << row.code;
          EXPECT_EQ(row.sums[k], want) << row.code << " " << t.fields[k];
        }
      }
      if (level == AdminLevel::township) ++(row.withheld ? n.withheld : n.shown);
    }
  }
  // The inspector: each township's counts as the GeoPackage row, the word where it is NULL.
  const int code = units->column("code");
  for (std::size_t f = 0; f < units->size(); ++f) {
    const std::string c = units->value_text(static_cast<std::size_t>(code), f);
    const auto& pub = cli.layers.at("townships").at(c);
    for (const std::string& field : kFields) {
      const int k = units->column(field);
      EXPECT_GE(k, 0) << field;
      if (k < 0) continue;
      const std::string shown =
          disclosed_value_text(*units, static_cast<std::size_t>(k), f, d, "已隐去");
      const double want = pub.at(field);
      if (std::isnan(want)) {
        EXPECT_EQ(shown, "已隐去") << c << " " << field;
      } else {
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.0f", want);
        EXPECT_EQ(shown, buf) << c << " " << field;
      }
    }
  }
  // The targets panel: the whole area as the run publishes it.
  const OverallFigures all = overall_figures(scene, *units, d);
  EXPECT_EQ(all.withheld, cli.total_withheld);
  if (!all.withheld) {
    EXPECT_EQ(all.youth, cli.total_youth);
    EXPECT_EQ(all.served, cli.total_served);
  }
  return n;
}

}  // namespace

TEST(SceneDisclosure, AggregateScenarioShowsWhatTheGeoPackagePublishes) {
  sunplan::test::TempDir tmp;
  const fs::path toml = aggregate_demo(tmp.path());
  const CliRun cli = cli_run(toml, tmp.path() / "out.gpkg");
  NullProgress progress;
  const ScenarioRun run = open_scenario(toml.string(), {}, std::nullopt, progress);
  const Counted n = expect_viewer_shows_the_published(run.scene, cli);
  // The test means something: some townships are withheld, most are shown.
  EXPECT_GT(n.withheld, 0);
  EXPECT_GT(n.shown, 0);
  std::printf("townships shown %d, withheld %d, whole area %s\n", n.shown, n.withheld,
              cli.total_withheld ? "withheld" : "shown");
  // No per-youth layer: density only, from youth_grid.
  const SceneDisclosure d = scene_disclosure(run.scene);
  for (const Layer& l : run.scene.layers) EXPECT_TRUE(may_show_layer(d, l.name)) << l.name;
  EXPECT_EQ(run.scene.find("youth"), nullptr);
  EXPECT_NE(run.scene.find("youth_grid"), nullptr);
  EXPECT_FALSE(may_show_layer(d, "youth"));
  EXPECT_FALSE(may_show_layer(d, "assignments"));
  // The result GeoPackage opened in the viewer is recognised as aggregate too.
  const Scene file = load_scene((tmp.path() / "out.gpkg").string(), {}, progress);
  const SceneDisclosure fd = scene_disclosure(file);
  EXPECT_TRUE(fd.aggregate);
  EXPECT_TRUE(fd.total_withheld);  // the file does not say the whole area is published
}

TEST(SceneDisclosure, WhatIfRecomputesThePlan) {
  sunplan::test::TempDir tmp;
  NullProgress progress;
  fs::create_directories(tmp.path() / "a");
  fs::create_directories(tmp.path() / "b");
  const ScenarioRun run =
      open_scenario(aggregate_demo(tmp.path() / "a").string(), {}, std::nullopt, progress);
  const std::vector<BaseEdit> edits = {BaseEdit::remove("B001")};
  const ScenarioRun edited = run_whatif(run, edits, progress);
  const CliRun cli =
      cli_run(aggregate_demo(tmp.path() / "b", {"DELETE FROM bases WHERE id = 'B001'"}),
              tmp.path() / "b" / "out.gpkg");
  const Counted n = expect_viewer_shows_the_published(edited.scene, cli);
  EXPECT_GT(n.withheld, 0);
}

TEST(SceneDisclosure, FullModeShowsEverySum) {
  Scene s;
  Layer t;
  t.name = "townships";
  t.kind = LayerKind::polygon;
  t.fids = {1, 2};
  t.feature_bounds.resize(2);
  t.columns = {{"code", false, {}, {"110101001", "110101002"}},
               {"youth", true, {3, 4}, {}},
               {"served", true, {1, 2}, {}}};
  s.layers.push_back(t);
  const SceneDisclosure d = scene_disclosure(s);
  EXPECT_FALSE(d.aggregate);
  EXPECT_TRUE(may_show_layer(d, "youth"));
  const OverallFigures all = overall_figures(s, s.layers[0], d);
  EXPECT_FALSE(all.withheld);
  EXPECT_EQ(all.youth, 7);
  EXPECT_EQ(all.served, 3);
  const StatTable st = disclosed_summary(s, s.layers[0], AdminLevel::county, "", {"youth"}, d);
  ASSERT_EQ(st.rows.size(), 1u);
  EXPECT_EQ(st.rows[0].sums[0], 7);
  EXPECT_FALSE(st.rows[0].withheld);
}

TEST(SceneDisclosure, SitingFiguresAreWithheldAsTheRunWithholdsThem) {
  sunplan::test::TempDir tmp;
  const fs::path toml = aggregate_demo(tmp.path());
  NullProgress progress;
  const ScenarioRun run = open_scenario(toml.string(), {}, SitingRequest{"mclp", 2}, progress);
  ASSERT_TRUE(run.siting.has_value());
  // The CLI's run with the same siting from the scenario's [siting].
  std::ofstream(toml, std::ios::app) << "\n[siting]\nmodel = \"mclp\"\nadd = 2\n";
  RunOptions o;
  o.write_output = false;
  o.write_report = false;
  const RunResult r = run_scenario(read_scenario(toml), o, progress);
  ASSERT_TRUE(r.siting.has_value());
  EXPECT_EQ(run.siting->withheld, r.disclosure.figure("siting"));
  std::printf("siting figures %s\n", run.siting->withheld ? "withheld" : "shown");
  if (!run.siting->withheld) {
    EXPECT_EQ(run.siting->objective, r.siting->result.objective);
  }
}
