// The engine/viewer boundary: a what-if edit in the viewer's session gives the same
// township figures as the CLI's run (run_scenario writing a GeoPackage, read back with
// GDAL) on the same edit made to a copy of the demo data with OGR SQL, and the same
// result layers (catchments, gaps, youth, ...) as the pipeline on that copy.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/scene/from_layers.hpp"
#include "sunplan/scene/run_layers.hpp"
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

// ---------------------------------------------------------------------------------------
// A what-if reruns every stage after loading: each result layer (township figures,
// catchments, gaps, youth, assignments; isochrones and roads in network mode) equals the
// pipeline's run on a copy of the demo edited with OGR (feature deleted, inserted, moved).

namespace {

// Display (EPSG:3857) position to WGS84 lon/lat by OGR, the GeoPackage's CRS.
OGRPoint lonlat_of(Vec2 display) {
  OGRSpatialReference merc, wgs84;
  merc.importFromEPSG(3857);
  wgs84.importFromEPSG(4326);
  merc.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> t(OGRCreateCoordinateTransformation(&merc, &wgs84));
  double x = display.x, y = display.y;
  EXPECT_TRUE(t && t->Transform(1, &x, &y));
  return OGRPoint(x, y);
}

struct Place {
  Vec2 display;
  std::string code;  // the township's division code
};

// The label point of the township ranked `rank` by unserved youth (0 = most).
Place township_place(const Scene& s, std::size_t rank) {
  const Layer* t = s.find("townships");
  EXPECT_NE(t, nullptr);
  const auto& unserved = t->columns[static_cast<std::size_t>(t->column("unserved"))].numbers;
  std::vector<std::size_t> order(t->size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return unserved[a] > unserved[b]; });
  const std::size_t f = order.at(rank);
  return {t->anchors[f], t->columns[static_cast<std::size_t>(t->column("code"))].texts[f]};
}

// Remove B001, add a warm home in the scene's first township, move B003 to its second.
struct ThreeEdits {
  std::string removed = "B001", moved = "B003", added = "NEW1";
  Place add_at, move_to;
  explicit ThreeEdits(const Scene& scene)
      : add_at(township_place(scene, 0)), move_to(township_place(scene, 1)) {}
  std::vector<BaseEdit> edits() const {
    return {BaseEdit::remove(removed), BaseEdit::add(added, add_at.display, "warm_home"),
            BaseEdit::move(moved, move_to.display)};
  }
};

