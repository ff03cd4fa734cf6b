// When CBC finds a better plan than the heuristic, the run's result, its `sites` layer and its
// summary hold CBC's plan (and its ids). The data is the greedy trap worked by hand: youth
// P, Q, R, S (2 each) on a line 2 km apart and T (1) 1 km off the middle; candidate S3 in the
// middle reaches Q, R and T (5 youth), S1 reaches P and Q, S2 reaches R and S (4 each), at
// 1,050 m. With 2 new bases the greedy takes S3 first and ends at 7; {S1, S2} covers all 8.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <map>

#include "network_fixture.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan {
namespace {

std::string point(double x, double y) {
  return "POINT (" + std::to_string(x) + " " + std::to_string(y) + ")";
}

TEST(SitingExact, CbcPlanReplacesAWorseHeuristicPlanInEveryOutput) {
  test::TempScenario t("siting_exact");
  using test::Row;
  const double x0 = 500'000, y0 = 3'400'000;  // UTM 51N, near Shanghai
  t.layer("townships", wkbPolygon, 32651, {"code", "name"},
          {{"POLYGON ((495000 3395000, 510000 3395000, 510000 3405000, 495000 3405000, "
            "495000 3395000))",
            {{"code", "310115001"}, {"name", "test township"}}}});
  t.layer("bases", wkbPoint, 32651, {"id", "type", "status"},
          {{point(x0 + 1000, y0), {{"id", "S1"}, {"type", "other"}, {"status", "candidate"}}},
           {point(x0 + 5000, y0), {{"id", "S2"}, {"type", "other"}, {"status", "candidate"}}},
           {point(x0 + 3000, y0), {{"id", "S3"}, {"type", "other"}, {"status", "candidate"}}}});
  std::vector<Row> youth;
  const double at[4] = {0, 2000, 4000, 6000};
  for (int k = 0; k < 4; ++k)
    for (int copy = 0; copy < 2; ++copy)
      youth.push_back({point(x0 + at[k], y0), {{"id", "Y" + std::to_string(2 * k + copy)}}});
  youth.push_back({point(x0 + 3000, y0 + 1000), {{"id", "T"}}});
  t.layer("youth", wkbPoint, 32651, {"id"}, youth);
  const Scenario sc = t.scenario(R"([run]
output = "out.gpkg"
[layers.townships]
source = "data.gpkg"
layer = "townships"
[layers.bases]
source = "data.gpkg"
layer = "bases"
[layers.bases.fields]
type = "type"
status = "status"
[layers.youth]
source = "data.gpkg"
layer = "youth"
[siting]
model = "mclp"
add = 2
radius_m = 1050
exact = true
)");
  SitingOptions so = siting_options(sc);
  so.heuristics.search = false;  // greedy alone: it falls in the trap
  so.heuristics.polish = false;
  so.heuristics.lp_bound_max_nonzeros = 0;
  RunOptions ro;
  ro.output_path = (t.dir / "out.gpkg").string();
  ro.write_report = false;
  ro.siting = so;
  NullProgress progress;
  const RunResult r = run_scenario(sc, ro, progress);
  ASSERT_TRUE(r.siting);
  const auto& s = *r.siting;

  // The greedy stage found 7; CBC proved 8, and the result is CBC's.
  const auto greedy = std::find_if(s.result.stages.begin(), s.result.stages.end(),
                                   [](const auto& st) { return st.name == "greedy"; });
  ASSERT_NE(greedy, s.result.stages.end());
  EXPECT_EQ(greedy->objective.value_or(0), 7);
  ASSERT_TRUE(s.exact);
  EXPECT_TRUE(s.exact->proven_optimal);
  EXPECT_EQ(s.exact->objective.value_or(0), 8);
  EXPECT_EQ(s.result.objective, 8);
  EXPECT_EQ(s.result.method, "cbc");
  EXPECT_EQ(s.result.bound, 8);  // proven by the Lagrangian already, or by CBC
  EXPECT_TRUE(s.result.proven_optimal);
  std::vector<std::string> ids;
  for (auto b : s.chosen_bases) ids.push_back(r.load.dataset.bases.id[static_cast<std::size_t>(b)]);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"S1", "S2"}));

  // The written layers: `sites` holds CBC's ids, the summary its method and objective.
  GDALDatasetUniquePtr out(GDALDataset::Open(ro.output_path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(out);
  std::vector<std::string> written;
  for (auto& f : *out->GetLayerByName("sites")) written.push_back(f->GetFieldAsString("id"));
  std::sort(written.begin(), written.end());
  EXPECT_EQ(written, ids);
  std::map<std::string, std::string> summary;
  for (auto& f : *out->GetLayerByName("siting_summary"))
    summary.emplace(f->GetFieldAsString("key"), f->GetFieldAsString("value"));
  EXPECT_EQ(summary["method"], "cbc");
  EXPECT_EQ(std::stod(summary["objective"]), 8);
  EXPECT_EQ(summary["exact_status"], "proven optimal");
}

}  // namespace
}  // namespace sunplan
