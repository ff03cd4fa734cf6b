// `sunplan run` with [catchment] mode = "network" (issue 4, item 5): a straight road with
// hand-computed times, the problems it must report, its outputs, and the demo in network mode.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "network_fixture.hpp"
#include "network_stage.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/geos_ops.hpp"
#include "sunplan/network/network_reach.hpp"
#include "sunplan/pipeline/run.hpp"
#include "test_data.hpp"

namespace sunplan {
namespace {

constexpr double kX0 = 500000, kY0 = 3000000;  // EPSG:32650, about 27.1°N 117°E
constexpr double kInf = std::numeric_limits<double>::infinity();

std::string pt(double dx, double dy) {
  return test::point_wkt(kX0 + dx, kY0 + dy);
}

// One township; a 3000 m residential road along y = 0 at 6 km/h (100 m a minute) and a
// detached 400 m stub the strongly-connected cut drops. B1 (existing) at the road's start,
// B2 (candidate, so it serves nobody) at 2500 m, B3 (existing) 1400 m off every road.
// Youth: Y1..Y5 on the road at 400, 900, 1450, 1600, 2500 m; Y6, Y7 100 m off the road at
// 1000 and 1400 m (100 m off-road at 5 km/h = 1.2 min); Y8 900 m off the road.
class StraightRoad : public ::testing::Test {
 protected:
  void SetUp() override {
    using test::Row;
    t = std::make_unique<test::TempScenario>(
        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    t->layer(
        "townships", wkbPolygon, 32650, {"code", "name"},
        {{"POLYGON((499000 2999000,504000 2999000,504000 3001500,499000 3001500,499000 2999000))",
          {{"code", "430189001"}, {"name", "甲街道"}}}});
    t->layer("roads", wkbLineString, 32650, {"highway", "oneway"},
             {{"LINESTRING(500000 3000000,501000 3000000,503000 3000000)",
               {{"highway", "residential"}, {"oneway", "no"}}},
              {"LINESTRING(503500 3001000,503900 3001000)",
               {{"highway", "residential"}, {"oneway", "yes"}}}});
    t->layer(
        "bases", wkbPoint, 32650, {"id", "type", "status", "capacity"},
        {{pt(0, 0),
          {{"id", "B1"}, {"type", "warm_home"}, {"status", "existing"}, {"capacity", "100"}}},
         {pt(2500, 0),
          {{"id", "B2"}, {"type", "warm_home"}, {"status", "candidate"}, {"capacity", "100"}}},
         {pt(0, 1400),
          {{"id", "B3"}, {"type", "warm_home"}, {"status", "existing"}, {"capacity", "100"}}}});
    t->layer("youth", wkbPoint, 32650, {"id"},
             {{pt(400, 0), {{"id", "Y1"}}},
              {pt(900, 0), {{"id", "Y2"}}},
              {pt(1450, 0), {{"id", "Y3"}}},
              {pt(1600, 0), {{"id", "Y4"}}},
              {pt(2500, 0), {{"id", "Y5"}}},
              {pt(1000, 100), {{"id", "Y6"}}},
              {pt(1400, 100), {{"id", "Y7"}}},
              {pt(1000, 900), {{"id", "Y8"}}}});
  }

  Scenario scenario(const std::string& network_extra = "") {
    return t->scenario(R"([run]
name = "straight road"
output = "run.gpkg"
working_crs = "EPSG:32650"
[layers.townships]
source = "data.gpkg"
layer = "townships"
[layers.bases]
source = "data.gpkg"
layer = "bases"
[layers.bases.fields]
type = "type"
status = "status"
capacity = "capacity"
[layers.youth]
source = "data.gpkg"
layer = "youth"
[layers.youth.fields]
id = "id"
[layers.roads]
source = "data.gpkg"
layer = "roads"
[layers.roads.fields]
class = "highway"
oneway = "oneway"
[catchment]
mode = "network"
[network]
profile = "walk"
cutoff_min = 15
cutoffs_min = [5, 10, 15]
max_snap_m = 500
isochrone_mode = "dissolved"
buffer_m = 50
grid_cell_m = 100
cache_dir = "cache"
[network.speed_kmh]
residential = 6
)" + network_extra);
  }

  std::unique_ptr<test::TempScenario> t;
  NullProgress progress;
};

const Problem* find(const ProblemLog& log, const std::string& layer, const std::string& id) {
  for (const Problem& p : log.all())
    if (p.layer == layer && p.feature_id == id) return &p;
  return nullptr;
}

TEST_F(StraightRoad, HandComputedReachTimesAndServed) {
  RunOptions o;
  o.write_output = false;
  const RunResult r = run_scenario(scenario(), o, progress);
  ASSERT_TRUE(r.network);
  const auto& reach = r.coverage.reach;
  EXPECT_EQ(reach.in_reach_count, (std::vector<std::int32_t>{1, 1, 1, 0, 0, 1, 0, 0}));
  // Minutes by hand: distance / 100 m per minute, plus 1.2 min for 100 m off-road.
  const double expected_min[] = {4, 9, 14.5, 16, 25, 11.2, 15.2, kInf};
  for (int i = 0; i < 8; ++i) {
    if (std::isinf(expected_min[i])) {
      EXPECT_TRUE(std::isinf(reach.nearest_cost[i])) << i;
      EXPECT_EQ(reach.nearest[i], kNone) << i;
    } else {
      EXPECT_NEAR(reach.nearest_cost[i], expected_min[i] * 60, 0.05) << i;
      EXPECT_EQ(reach.nearest[i], 0) << i;  // B1; the candidate B2 never serves
    }
  }
  for (std::size_t i = 0; i < 8; ++i) {
    for (auto k = reach.reach.offsets[i]; k < reach.reach.offsets[i + 1]; ++k) {
      EXPECT_EQ(reach.reach.facility[k], 0u);
      EXPECT_NEAR(reach.reach.cost[k], expected_min[i] * 60, 0.05);
    }
  }
  EXPECT_EQ(r.summary.youth, 8);
  EXPECT_EQ(r.summary.in_reach, 4);
  EXPECT_EQ(r.summary.served, 4);
  EXPECT_EQ(r.summary.catchment_mode, "network");
  EXPECT_EQ(r.summary.unroutable_youth, 1);
  EXPECT_EQ(r.summary.unroutable_bases, 1);
  EXPECT_EQ(r.coverage.served.reason[7], coverage::UnservedReason::no_base_in_reach);
  EXPECT_EQ(r.coverage.served.reason[3], coverage::UnservedReason::no_base_in_reach);
  // The township's mean time to the nearest base, over the 7 routable youth, in seconds.
  const std::int32_t town = r.load.dataset.admin.townships.at(0);
  EXPECT_NEAR(r.coverage.figures.units[static_cast<std::size_t>(town)].mean_nearest,
              (4 + 9 + 14.5 + 16 + 25 + 11.2 + 15.2) * 60 / 7, 0.05);
}

TEST_F(StraightRoad, UnroutablePointsAndDroppedRoadsAreReported) {
  RunOptions o;
  o.write_output = false;
  const RunResult r = run_scenario(scenario(), o, progress);
  const ProblemLog& log = r.load.dataset.problems;
  const Problem* y8 = find(log, "youth", "Y8");
  ASSERT_NE(y8, nullptr);
  EXPECT_EQ(y8->severity, Severity::warning);
  EXPECT_EQ(y8->row, 8);
  EXPECT_NE(y8->reason.find("unroutable"), std::string::npos);
  ASSERT_TRUE(y8->lonlat);
  EXPECT_NEAR(y8->lonlat->x, 117.0, 0.05);
  const Problem* b3 = find(log, "bases", "B3");
  ASSERT_NE(b3, nullptr);
  EXPECT_EQ(b3->row, 3);
  EXPECT_EQ(find(log, "youth", "Y7"), nullptr);  // 100 m off the road is fine
  bool stub = false;
  for (const Problem& p : log.all())
    stub |= p.layer == "roads" && p.reason.find("largest strongly connected") != std::string::npos;
  EXPECT_TRUE(stub);
  EXPECT_EQ(r.network->built.report.pieces_dropped, 1u);
}

// The same numbers by a separate path: a graph built in the test from the known coordinates
// (no GDAL, no scenario) and one network::network_reach call.
TEST_F(StraightRoad, EqualsDirectNetworkReach) {
  RunOptions o;
  o.write_output = false;
  const RunResult r = run_scenario(scenario(), o, progress);
  network::Profile profile = network::make_profile(network::TravelMode::walk);
  profile.speed_kmh["residential"] = 6.0;
  std::vector<network::RoadLine> lines(1);
  lines[0].points = {{kX0, kY0}, {kX0 + 1000, kY0}, {kX0 + 3000, kY0}};
  lines[0].road_class = "residential";
  const auto built = network::build_road_graph(lines, profile, progress);
  const network::SnapIndex index(built.graph);
  std::vector<network::Location> bases = {index.snap({kX0, kY0}, {500}), network::Location{},
                                          index.snap({kX0, kY0 + 1400}, {500})};
  EXPECT_FALSE(bases[2].routable());
  PointSet youth;
  for (const auto& [dx, dy] : std::vector<std::pair<double, double>>{{400, 0},
                                                                     {900, 0},
                                                                     {1450, 0},
                                                                     {1600, 0},
                                                                     {2500, 0},
                                                                     {1000, 100},
                                                                     {1400, 100},
                                                                     {1000, 900}})
    youth.push_back({kX0 + dx, kY0 + dy});
  const auto youth_at = index.snap_all(youth, {500}, progress);
  const ReachMatrix direct =
      network::network_reach(built.graph, bases, youth_at, {.cutoff_s = 900}, progress);
  const ReachMatrix& staged = r.coverage.reach.reach;
  EXPECT_EQ(staged.offsets, direct.offsets);
  EXPECT_EQ(staged.facility, direct.facility);
  ASSERT_EQ(staged.cost.size(), direct.cost.size());
  for (std::size_t k = 0; k < direct.cost.size(); ++k)
    EXPECT_NEAR(staged.cost[k], direct.cost[k], 1e-3);
}

TEST_F(StraightRoad, IsochronesNestAndStayWithinTheirReach) {
  RunOptions o;
  o.write_output = false;
  const RunResult r = run_scenario(scenario(), o, progress);
  const auto& isos = r.network->isochrones;
  ASSERT_EQ(isos.size(), 3u);
  for (std::size_t k = 0; k + 1 < isos.size(); ++k) {
    const MultiPolygon outside = geo::difference(isos[k].area, isos[k + 1].area);
    EXPECT_LT(area(outside), 1e-6 * area(isos[k].area)) << "band " << k;
  }
  // Reached road at 5/10/15 minutes: 500/1000/1500 m from B1, each buffered by 50 m.
  for (std::size_t k = 0; k < 3; ++k) {
    const Box b = bounds(isos[k].area);
    EXPECT_NEAR(b.max_x, kX0 + 500.0 * (k + 1) + 50, 1.0) << k;
    EXPECT_NEAR(b.min_x, kX0 - 50, 1.0) << k;
  }
  // The catchment polygon (per base, 15 min) is B1's only.
  ASSERT_EQ(r.network->geometry.catchments.size(), 1u);
  EXPECT_EQ(r.network->geometry.catchment_base[0], 0);
}

// Network mode's catchment and gap polygons go through the same path as distance mode's
// (coverage_geometry): they report progress, and the planner's cancel stops them.
TEST_F(StraightRoad, CatchmentAndGapPolygonsReportProgressAndCancel) {
  struct Recorder final : Progress {
    std::string cancel_at;
    std::vector<std::string> stages;
    bool update(double, std::string_view stage) override {
      if (stages.empty() || stages.back() != stage) stages.emplace_back(stage);
      return stage != cancel_at;
    }
  };
  RunOptions o;
  o.write_output = false;
  Recorder seen;
  const RunResult r = run_scenario(scenario(), o, seen);
  // Y4..Y8 are out of reach: the township has a gap, so both steps ran.
  ASSERT_EQ(r.network->geometry.gaps.size(), 1u);
  for (const char* stage : {"catchments", "gap polygons"})
    EXPECT_NE(std::find(seen.stages.begin(), seen.stages.end(), stage), seen.stages.end())
        << stage;
  for (const char* stage : {"catchments", "gap polygons"}) {
    Recorder cancel;
    cancel.cancel_at = stage;
    EXPECT_THROW(run_scenario(scenario(), o, cancel), CancelledError) << stage;
  }
}

TEST_F(StraightRoad, WritesLayersInMinutesAndTheTravelTimeRaster) {
  RunOptions o;
  o.write_report = true;
  const RunResult r = run_scenario(scenario(), o, progress);
  GDALDatasetUniquePtr gpkg(GDALDataset::Open(r.summary.output_path.c_str(), GDAL_OF_VECTOR));
  ASSERT_TRUE(gpkg);
  OGRLayer* towns = gpkg->GetLayerByName("townships");
  ASSERT_NE(towns, nullptr);
  EXPECT_LT(towns->GetLayerDefn()->GetFieldIndex("mean_nearest_m"), 0);
  auto f = std::unique_ptr<OGRFeature>(towns->GetNextFeature());
  EXPECT_NEAR(f->GetFieldAsDouble("mean_nearest_min"), (4 + 9 + 14.5 + 16 + 25 + 11.2 + 15.2) / 7,
              1e-3);
  EXPECT_EQ(f->GetFieldAsInteger("in_reach"), 4);
  OGRLayer* isos = gpkg->GetLayerByName("isochrones");
  ASSERT_NE(isos, nullptr);
  EXPECT_EQ(isos->GetFeatureCount(), 3);
  OGRLayer* youth = gpkg->GetLayerByName("youth");
  ASSERT_NE(youth, nullptr);
  // Youth ids leave the building as row pseudonyms (pipeline/privacy.hpp): Y6 is row 6.
  youth->SetAttributeFilter("id = 'r6'");
  f.reset(youth->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_NEAR(f->GetFieldAsDouble("nearest_min"), 11.2, 1e-3);
  youth->SetAttributeFilter("id = 'r8'");
  f.reset(youth->GetNextFeature());
  ASSERT_TRUE(f);
  EXPECT_EQ(f->GetFieldAsInteger("routable"), 0);
  EXPECT_STREQ(f->GetFieldAsString("reason"), "no_base_in_reach");
  EXPECT_NE(gpkg->GetLayerByName("roads"), nullptr);

  // Raster: 100 m cells from (499000, 3001500). Cell centre (500550, 3000050) is 550 m along the
  // road plus 50 m off it: 5.5 + 0.6 = 6.1 min. (502550, 3000050): 26.1 min, beyond 15 min.
  ASSERT_FALSE(r.summary.travel_time_raster.empty());
  GDALDatasetUniquePtr tif(GDALDataset::Open(r.summary.travel_time_raster.c_str(), GDAL_OF_RASTER));
  ASSERT_TRUE(tif);
  double gt[6];
  tif->GetGeoTransform(gt);
  EXPECT_DOUBLE_EQ(gt[0], 499000);
  EXPECT_DOUBLE_EQ(gt[3], 3001500);
  EXPECT_DOUBLE_EQ(gt[1], 100);
  GDALRasterBand* band = tif->GetRasterBand(1);
  int has_nodata = 0;
  const double nodata = band->GetNoDataValue(&has_nodata);
  EXPECT_TRUE(has_nodata);
  float v = 0;
  ASSERT_EQ(band->RasterIO(GF_Read, 15, 14, 1, 1, &v, 1, 1, GDT_Float32, 0, 0), CE_None);
  EXPECT_NEAR(v, 6.1, 1e-3);
  ASSERT_EQ(band->RasterIO(GF_Read, 35, 14, 1, 1, &v, 1, 1, GDT_Float32, 0, 0), CE_None);
  EXPECT_EQ(v, nodata);
}

// Siting's view: candidates included, any demand points. Y5 stands on the candidate B2 (cost 0);
// Y1 is 4 min from B1; the unroutable base B3 is never listed.
TEST_F(StraightRoad, ReachForCandidatesIncludesThem) {
  RunOptions o;
  o.write_output = false;
  const RunResult r = run_scenario(scenario(), o, progress);
  const std::vector<std::int32_t> base_of = {0, 1, 2};
  const ReachMatrix m =
      network_reach_for(*r.network, r.load.dataset.youth.pos, base_of, 900, progress);
  ASSERT_EQ(m.demand_count(), 8u);
  ASSERT_EQ(m.row_size(0), 1u);
  EXPECT_EQ(m.facility[m.offsets[0]], 0u);
  EXPECT_NEAR(m.cost[m.offsets[0]], 240, 0.05);
  ASSERT_GE(m.row_size(4), 1u);
  EXPECT_EQ(m.facility[m.offsets[4]], 1u);
  EXPECT_NEAR(m.cost[m.offsets[4]], 0, 0.05);
  for (std::uint32_t f : m.facility) EXPECT_NE(f, 2u);
  EXPECT_EQ(m.row_size(7), 0u);
}

TEST_F(StraightRoad, UnknownNetworkKeyIsAnError) {
  RunOptions o;
  o.write_output = false;
  scenario();
  std::ifstream in(t->dir / "scenario.toml");
  std::string text((std::istreambuf_iterator<char>(in)), {});
  text.replace(text.find("cutoff_min = 15"), 15, "cutoff_min = 15\ncutof_min = 20");
  try {
    run_scenario(t->scenario(text), o, progress);
    ADD_FAILURE() << "no error for network.cutof_min";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("network.cutof_min"), std::string::npos) << e.what();
  }
  // A speed for a class no profile knows is an override, not an unknown key.
  EXPECT_NO_THROW(run_scenario(scenario("ferry_route = 20\n"), o, progress));
}

TEST_F(StraightRoad, LongerCutoffReachesMore) {
  RunOptions o;
  o.write_output = false;
  // 20 min: Y4 (16) and Y7 (15.2) join; Y5 (25) still out. Car profile: no oneway effect here.
  Scenario sc = scenario();
  auto text = [&] {
    std::ifstream in(t->dir / "scenario.toml");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }();
  text.replace(text.find("cutoff_min = 15"), 15, "cutoff_min = 20");
  text.replace(text.find("cutoffs_min = [5, 10, 15]"), 25, "cutoffs_min = [10, 20]");
  const RunResult r = run_scenario(t->scenario(text), o, progress);
  EXPECT_EQ(r.summary.in_reach, 6);
}

// The demo in network mode, end to end, checked against a direct network_reach on its graph.
TEST(DemoNetwork, RunsAndMatchesDirectReach) {
  const auto file = test::source_dir() / "datasets/demo/scenario-network.toml";
  ASSERT_TRUE(std::filesystem::exists(file));
  Scenario sc = read_scenario(file);
  const auto dir =
      std::filesystem::temp_directory_path() / ("sunplan_demo_net_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  RunOptions o;
  o.output_path = (dir / "demo-network.gpkg").string();
  NullProgress progress;
  const RunResult r = run_scenario(sc, o, progress);
  ASSERT_TRUE(r.network);
  const NetworkStage& st = *r.network;
  EXPECT_GT(r.summary.youth, 0);
  EXPECT_GT(r.summary.in_reach, 0);
  EXPECT_LE(r.summary.served, r.summary.in_reach);
  EXPECT_LT(r.summary.in_reach, r.summary.youth);

  // Independent path: snap on the forward graph, one network_reach.
  const network::SnapIndex index(st.built.graph);
  const auto& d = r.load.dataset;
  std::vector<network::Location> bases =
      index.snap_all(d.bases.pos, {st.settings.max_snap_m}, progress);
  for (std::size_t j = 0; j < bases.size(); ++j)
    if (d.bases.status[j] == BaseStatus::candidate) bases[j] = network::Location{};
  const auto youth = index.snap_all(d.youth.pos, {st.settings.max_snap_m}, progress);
  const ReachMatrix direct = network::network_reach(st.built.graph, bases, youth,
                                                    {.cutoff_s = st.settings.cutoff_s}, progress);
  EXPECT_EQ(r.coverage.reach.reach.offsets, direct.offsets);
  EXPECT_EQ(r.coverage.reach.reach.facility, direct.facility);
  std::int64_t in_reach = 0;
  for (std::size_t i = 0; i < d.youth.size(); ++i) {
    if (direct.row_size(i) == 0) continue;
    in_reach += d.youth.count[i];
    // Nearest base time agrees with the reach row's best entry.
    EXPECT_NEAR(r.coverage.reach.nearest_cost[i], direct.cost[direct.offsets[i]], 0.5) << i;
  }
  EXPECT_EQ(r.summary.in_reach, in_reach);
  // Bands nest.
  for (std::size_t k = 0; k + 1 < st.isochrones.size(); ++k) {
    if (st.isochrones[k].source != st.isochrones[k + 1].source) continue;
    EXPECT_LT(area(geo::difference(st.isochrones[k].area, st.isochrones[k + 1].area)), 1.0);
  }
  EXPECT_TRUE(std::filesystem::exists(r.summary.travel_time_raster));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace sunplan
