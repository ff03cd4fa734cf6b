// The engine/viewer boundary: a what-if edit in the viewer's session gives the same
// township figures as the CLI's run (run_scenario writing a GeoPackage, read back with
// GDAL) on the same edit made to a copy of the demo data with OGR SQL.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/scene/from_layers.hpp"
#include "sunplan/scene/scene.hpp"
#include "sunplan/scene/session.hpp"
#include "temp_dir.hpp"
#include "test_data.hpp"

namespace fs = std::filesystem;
using namespace sunplan;
using namespace sunplan::scene;

namespace {

struct Figures {
  double youth = 0, in_reach = 0, served = 0, served_rate = 0, bases_existing = 0;
};

fs::path demo_dir() {
  return sunplan::test::source_dir() / "datasets" / "demo";
}

// The edited scenario: the demo with `sql` run on its GeoPackage, in `dir`.
fs::path edited_scenario(const fs::path& dir, const std::vector<std::string>& sql) {
  fs::copy_file(demo_dir() / "demo.gpkg", dir / "demo.gpkg");
  fs::copy_file(demo_dir() / "scenario.toml", dir / "scenario.toml");
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(
      (dir / "demo.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
  EXPECT_TRUE(ds);
  for (const std::string& s : sql) ds->ExecuteSQL(s.c_str(), nullptr, nullptr);
  return dir / "scenario.toml";
}

// The CLI's path: run_scenario writing the result GeoPackage, read back with GDAL.
std::map<std::string, Figures> cli_figures(const fs::path& toml, const fs::path& out) {
  NullProgress progress;
  RunOptions o;
  o.output_path = out.string();
  o.write_report = false;
  run_scenario(read_scenario(toml), o, progress);
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(out.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
  std::map<std::string, Figures> m;
  OGRLayer* l = ds->GetLayerByName("townships");
  for (auto& f : *l) {
    Figures g;
    g.youth = f->GetFieldAsDouble("youth");
    g.in_reach = f->GetFieldAsDouble("in_reach");
    g.served = f->GetFieldAsDouble("served");
    g.served_rate = f->IsFieldSetAndNotNull(f->GetFieldIndex("served_rate"))
                        ? f->GetFieldAsDouble("served_rate")
                        : std::nan("");
    g.bases_existing = f->GetFieldAsDouble("bases_existing");
    m[f->GetFieldAsString("code")] = g;
  }
  return m;
}

std::map<std::string, Figures> scene_figures(const Scene& s) {
  const Layer* t = s.find("townships");
  EXPECT_NE(t, nullptr);
  std::map<std::string, Figures> m;
  auto num = [&](const char* c, std::size_t f) {
    return t->columns[static_cast<std::size_t>(t->column(c))].numbers[f];
  };
  for (std::size_t f = 0; f < t->size(); ++f)
    m[t->columns[static_cast<std::size_t>(t->column("code"))].texts[f]] = {
        num("youth", f), num("in_reach", f), num("served", f), num("served_rate", f),
        num("bases_existing", f)};
  return m;
}

void expect_same(const std::map<std::string, Figures>& a, const std::map<std::string, Figures>& b) {
  ASSERT_EQ(a.size(), b.size());
  for (const auto& [code, x] : a) {
    ASSERT_TRUE(b.count(code)) << code;
    const Figures& y = b.at(code);
    EXPECT_EQ(x.youth, y.youth) << code;
    EXPECT_EQ(x.in_reach, y.in_reach) << code;
    EXPECT_EQ(x.served, y.served) << code;
    EXPECT_EQ(x.bases_existing, y.bases_existing) << code;
    if (std::isnan(x.served_rate) || std::isnan(y.served_rate)) {
      EXPECT_EQ(std::isnan(x.served_rate), std::isnan(y.served_rate)) << code;
    } else {
      EXPECT_NEAR(x.served_rate, y.served_rate, 1e-12) << code;
    }
  }
}

double total_served(const std::map<std::string, Figures>& m) {
  double s = 0;
  for (const auto& [code, f] : m) s += f.served;
  return s;
}

}  // namespace

TEST(WhatIf, RemoveAndCapacityMatchTheCliOnTheEditedScenario) {
  sunplan::test::TempDir tmp;
  NullProgress progress;
  const ScenarioRun run =
      open_scenario((demo_dir() / "scenario.toml").string(), {}, std::nullopt, progress);
  const std::vector<BaseEdit> edits = {BaseEdit::remove("B001"), BaseEdit::set_capacity("B002", 3)};
  const Scene edited = apply_whatif(run, edits, progress);

  const fs::path toml = edited_scenario(
      tmp.path(),
      {"DELETE FROM bases WHERE id = 'B001'", "UPDATE bases SET capacity = 3 WHERE id = 'B002'"});
  const auto cli = cli_figures(toml, tmp.path() / "out.gpkg");
  expect_same(scene_figures(edited), cli);

  // The edit matters: fewer youth are served than before it (B001 served youth), so the
  // comparison above is not between two unchanged runs.
  const auto before = scene_figures(run.scene);
  EXPECT_LT(total_served(cli), total_served(before));
  // The bases layer lost B001 and B002 now holds 3.
  const Layer* bases = edited.find("bases");
  ASSERT_NE(bases, nullptr);
  EXPECT_EQ(bases->size() + 1, run.scene.find("bases")->size());
  const int id = bases->column("id"), cap = bases->column("capacity");
  for (std::size_t f = 0; f < bases->size(); ++f) {
    EXPECT_NE(bases->columns[static_cast<std::size_t>(id)].texts[f], "B001");
    if (bases->columns[static_cast<std::size_t>(id)].texts[f] == "B002") {
      EXPECT_EQ(bases->columns[static_cast<std::size_t>(cap)].numbers[f], 3.0);
    }
  }
}

TEST(WhatIf, NoEditsGiveTheScenarioFigures) {
  // The unedited what-if equals the run's own layers, and both equal the CLI's GeoPackage.
  sunplan::test::TempDir tmp;
  NullProgress progress;
  const ScenarioRun run =
      open_scenario((demo_dir() / "scenario.toml").string(), {}, std::nullopt, progress);
  const auto cli = cli_figures(edited_scenario(tmp.path(), {}), tmp.path() / "out.gpkg");
  expect_same(scene_figures(run.scene), cli);
  expect_same(scene_figures(apply_whatif(run, {}, progress)), cli);
}

TEST(WhatIf, AddedBaseCountsInItsTownship) {
  NullProgress progress;
  const ScenarioRun run =
      open_scenario((demo_dir() / "scenario.toml").string(), {}, std::nullopt, progress);
  const Layer* t = run.scene.find("townships");
  ASSERT_NE(t, nullptr);
  // The township with the most unserved youth; a base at its label point (inside it).
  const int unserved = t->column("unserved");
  std::size_t worst = 0;
  for (std::size_t f = 0; f < t->size(); ++f)
    if (t->columns[static_cast<std::size_t>(unserved)].numbers[f] >
        t->columns[static_cast<std::size_t>(unserved)].numbers[worst])
      worst = f;
  ASSERT_GT(t->columns[static_cast<std::size_t>(unserved)].numbers[worst], 0);
  const std::vector<BaseEdit> edits = {BaseEdit::add("NEW1", t->anchors[worst], "warm_home")};
  const Scene edited = apply_whatif(run, edits, progress);
  const auto before = scene_figures(run.scene), after = scene_figures(edited);
  const std::string code = t->columns[static_cast<std::size_t>(t->column("code"))].texts[worst];
  EXPECT_EQ(after.at(code).bases_existing, before.at(code).bases_existing + 1);
  EXPECT_GT(after.at(code).served, before.at(code).served);
  EXPECT_EQ(edited.find("bases")->size(), run.scene.find("bases")->size() + 1);
  EXPECT_THROW(apply_whatif(run, std::vector{BaseEdit::remove("NOPE")}, progress), Error);
}

TEST(SceneFromLayers, MatchesTheWrittenGeoPackage) {
  // The in-memory scene and load_scene of the written file hold the same layers, features
  // and attribute values (GDAL wrote them; geometry goes through the same builder).
  sunplan::test::TempDir tmp;
  NullProgress progress;
  const ScenarioRun run =
      open_scenario((demo_dir() / "scenario.toml").string(), {}, std::nullopt, progress);
  cli_figures(edited_scenario(tmp.path(), {}), tmp.path() / "out.gpkg");
  const Scene file = load_scene((tmp.path() / "out.gpkg").string(), {}, progress);
  for (const char* name : {"townships", "bases", "youth"}) {
    const Layer* a = run.scene.find(name);
    const Layer* b = file.find(name);
    ASSERT_TRUE(a && b) << name;
    EXPECT_EQ(a->kind, b->kind) << name;
    EXPECT_EQ(a->size(), b->size()) << name;
    EXPECT_NEAR(a->bounds.min_x, b->bounds.min_x, 1.0) << name;
    EXPECT_NEAR(a->bounds.max_y, b->bounds.max_y, 1.0) << name;
  }
}

TEST(Session, SitingRunDrawsSitesAndReportsTheBound) {
  // The siting panel's run: mclp naming at most 2 candidates; the sites layer holds the
  // chosen ones and the figures keep objective <= bound (MCLP maximises covered youth).
  NullProgress progress;
  const ScenarioRun run =
      open_scenario((demo_dir() / "scenario.toml").string(), {}, std::nullopt, progress);
  SitingRequest req;
  req.model = "mclp";
  req.k = 2;
  const ScenarioRun sited = rerun_scenario(*run.base, {}, req, progress);
  ASSERT_TRUE(sited.siting.has_value());
  const Layer* sites = sited.scene.find("sites");
  ASSERT_NE(sites, nullptr);
  EXPECT_EQ(sites->kind, LayerKind::point);
  EXPECT_EQ(sites->size(), sited.siting->chosen);
  EXPECT_GE(sites->size(), 1u);
  EXPECT_LE(sites->size(), 2u);
  EXPECT_LE(sited.siting->objective, sited.siting->bound + 1e-9);
  EXPECT_GE(sited.siting->gap, 0.0);
  req.model = "nonsense";
  EXPECT_THROW(rerun_scenario(*run.base, {}, req, progress), UsageError);
}