// The same three edits made with OGR on a copy of the demo; the pipeline's run of it, with
// `extra_toml` (e.g. a [siting] section) appended to the scenario.
RunResult pipeline_on_edited_copy(const fs::path& dir, const char* toml, const ThreeEdits& e,
                                  const std::string& extra_toml = "") {
  fs::copy_file(demo_dir() / "demo.gpkg", dir / "demo.gpkg");
  fs::copy_file(demo_dir() / toml, dir / toml);
  if (!extra_toml.empty()) std::ofstream(dir / toml, std::ios::app) << "\n" << extra_toml;
  GDALAllRegister();
  {
    GDALDatasetUniquePtr ds(GDALDataset::Open(
        (dir / "demo.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr, nullptr, nullptr));
    EXPECT_TRUE(ds);
    OGRLayer* bases = ds->GetLayerByName("bases");
    std::vector<GIntBig> drop;
    for (auto& f : *bases) {
      const std::string id = f->GetFieldAsString("id");
      if (id == e.removed) drop.push_back(f->GetFID());
      if (id == e.moved) {
        OGRPoint p = lonlat_of(e.move_to.display);
        f->SetGeometry(&p);
        f->SetField("township", e.move_to.code.c_str());
        EXPECT_EQ(bases->SetFeature(f.get()), OGRERR_NONE);
      }
    }
    for (GIntBig fid : drop) EXPECT_EQ(bases->DeleteFeature(fid), OGRERR_NONE);
    OGRFeature nf(bases->GetLayerDefn());
    OGRPoint p = lonlat_of(e.add_at.display);
    nf.SetGeometry(&p);
    nf.SetField("id", e.added.c_str());
    nf.SetField("name", e.added.c_str());
    nf.SetField("type", "温馨家园");
    nf.SetField("status", "existing");
    nf.SetFieldNull(nf.GetFieldIndex("capacity"));
    nf.SetField("township", e.add_at.code.c_str());
    nf.SetField("specialist", 0);
    EXPECT_EQ(bases->CreateFeature(&nf), OGRERR_NONE);
  }
  NullProgress progress;
  RunOptions o;
  o.write_output = false;
  o.write_report = false;
  return run_scenario(read_scenario(dir / toml), o, progress);
}

std::string without_seconds(const std::string& text) {
  static const std::regex seconds(R"(\(\d+\.\d+ s\))");
  return std::regex_replace(text, seconds, "(s)");
}

bool near(double a, double b, double rel) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) == std::isnan(b);
  return std::fabs(a - b) <= rel * std::max({1.0, std::fabs(a), std::fabs(b)});
}

// Every layer, row, field and geometry: text exactly, numbers and polygon areas within
// 1e-6 relative (the edited positions went through lon/lat in the oracle's copy), points
// within a millimetre.
void expect_same_layers(const std::vector<OutputLayer>& got, const std::vector<OutputLayer>& want) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t k = 0; k < got.size(); ++k) {
    const OutputLayer& a = got[k];
    const OutputLayer& b = want[k];
    ASSERT_EQ(a.name, b.name);
    ASSERT_EQ(a.fields.size(), b.fields.size()) << a.name;
    for (std::size_t c = 0; c < a.fields.size(); ++c)
      EXPECT_EQ(a.fields[c].name, b.fields[c].name) << a.name;
    ASSERT_EQ(a.size(), b.size()) << a.name;
    for (std::size_t r = 0; r < a.size(); ++r) {
      for (std::size_t c = 0; c < a.fields.size(); ++c) {
        const FieldValue& x = a.rows[r][c];
        const FieldValue& y = b.rows[r][c];
        ASSERT_EQ(x.index(), y.index()) << a.name << " row " << r << " " << a.fields[c].name;
        if (const double* dx = std::get_if<double>(&x)) {
          EXPECT_TRUE(near(*dx, std::get<double>(y), 1e-6))
              << a.name << " row " << r << " " << a.fields[c].name << ": " << *dx << " vs "
              << std::get<double>(y);
        } else if (const std::string* tx = std::get_if<std::string>(&x)) {
          // A solver stage's wall seconds ("(0.12 s)") are how long it took, not what it
          // found: they differ between two runs, more so under the sanitizers.
          EXPECT_EQ(without_seconds(*tx), without_seconds(std::get<std::string>(y)))
              << a.name << " row " << r << " " << a.fields[c].name;
        } else {
          EXPECT_TRUE(x == y) << a.name << " row " << r << " " << a.fields[c].name;
        }
      }
      if (a.kind == GeometryKind::point) {
        EXPECT_LT(distance(a.points[r], b.points[r]), 1e-3) << a.name << " row " << r;
      } else if (a.kind == GeometryKind::polygon) {
        EXPECT_TRUE(near(area(a.polygons[r]), area(b.polygons[r]), 1e-6))
            << a.name << " row " << r << ": " << area(a.polygons[r]) << " vs "
            << area(b.polygons[r]);
      } else if (a.kind == GeometryKind::line) {
        ASSERT_EQ(a.lines[r].size(), b.lines[r].size()) << a.name << " row " << r;
        for (std::size_t i = 0; i < a.lines[r].size(); ++i)
          EXPECT_LT(distance(a.lines[r][i], b.lines[r][i]), 1e-3) << a.name << " row " << r;
      }
    }
  }
}

const OutputLayer& layer_of(const RunLayers& l, const std::string& name) {
  const OutputLayer* p = l.find(name);
  EXPECT_NE(p, nullptr) << name;
  return *p;
}

double total_area(const OutputLayer& l) {
  double s = 0;
  for (const MultiPolygon& mp : l.polygons) s += area(mp);
  return s;
}

void whatif_equals_pipeline(const char* toml) {
  sunplan::test::TempDir tmp;
  NullProgress progress;
  const ScenarioRun run = open_scenario((demo_dir() / toml).string(), {}, std::nullopt, progress);
  const ThreeEdits e(run.scene);
  const ScenarioRun edited = run_whatif(run, e.edits(), progress);
  ASSERT_TRUE(edited.layers);
  EXPECT_EQ(edited.edits, 3u);
  const RunResult oracle = pipeline_on_edited_copy(tmp.path(), toml, e);
  expect_same_layers(edited.layers->layers, oracle.layers);

  // The edits changed the coverage layers (so the comparison is not of two unedited runs).
  const RunLayers& before = *run.layers;
  EXPECT_NE(layer_of(before, "catchments").size() + 0.0, 0.0);
  EXPECT_FALSE(near(total_area(layer_of(before, "gaps")),
                    total_area(layer_of(*edited.layers, "gaps")), 1e-6));
  bool youth_changed = false;
  const OutputLayer& y0 = layer_of(before, "youth");
  const OutputLayer& y1 = layer_of(*edited.layers, "youth");
  ASSERT_EQ(y0.size(), y1.size());
  for (std::size_t r = 0; r < y0.size(); ++r) youth_changed |= !(y0.rows[r] == y1.rows[r]);
  EXPECT_TRUE(youth_changed);
  // The scene shows the what-if's layers: its catchments are the edited ones.
  const Layer* c = edited.scene.find("catchments");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->size(), layer_of(*edited.layers, "catchments").size());
}

}  // namespace

