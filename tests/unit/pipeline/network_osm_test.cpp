// Network mode on real OpenStreetMap data: Andorra, bases at its amenity=hospital nodes,
// synthetic townships and youth made here. Skips when ../shared/data is absent.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>

#include "network_fixture.hpp"
#include "network_stage.hpp"
#include "sunplan/network/network_reach.hpp"
#include "sunplan/pipeline/run.hpp"
#include "test_data.hpp"

namespace sunplan {
namespace {

// Appending avoids GCC 12's false -Wrestrict on `"literal" + std::to_string(n)`.
std::string numbered(std::string prefix, std::size_t n) {
  prefix += std::to_string(n);
  return prefix;
}

TEST(AndorraNetwork, HospitalsByCarMatchDirectReachAndHandCheck) {
  const auto pbf = test::shared_data("osm-samples/andorra.osm.pbf");
  if (!pbf) GTEST_SKIP() << test::missing_message("osm-samples/andorra.osm.pbf");
  GDALAllRegister();

  // Hospitals as GDAL's OSM driver reads them (an independent reader from libosmium).
  std::vector<std::pair<double, double>> hospitals;
  {
    GDALDatasetUniquePtr osm(GDALDataset::Open(pbf->c_str(), GDAL_OF_VECTOR));
    ASSERT_TRUE(osm);
    OGRLayer* points = osm->GetLayerByName("points");
    points->SetAttributeFilter("other_tags LIKE '%\"amenity\"=>\"hospital\"%'");
    for (auto& f : *points) {
      const OGRPoint* p = f->GetGeometryRef()->toPoint();
      hospitals.emplace_back(p->getX(), p->getY());
    }
  }
  ASSERT_GE(hospitals.size(),
            5u);  // 6 in the stored extract (osmium tags-filter n/amenity=hospital)

  test::TempScenario t("andorra");
  using test::Row;
  // Three strips over the country, 0.14 degrees wide.
  std::vector<Row> towns;
  for (int k = 0; k < 3; ++k) {
    const double x0 = 1.40 + 0.14 * k;
    towns.push_back({test::box_wkt(x0, 42.42, x0 + 0.14, 42.66),
                     {{"code", numbered("43018900", k + 1)}, {"name", numbered("strip ", k + 1)}}});
  }
  t.layer("townships", wkbPolygon, 4326, {"code", "name"}, towns);
  std::vector<Row> bases;
  for (std::size_t j = 0; j < hospitals.size(); ++j)
    bases.push_back({test::point_wkt(hospitals[j].first, hospitals[j].second),
                     {{"id", numbered("H", j + 1)}, {"type", "rehab"}, {"status", "existing"}}});
  t.layer("bases", wkbPoint, 4326, {"id", "type", "status"}, bases);
  // Youth on a 0.01-degree lattice, plus one exactly at the first hospital (the hand check).
  std::vector<Row> youth;
  youth.push_back({bases[0].wkt, {{"id", "AT_H1"}}});
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 24; ++j)
      youth.push_back({test::point_wkt(1.405 + 0.01 * i, 42.425 + 0.01 * j),
                       {{"id", numbered(numbered("Y", i) + "_", j)}}});
  t.layer("youth", wkbPoint, 4326, {"id"}, youth);

  const Scenario sc = t.scenario(R"([run]
output = "andorra.gpkg"
[layers.townships]
source = "data.gpkg"
layer = "townships"
[layers.bases]
source = "data.gpkg"
layer = "bases"
[layers.youth]
source = "data.gpkg"
layer = "youth"
[layers.roads]
source = ")" + pbf->string() + R"("
[catchment]
mode = "network"
count_status = ["existing"]
[network]
profile = "car"
cutoff_min = 10
cutoffs_min = [5, 10]
max_snap_m = 300
grid_cell_m = 0
cache_dir = "cache"
)");
  NullProgress progress;
  RunOptions o;
  o.write_output = false;
  const RunResult r = run_scenario(sc, o, progress);
  ASSERT_TRUE(r.network);
  const NetworkStage& st = *r.network;
  const Dataset& d = r.load.dataset;
  ASSERT_EQ(d.bases.size(), hospitals.size());
  ASSERT_EQ(d.youth.size(), youth.size());
  EXPECT_GT(st.built.graph.node_count(), 1000u);
  // Off-lattice youth in the mountains are far from roads: some must be unroutable, reported.
  EXPECT_GT(st.unroutable_youth, 0u);
  std::size_t reported = 0;
  for (const Problem& p : d.problems.all())
    reported += p.layer == "youth" && p.reason.find("unroutable") != std::string::npos;
  EXPECT_EQ(reported, st.unroutable_youth);

  // Independent path: snap on the forward graph, one network_reach, count by hand.
  const network::SnapIndex index(st.built.graph);
  const auto base_at = index.snap_all(d.bases.pos, {300}, progress);
  const auto youth_at = index.snap_all(d.youth.pos, {300}, progress);
  const ReachMatrix direct =
      network::network_reach(st.built.graph, base_at, youth_at, {.cutoff_s = 600}, progress);
  std::int64_t in_reach = 0, unroutable = 0;
  for (std::size_t i = 0; i < d.youth.size(); ++i) {
    in_reach += direct.row_size(i) > 0;
    unroutable += !youth_at[i].routable();
  }
  EXPECT_EQ(r.summary.in_reach, in_reach);
  EXPECT_EQ(static_cast<std::int64_t>(st.unroutable_youth), unroutable);
  EXPECT_EQ(r.coverage.reach.reach.offsets, direct.offsets);
  EXPECT_EQ(r.coverage.reach.reach.facility, direct.facility);
  EXPECT_GT(in_reach, 0);
  EXPECT_LT(in_reach, static_cast<std::int64_t>(d.youth.size()));

  // Hand check: a youth standing at hospital H1 reaches it in two identical off-road legs
  // (5 km/h) and nothing is nearer, unless H1 is unroutable.
  if (base_at[0].routable()) {
    const double legs_s = 2 * base_at[0].offroad_m / (5.0 / 3.6);
    EXPECT_EQ(r.coverage.reach.nearest[0], 0);
    EXPECT_NEAR(r.coverage.reach.nearest_cost[0], legs_s, 0.01);
    ASSERT_GT(direct.row_size(0), 0u);
    EXPECT_EQ(direct.facility[direct.offsets[0]], 0u);
    EXPECT_NEAR(direct.cost[direct.offsets[0]], legs_s, 0.01);
  }

  // The second run reads the graph from the cache and gives the same answer.
  const RunResult again = run_scenario(sc, o, progress);
  EXPECT_TRUE(again.network->graph_from_cache);
  EXPECT_EQ(again.coverage.reach.reach.facility, r.coverage.reach.reach.facility);
  EXPECT_EQ(again.summary.in_reach, r.summary.in_reach);
}

}  // namespace
}  // namespace sunplan
