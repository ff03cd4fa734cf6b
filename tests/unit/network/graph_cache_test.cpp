#include "sunplan/network/graph_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "sunplan/network/osm_reader.hpp"

namespace sunplan::network {
namespace {

namespace fs = std::filesystem;

// A hand-made OSM file: every tag rule of the reader has a way here.
//   1(0,0) -- 2(0.001,0) -- 3(0.002,0)        way 10 residential, two-way
//              |                              way 11 2-4 primary oneway=yes, maxspeed=30
//   4(0.001,-0.001) -- 5(0.002,-0.001)        way 12 4-5 footway
//   way 13 3-5 residential oneway=-1; way 14 2-5 service access=no;
//   way 15 1-4 track with motor_vehicle=no; way 16 building (no highway);
//   way 17 3-99 (node 99 missing) residential; way 18 5-6-7-5 junction=roundabout tertiary
const char* kOsm = R"(<?xml version="1.0" encoding="UTF-8"?>
<osm version="0.6" generator="hand">
 <node id="1" lat="0.0" lon="0.0" version="1"/>
 <node id="2" lat="0.0" lon="0.001" version="1"/>
 <node id="3" lat="0.0" lon="0.002" version="1"/>
 <node id="4" lat="-0.001" lon="0.001" version="1"/>
 <node id="5" lat="-0.001" lon="0.002" version="1"/>
 <node id="6" lat="-0.0015" lon="0.0025" version="1"/>
 <node id="7" lat="-0.0005" lon="0.0025" version="1"/>
 <way id="10" version="1"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
 <way id="11" version="1"><nd ref="2"/><nd ref="4"/><tag k="highway" v="primary"/><tag k="oneway" v="yes"/><tag k="maxspeed" v="30"/></way>
 <way id="12" version="1"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
 <way id="13" version="1"><nd ref="3"/><nd ref="5"/><tag k="highway" v="residential"/><tag k="oneway" v="-1"/></way>
 <way id="14" version="1"><nd ref="2"/><nd ref="5"/><tag k="highway" v="service"/><tag k="access" v="no"/></way>
 <way id="15" version="1"><nd ref="1"/><nd ref="4"/><tag k="highway" v="track"/><tag k="motor_vehicle" v="no"/></way>
 <way id="16" version="1"><nd ref="1"/><nd ref="2"/><nd ref="4"/><nd ref="1"/><tag k="building" v="yes"/></way>
 <way id="17" version="1"><nd ref="3"/><nd ref="99"/><tag k="highway" v="residential"/></way>
 <way id="18" version="1"><nd ref="5"/><nd ref="6"/><nd ref="7"/><nd ref="5"/><tag k="highway" v="tertiary"/><tag k="junction" v="roundabout"/></way>
</osm>
)";

// Metres on a sphere around (0,0): enough for a hand-checked file near the equator.
void equirect(std::vector<double>& x, std::vector<double>& y) {
  constexpr double r = 6371000.0 * 3.14159265358979323846 / 180.0;
  for (auto& v : x) v *= r;
  for (auto& v : y) v *= r;
}

struct CacheTempDir {
  fs::path path;
  CacheTempDir() {
    path = fs::temp_directory_path() / ("sunplan-net-" + std::to_string(std::random_device{}()));
    fs::create_directories(path);
  }
  ~CacheTempDir() { fs::remove_all(path); }
};

fs::path write_osm(const CacheTempDir& dir) {
  const auto file = dir.path / "hand.osm";
  std::ofstream(file) << kOsm;
  return file;
}

TEST(OsmReader, HandMadeFileAppliesTagRules) {
  CacheTempDir dir;
  const auto file = write_osm(dir);
  NullProgress progress;
  auto car = read_osm_road_graph(file, make_profile(TravelMode::car), equirect, progress,
                                 {.keep_largest_scc_only = false});
  EXPECT_EQ(car.report.ways_read, 8u);           // every way with a highway tag (not 16)
  EXPECT_EQ(car.report.ways_profile_class, 7u);  // all but the footway
  EXPECT_EQ(car.report.ways_access_denied, 2u);  // access=no, motor_vehicle=no
  EXPECT_EQ(car.report.ways_degenerate, 1u);     // missing node 99
  EXPECT_EQ(car.report.ways_used, 4u);           // 10, 11, 13, 18
  EXPECT_EQ(car.report.oneway_ways, 3u);         // 11, 13, roundabout 18
  // Way 11: 111.19 m at min(60, maxspeed 30) km/h, forward only.
  const RoadGraph& g = car.graph;
  bool found = false;
  for (std::uint32_t p = 0; p < g.piece_count(); ++p) {
    if (std::abs(g.piece_length_m[p] - 111.195) < 0.01 &&
        std::abs(g.nodes[g.piece_from[p]].y) < 1e-9 && g.nodes[g.piece_to[p]].y < 0 &&
        std::abs(g.nodes[g.piece_to[p]].x - 111.195) < 0.01) {
      found = true;
      EXPECT_NEAR(g.piece_forward_s[p], 111.195 / (30 / 3.6), 1e-3);
      EXPECT_EQ(g.piece_backward_s[p], kUnreachable);
    }
  }
  EXPECT_TRUE(found);

  auto walk = read_osm_road_graph(file, make_profile(TravelMode::walk), equirect, progress,
                                  {.keep_largest_scc_only = false});
  EXPECT_EQ(walk.report.ways_profile_class, 8u);
  EXPECT_EQ(walk.report.ways_used, 6u);
  EXPECT_EQ(walk.report.ways_access_denied, 1u);  // access=no (motor_vehicle=no does not bind feet)
  EXPECT_EQ(walk.report.oneway_ways, 0u);
}

TEST(GraphCache, RoundTripRejectsCorruptionAndRebuilds) {
  CacheTempDir dir;
  const auto file = write_osm(dir);
  NullProgress progress;
  const Profile walk = make_profile(TravelMode::walk);
  auto first =
      cached_osm_road_graph(file, walk, "equirect", equirect, dir.path / "cache", progress);
  EXPECT_FALSE(first.from_cache);
  auto second =
      cached_osm_road_graph(file, walk, "equirect", equirect, dir.path / "cache", progress);
  EXPECT_TRUE(second.from_cache);
  EXPECT_EQ(second.cache_file, first.cache_file);
  const RoadGraph &a = first.built.graph, &b = second.built.graph;
  EXPECT_EQ(a.nodes.x, b.nodes.x);
  EXPECT_EQ(a.piece_forward_s, b.piece_forward_s);
  EXPECT_EQ(a.piece_points.y, b.piece_points.y);
  EXPECT_EQ(a.arc_offsets, b.arc_offsets);
  EXPECT_EQ(first.built.report.ways_used, second.built.report.ways_used);

  // A different profile option is a different key.
  Profile slow = walk;
  slow.speed_kmh["residential"] = 4.0;
  const auto key = graph_cache_key(file, walk, "equirect");
  EXPECT_NE(key, graph_cache_key(file, slow, "equirect"));
  EXPECT_NE(key, graph_cache_key(file, walk, "EPSG:32631"));
  EXPECT_FALSE(load_cached_graph(first.cache_file, key + 1).has_value());

  // Flip one payload byte: the checksum catches it and the graph is rebuilt.
  {
    std::fstream f(first.cache_file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekg(60);
    char c;
    f.read(&c, 1);
    c = static_cast<char>(c ^ 0x5a);
    f.seekp(60);
    f.write(&c, 1);
  }
  EXPECT_FALSE(load_cached_graph(first.cache_file, key).has_value());
  auto third =
      cached_osm_road_graph(file, walk, "equirect", equirect, dir.path / "cache", progress);
  EXPECT_FALSE(third.from_cache);
  EXPECT_EQ(third.built.graph.piece_forward_s, a.piece_forward_s);
  EXPECT_TRUE(load_cached_graph(first.cache_file, key).has_value());

  // Truncated file.
  fs::resize_file(first.cache_file, fs::file_size(first.cache_file) - 3);
  EXPECT_FALSE(load_cached_graph(first.cache_file, key).has_value());
}

}  // namespace
}  // namespace sunplan::network