TEST(WhatIf, RemoveAddMoveGiveThePipelinesLayers) {
  whatif_equals_pipeline("scenario.toml");
}

TEST(WhatIf, NetworkModeGivesThePipelinesLayersByTravelTime) {
  whatif_equals_pipeline("scenario-network.toml");
}

TEST(WhatIf, MoveEqualsRemoveThenAddOfTheSameBase) {
  NullProgress progress;
  const ScenarioRun run =
      open_scenario((demo_dir() / "scenario.toml").string(), {}, std::nullopt, progress);
  const Place to = township_place(run.scene, 0);
  // B003: an existing 温馨家园 (warm_home) of capacity 50, no specialist (demo.gpkg).
  const ScenarioRun moved =
      run_whatif(run, std::vector{BaseEdit::move("B003", to.display)}, progress);
  const ScenarioRun readded = run_whatif(
      run,
      std::vector{BaseEdit::remove("B003"), BaseEdit::add("B003", to.display, "warm_home", 50)},
      progress);
  const OutputLayer& a = layer_of(*moved.layers, "townships");
  const OutputLayer& b = layer_of(*readded.layers, "townships");
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t r = 0; r < a.size(); ++r)
    for (std::size_t c = 0; c < a.fields.size(); ++c) {
      const FieldValue& x = a.rows[r][c];
      const FieldValue& y = b.rows[r][c];
      if (const double* dx = std::get_if<double>(&x)) {
        EXPECT_TRUE(near(*dx, std::get<double>(y), 1e-12)) << a.fields[c].name;
      } else {
        EXPECT_TRUE(x == y) << a.fields[c].name << " row " << r;
      }
    }
  EXPECT_NEAR(total_area(layer_of(*moved.layers, "catchments")),
              total_area(layer_of(*readded.layers, "catchments")), 1e-6);
  EXPECT_NEAR(total_area(layer_of(*moved.layers, "gaps")),
              total_area(layer_of(*readded.layers, "gaps")), 1e-6);
  // The moved base keeps id, type and capacity, and now lies in the target township.
  const OutputLayer& bases = layer_of(*moved.layers, "bases");
  bool found = false;
  for (const auto& row : bases.rows)
    if (std::get<std::string>(row[0]) == "B003") {
      found = true;
      EXPECT_EQ(std::get<std::string>(row[2]), "warm_home");
      EXPECT_EQ(std::get<std::int64_t>(row[5]), 50);
      EXPECT_EQ(std::get<std::string>(row[8]), to.code);
    }
  EXPECT_TRUE(found);
  EXPECT_EQ(bases.size(), layer_of(*run.layers, "bases").size());
}

TEST(WhatIf, MoveOutsideEveryTownshipIsRefused) {
  NullProgress progress;
  const ScenarioRun run =
      open_scenario((demo_dir() / "scenario.toml").string(), {}, std::nullopt, progress);
  // (0, 0) in EPSG:3857 is 0°E 0°N, far from the demo county in Hunan.
  try {
    run_whatif(run, std::vector{BaseEdit::move("B003", Vec2{0.0, 0.0})}, progress);
    FAIL() << "a move outside every township was accepted";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("outside every township"), std::string::npos) << e.what();
  }
  EXPECT_THROW(run_whatif(run, std::vector{BaseEdit::move("NOPE", Vec2{0.0, 0.0})}, progress),
               UsageError);
}

// ---------------------------------------------------------------------------------------
// Siting given the edited plan: run_siting after what-if edits equals `sunplan run` with a
// [siting] section on a copy of the demo edited with OGR (same sites chosen, objective,
// bound and every result layer), and the edits stay applied.

