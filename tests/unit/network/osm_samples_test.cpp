// Real OSM extracts: the parse checked against `osmium tags-filter` counts, and travel times
// against networkx (tests/network_oracle/network_oracle.py), which parses the file on its own.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>

#include "sunplan/io/graph_arc_list.hpp"
#include "sunplan/io/osm_roads.hpp"
#include "sunplan/network/snap.hpp"
#include "sunplan/network/travel_times.hpp"
#include "test_data.hpp"

namespace sunplan::network {
namespace {

namespace fs = std::filesystem;

struct OsmTempDir {
  fs::path path;
  OsmTempDir() {
    path = fs::temp_directory_path() / ("sunplan-osm-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~OsmTempDir() { fs::remove_all(path); }
};

bool have(const char* tool) {
  return std::system((std::string("command -v ") + tool + " >/dev/null 2>&1").c_str()) == 0;
}

std::string run(const std::string& command) {
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buf[4096];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    if (pclose(p) != 0) ADD_FAILURE() << "failed: " << command;
  }
  return out;
}

std::uint64_t osmium_way_count(const fs::path& pbf, const std::string& filter,
                               const OsmTempDir& dir) {
  const auto out = dir.path / "filtered.osm.pbf";
  run("osmium tags-filter -O -R -o '" + out.string() + "' '" + pbf.string() + "' '" + filter +
      "' 2>&1");
  return std::stoull(run("osmium fileinfo -e -g data.count.ways '" + out.string() + "'"));
}

struct Equirect {
  double lon0, lat0;
  void operator()(std::vector<double>& x, std::vector<double>& y) const {
    const double r = 6371000.0 * 3.14159265358979323846 / 180.0;
    const double k = std::cos(lat0 * 3.14159265358979323846 / 180.0);
    for (std::size_t i = 0; i < x.size(); ++i) {
      x[i] = (x[i] - lon0) * k * r;
      y[i] = (y[i] - lat0) * r;
    }
  }
};

struct Sample {
  const char* file;
  double lon0, lat0;  // bbox centre
};

const Sample kSamples[] = {{"osm-samples/andorra.osm.pbf", 1.43, 42.26},
                           {"osm-samples/north-bayreuth.osm.pbf", 11.54, 49.99},
                           {"osm-samples/helsinki.osm.pbf", 24.944, 60.172}};

std::string classes_of(const Profile& p) {
  std::string s;
  for (const auto& [cls, kmh] : p.speed_kmh) s += (s.empty() ? "" : ",") + cls;
  return s;
}

std::string speeds_of(const Profile& p) {
  std::ostringstream s;
  s.precision(17);
  for (const auto& [cls, kmh] : p.speed_kmh) s << (s.tellp() > 0 ? "," : "") << cls << "=" << kmh;
  return s.str();
}

class OsmSamples : public ::testing::TestWithParam<Sample> {};

TEST_P(OsmSamples, WayCountsAgreeWithOsmiumTagsFilter) {
  const auto pbf = sunplan::test::shared_data(GetParam().file);
  if (!pbf) GTEST_SKIP() << sunplan::test::missing_message(GetParam().file);
  if (!have("osmium")) GTEST_SKIP() << "osmium CLI not installed";
  OsmTempDir dir;
  NullProgress progress;
  const Equirect project{GetParam().lon0, GetParam().lat0};
  const std::uint64_t all_highways = osmium_way_count(*pbf, "w/highway", dir);
  for (auto mode : {TravelMode::walk, TravelMode::bicycle, TravelMode::car}) {
    const Profile profile = make_profile(mode);
    auto built = io::read_osm_road_graph(*pbf, profile, project, progress);
    const auto& r = built.report;
    EXPECT_EQ(r.ways_read, all_highways) << to_string(mode);
    EXPECT_EQ(r.ways_profile_class, osmium_way_count(*pbf, "w/highway=" + classes_of(profile), dir))
        << to_string(mode);
    EXPECT_EQ(r.ways_used + r.ways_access_denied + r.ways_degenerate, r.ways_profile_class);
    EXPECT_EQ(r.nodes_before, r.nodes_dropped + built.graph.node_count());
    EXPECT_EQ(r.pieces_before, r.pieces_dropped + built.graph.piece_count());
    EXPECT_GT(built.graph.node_count(), 100u) << to_string(mode);
    EXPECT_GT(built.graph.node_count(), 2 * r.nodes_dropped) << "most nodes are in the largest SCC";
  }
}

TEST_P(OsmSamples, TravelTimesAgreeWithNetworkxOnIndependentParse) {
  const auto pbf = sunplan::test::shared_data(GetParam().file);
  if (!pbf) GTEST_SKIP() << sunplan::test::missing_message(GetParam().file);
  if (!have("osmium")) GTEST_SKIP() << "osmium CLI not installed";
  OsmTempDir dir;
  NullProgress progress;
  const Equirect project{GetParam().lon0, GetParam().lat0};
  for (auto mode : {TravelMode::walk, TravelMode::car}) {
    const Profile profile = make_profile(mode);
    auto built = io::read_osm_road_graph(*pbf, profile, project, progress);
    const RoadGraph& g = built.graph;
    const std::uint32_t source = static_cast<std::uint32_t>(g.node_count() / 2);
    const Vec2 s = g.nodes[source];
    const auto out = dir.path / "osm_times.tsv";
    std::ostringstream cmd;
    cmd.precision(17);
    cmd << "/usr/bin/python3 '" << SUNPLAN_NETWORK_ORACLE << "/network_oracle.py' osm '"
        << pbf->string() << "' " << to_string(mode) << " '" << speeds_of(profile) << "' "
        << GetParam().lon0 << " " << GetParam().lat0 << " " << s.x << " " << s.y << " '"
        << out.string() << "'";
    run(cmd.str());
    // Index python's nodes by position (mm); positions shared by several OSM nodes are skipped.
    std::map<std::pair<long long, long long>, double> oracle;
    std::map<std::pair<long long, long long>, int> seen;
    std::ifstream in(out);
    double x, y, t;
    while (in >> x >> y >> t) {
      const std::pair<long long, long long> key{std::llround(x * 1000), std::llround(y * 1000)};
      oracle[key] = t;
      ++seen[key];
    }
    ASSERT_GT(oracle.size(), 100u);
    SnapIndex index(g);
    const std::vector<Location> src{index.snap(s)};
    auto times = multi_source_times(g, src, {}, {}, progress);
    std::size_t compared = 0, missing = 0;
    for (std::uint32_t v = 0; v < g.node_count(); ++v) {
      const std::pair<long long, long long> key{std::llround(g.nodes.x[v] * 1000),
                                                std::llround(g.nodes.y[v] * 1000)};
      auto it = oracle.find(key);
      if (it == oracle.end()) {
        ++missing;
        continue;
      }
      if (seen[key] > 1) continue;
      ++compared;
      ASSERT_NEAR(times.node_seconds[v], it->second, 0.02 + 2e-6 * it->second)
          << to_string(mode) << " node " << v;
    }
    EXPECT_EQ(missing, 0u) << "every node of the largest SCC is reachable in networkx";
    EXPECT_GT(compared, g.node_count() * 9 / 10);
  }
}

TEST_P(OsmSamples, MultiSourceAgreesWithNetworkxOnExportedArcs) {
  const auto pbf = sunplan::test::shared_data(GetParam().file);
  if (!pbf) GTEST_SKIP() << sunplan::test::missing_message(GetParam().file);
  OsmTempDir dir;
  NullProgress progress;
  auto built = io::read_osm_road_graph(*pbf, make_profile(TravelMode::car),
                                       Equirect{GetParam().lon0, GetParam().lat0}, progress);
  const RoadGraph& g = built.graph;
  io::write_arc_list(g, dir.path / "arcs.tsv");
  const std::uint32_t n = static_cast<std::uint32_t>(g.node_count());
  const std::vector<std::uint32_t> nodes{0, n / 3, 2 * n / 3};
  SnapIndex index(g);
  std::vector<Location> sources;
  for (auto v : nodes) sources.push_back(index.snap(g.nodes[v]));
  auto times = multi_source_times(g, sources, {}, {}, progress);
  const auto out = dir.path / "times.tsv";
  run("/usr/bin/python3 '" + std::string(SUNPLAN_NETWORK_ORACLE) + "/network_oracle.py' arcs '" +
      (dir.path / "arcs.tsv").string() + "' " + std::to_string(nodes[0]) + "," +
      std::to_string(nodes[1]) + "," + std::to_string(nodes[2]) + " '" + out.string() + "'");
  std::ifstream in(out);
  std::uint32_t v;
  double t;
  std::size_t count = 0;
  while (in >> v >> t) {
    ASSERT_NEAR(times.node_seconds[v], t, 0.02 + 2e-6 * t) << "node " << v;
    ++count;
  }
  EXPECT_EQ(count, g.node_count());
}

INSTANTIATE_TEST_SUITE_P(Real, OsmSamples, ::testing::ValuesIn(kSamples), [](const auto& info) {
  std::string name = fs::path(info.param.file).stem().stem().string();
  std::erase(name, '-');
  return name;
});

}  // namespace
}  // namespace sunplan::network
