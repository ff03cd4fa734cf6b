// The viewer's job bookkeeping without a display: a siting run from the Siting panel runs
// on the edited plan and keeps the what-if edits; clearing them afterwards reruns the
// siting on the data as loaded; a reload drops them.
#include "app_state.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "test_data.hpp"

using namespace sunplan;
using namespace sunplan::viewer;

namespace {

bool has_base(const scene::Scene& s, const std::string& id) {
  const scene::Layer* bases = s.find("bases");
  EXPECT_NE(bases, nullptr);
  const int c = bases->column("id");
  for (std::size_t f = 0; f < bases->size(); ++f)
    if (bases->value_text(static_cast<std::size_t>(c), f) == id) return true;
  return false;
}

// Runs the job started on state.load_job to its end and adopts it as the UI thread does.
void finish_job(AppState& s) {
  ASSERT_EQ(s.load_job.wait(), JobStatus::done) << s.load_job.error();
  auto r = s.load_job.take_result();
  ASSERT_TRUE(r.has_value());
  adopt_run(s, std::move(*r), s.job_kind);
}

}  // namespace

TEST(AppState, SitingKeepsTheWhatIfEditsAndClearingRerunsIt) {
  NullProgress progress;
  AppState s;
  s.args.path = (sunplan::test::source_dir() / "datasets" / "demo" / "scenario.toml").string();
  adopt_run(s, load_task(s.args)(progress), JobKind::load);
  ASSERT_TRUE(s.run && s.run->base);
  ASSERT_TRUE(has_base(*s.scene, "B001"));
  EXPECT_FALSE(s.run->siting.has_value());

  s.edits.push_back(scene::BaseEdit::remove("B001"));
  start_whatif(s);
  finish_job(s);
  EXPECT_EQ(s.whatif.applied, 1u);
  EXPECT_FALSE(has_base(*s.scene, "B001"));

  scene::SitingRequest req;
  req.model = "mclp";
  req.k = 2;
  start_siting(s, req);
  EXPECT_EQ(s.job_kind, JobKind::siting);
  finish_job(s);
  // The edit is still listed and still applied; the map shows the chosen sites.
  ASSERT_EQ(s.edits.size(), 1u);
  EXPECT_EQ(s.whatif.applied, 1u);
  ASSERT_TRUE(s.run->siting.has_value());
  EXPECT_EQ(s.run->edits, 1u);
  EXPECT_EQ(s.shown, s.run);
  EXPECT_FALSE(has_base(*s.scene, "B001"));
  ASSERT_NE(s.scene->find("sites"), nullptr);
  EXPECT_EQ(s.scene->find("sites")->size(), s.run->siting->chosen);

  // Equal to the session's siting on the same edit (the job passed state.edits along).
  const scene::ScenarioRun direct = scene::run_siting(*s.run, s.edits, req, progress);
  EXPECT_EQ(direct.siting->objective, s.run->siting->objective);
  EXPECT_EQ(direct.siting->chosen, s.run->siting->chosen);

  // Clearing the edits cannot reuse the sited run (it was made on edited data): it reruns
  // the siting on the data as loaded, so B001 is back and sites are still chosen.
  s.edits.clear();
  start_whatif(s);
  EXPECT_EQ(s.job_kind, JobKind::whatif);
  finish_job(s);
  EXPECT_TRUE(has_base(*s.scene, "B001"));
  ASSERT_TRUE(s.shown->siting.has_value());
  EXPECT_EQ(s.shown->edits, 0u);
  EXPECT_NE(s.scene->find("sites"), nullptr);

  // A reload starts over: the edits go.
  s.edits.push_back(scene::BaseEdit::remove("B001"));
  adopt_run(s, load_task(s.args)(progress), JobKind::load);
  EXPECT_TRUE(s.edits.empty());
  EXPECT_FALSE(s.run->siting.has_value());
}

// Aggregate privacy mode (#15): a result whose layers carry `suppressed` flags but also a
// per-youth layer (an edited or foreign file) reaches the map without it, so no youth point
// is drawn, picked or listed; the same scene without the flags keeps it.
TEST(AppState, AggregateModeDropsPerYouthLayers) {
  auto make = [](bool aggregate) {
    auto s = std::make_shared<scene::Scene>();
    scene::Layer t;
    t.name = "townships";
    t.kind = scene::LayerKind::polygon;
    t.columns = {{"code", false, {}, {}}};
    if (aggregate) t.columns.push_back({"suppressed", true, {}, {}});
    scene::Layer y;
    y.name = "youth";
    y.kind = scene::LayerKind::point;
    y.fids = {1};
    y.feature_bounds = {Box{}};
    y.anchors = {{0, 0}};
    y.columns = {{"id", false, {}, {"r1"}}};
    s->layers = {t, y};
    return s;
  };
  AppState full;
  adopt_scene(full, make(false));
  EXPECT_FALSE(full.disclosure.aggregate);
  EXPECT_NE(full.scene->find("youth"), nullptr);
  AppState agg;
  adopt_scene(agg, make(true));
  EXPECT_TRUE(agg.disclosure.aggregate);
  EXPECT_EQ(agg.scene->find("youth"), nullptr);
  ASSERT_EQ(agg.style.layers.size(), agg.scene->layers.size());
}