namespace {

// more_checks: also check that the edits matter and that a later what-if keeps the siting (the
// distance-mode test; network runs cost ~7 s each).
// standard: the panel's coverage standard (metres, or minutes in network mode; 0 = none),
// which must act as [siting] radius_m / cutoff_min does in the scenario.
void siting_after_edits_equals_pipeline(const char* toml, bool more_checks, double standard = 0) {
  sunplan::test::TempDir tmp;
  NullProgress progress;
  const ScenarioRun run = open_scenario((demo_dir() / toml).string(), {}, std::nullopt, progress);
  const ThreeEdits e(run.scene);
  SitingRequest req;
  req.model = "mclp";
  req.k = 2;
  std::string section = "[siting]\nmodel = \"mclp\"\nadd = 2\n";
  if (standard > 0) {
    (run.by_travel_time ? req.cutoff_min : req.radius_m) = standard;
    section += std::string(run.by_travel_time ? "cutoff_min" : "radius_m") + " = " +
               std::to_string(standard) + "\n";
  }
  const ScenarioRun sited = run_siting(run, e.edits(), req, progress);
  ASSERT_TRUE(sited.siting.has_value());
  ASSERT_TRUE(sited.layers);
  EXPECT_EQ(sited.edits, 3u);

  const RunResult oracle = pipeline_on_edited_copy(tmp.path(), toml, e, section);
  ASSERT_TRUE(oracle.siting.has_value());
  EXPECT_EQ(sited.siting->chosen, oracle.siting->chosen_bases.size());
  EXPECT_NEAR(sited.siting->objective, oracle.siting->result.objective, 1e-9);
  EXPECT_NEAR(sited.siting->bound, oracle.siting->result.bound, 1e-9);
  EXPECT_EQ(sited.siting->bound_method, oracle.siting->result.bound_method);
  // Every layer, sites and township figures included, row by row.
  expect_same_layers(sited.layers->layers, oracle.layers);
  const OutputLayer& sites = layer_of(*sited.layers, "sites");
  EXPECT_GE(sites.size(), 1u);
  EXPECT_LE(sites.size(), 2u);

  // The edits are in the sited run: B001 gone, NEW1 added, B003 in its new township.
  const OutputLayer& bases = layer_of(*sited.layers, "bases");
  bool removed_gone = true, added = false, moved = false;
  for (const auto& row : bases.rows) {
    const std::string& id = std::get<std::string>(row[0]);
    removed_gone &= id != e.removed;
    added |= id == e.added;
    if (id == e.moved) moved = std::get<std::string>(row[8]) == e.move_to.code;
  }
  EXPECT_TRUE(removed_gone);
  EXPECT_TRUE(added);
  EXPECT_TRUE(moved);
  if (standard > 0 && !run.by_travel_time) {  // the standard is not ignored
    SitingRequest by_type = req;
    by_type.radius_m = 0;
    EXPECT_NE(run_siting(run, e.edits(), by_type, progress).siting->objective,
              sited.siting->objective);
  }
  if (!more_checks) return;
  // And they matter: the same siting on the unedited data serves other figures.
  const ScenarioRun plain = run_siting(run, {}, req, progress);
  ASSERT_TRUE(plain.siting.has_value());
  EXPECT_EQ(plain.edits, 0u);
  EXPECT_FALSE(layer_of(*plain.layers, "townships").rows ==
               layer_of(*sited.layers, "townships").rows);

  // A what-if from the sited run keeps its siting request and its edits apply from the
  // data as loaded: the edits list plus one more equals siting on all four edits.
  std::vector<BaseEdit> more = e.edits();
  more.push_back(BaseEdit::set_capacity("B002", 3));
  const ScenarioRun after = run_whatif(sited, more, progress);
  ASSERT_TRUE(after.siting.has_value());
  EXPECT_EQ(after.edits, 4u);
  const ScenarioRun direct = run_siting(run, more, req, progress);
  expect_same_layers(after.layers->layers, direct.layers->layers);
  EXPECT_EQ(after.siting->objective, direct.siting->objective);
}

}  // namespace

TEST(WhatIf, SitingAfterEditsEqualsThePipelineOnTheEditedData) {
  siting_after_edits_equals_pipeline("scenario.toml", true);
}

TEST(WhatIf, SitingAfterEditsInNetworkModeEqualsThePipeline) {
  siting_after_edits_equals_pipeline("scenario-network.toml", false, /*minutes=*/12);
}

TEST(WhatIf, SitingWithOneRadiusEqualsThePipelinesRadiusKey) {
  siting_after_edits_equals_pipeline("scenario.toml", false, /*metres=*/1500);
}
