#include "sunplan/network/graph_cache.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>

#include "sunplan/core/sha256.hpp"
#include "sunplan/io/graph_cache_file.hpp"
#include "sunplan/io/osm_roads.hpp"

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
  auto car = io::read_osm_road_graph(file, make_profile(TravelMode::car), equirect, progress,
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

  auto walk = io::read_osm_road_graph(file, make_profile(TravelMode::walk), equirect, progress,
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
      io::cached_osm_road_graph(file, walk, "equirect", equirect, dir.path / "cache", progress);
  EXPECT_FALSE(first.from_cache);
  auto second =
      io::cached_osm_road_graph(file, walk, "equirect", equirect, dir.path / "cache", progress);
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
  const std::string digest = sha256_file(file);
  const auto key = graph_cache_key(digest, walk, "equirect");
  EXPECT_NE(key, graph_cache_key(digest, slow, "equirect"));
  EXPECT_NE(key, graph_cache_key(digest, walk, "EPSG:32631"));
  EXPECT_FALSE(io::load_cached_graph(first.cache_file, key + 1).has_value());

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
  EXPECT_FALSE(io::load_cached_graph(first.cache_file, key).has_value());
  auto third =
      io::cached_osm_road_graph(file, walk, "equirect", equirect, dir.path / "cache", progress);
  EXPECT_FALSE(third.from_cache);
  EXPECT_EQ(third.built.graph.piece_forward_s, a.piece_forward_s);
  EXPECT_TRUE(io::load_cached_graph(first.cache_file, key).has_value());

  // Truncated file.
  fs::resize_file(first.cache_file, fs::file_size(first.cache_file) - 3);
  EXPECT_FALSE(io::load_cached_graph(first.cache_file, key).has_value());
}

// The key and the file bytes below were computed by this Python, from the formula and layout
// documented in network/graph_cache.hpp, not by the code under test:
//   import hashlib, struct
//   L = lambda s: struct.pack('<Q', len(s)) + s.encode()
//   m = (L(hashlib.sha256(b'abc').hexdigest()) + L('mode=walk;oneway=0;maxspeed=0;footway=5')
//        + L('EPSG:32650') + struct.pack('<d', 0.001) + bytes([1]) + struct.pack('<I', 3))
//   key = int(hashlib.sha256(m).hexdigest()[:16], 16)                      # 0x342d72a49df46b71
//   A = lambda f, v: struct.pack('<Q', len(v)) + b''.join(struct.pack('<' + f, x) for x in v)
//   p = (b''.join(struct.pack('<Q', v) for v in [1, 1, 0, 0, 1, 1, 2, 1, 1, 1, 0, 0, 0])
//        + A('d', [0, 3]) + A('d', [0, 4]) + A('I', [0]) + A('I', [1]) + A('f', [2.5])
//        + A('f', [float('inf')]) + A('f', [5]) + A('I', [0, 2]) + A('d', [0, 3]) + A('d', [0, 4]))
//   c = int(hashlib.sha256(p).hexdigest()[:16], 16)
//   f = b'SPNGRAPH' + struct.pack('<IIQQQ', 3, 0, key, len(p), c) + p   # 316 bytes
//   hashlib.sha256(f).hexdigest()
// A change here invalidates every cache on disk: bump kGraphCacheVersion and update the pins.
TEST(GraphCache, KeyAndFileLayoutArePinned) {
  Profile profile;
  profile.mode = TravelMode::walk;
  profile.speed_kmh = {{"footway", 5.0}};
  profile.obey_oneway = false;
  profile.use_maxspeed = false;
  ASSERT_EQ(cache_key_text(profile), "mode=walk;oneway=0;maxspeed=0;footway=5");
  const std::string digest = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  ASSERT_EQ(sha256_hex("abc"), digest);
  const std::uint64_t key = graph_cache_key(digest, profile, "EPSG:32650");
  EXPECT_EQ(key, 0x342d72a49df46b71ULL);
  EXPECT_EQ(graph_cache_file_name(TravelMode::walk, key), "roads-walk-342d72a49df46b71.spgraph");

  // One piece from (0,0) to (3,4), 5 m, open forward only (2.5 s).
  BuiltGraph built;
  RoadGraph& g = built.graph;
  g.nodes.push_back({0.0, 0.0});
  g.nodes.push_back({3.0, 4.0});
  g.piece_from = {0};
  g.piece_to = {1};
  g.piece_forward_s = {2.5f};
  g.piece_backward_s = {kUnreachable};
  g.piece_length_m = {5.0f};
  g.piece_point_offsets = {0, 2};
  g.piece_points.push_back({0.0, 0.0});
  g.piece_points.push_back({3.0, 4.0});
  rebuild_arcs(g);
  GraphReport& r = built.report;
  r.ways_read = r.ways_profile_class = r.ways_used = r.oneway_ways = 1;
  r.nodes_before = 2;
  r.pieces_before = r.arcs_before = r.components = 1;

  CacheTempDir dir;
  const fs::path file = dir.path / graph_cache_file_name(TravelMode::walk, key);
  io::save_cached_graph(file, key, built);
  std::ifstream in(file, std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.size(), 316u);
  EXPECT_EQ(bytes.substr(0, 8), "SPNGRAPH");
  EXPECT_EQ(sha256_hex(bytes), "da5f71fb06ad676819cb30d952d23c344e3f9b4104d8b48d14e1ccc1e9e3c12e");

  const auto back = io::load_cached_graph(file, key);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->graph.nodes.x, g.nodes.x);
  EXPECT_EQ(back->graph.nodes.y, g.nodes.y);
  EXPECT_EQ(back->graph.piece_from, g.piece_from);
  EXPECT_EQ(back->graph.piece_to, g.piece_to);
  EXPECT_EQ(back->graph.piece_forward_s, g.piece_forward_s);
  EXPECT_EQ(back->graph.piece_backward_s, g.piece_backward_s);
  EXPECT_EQ(back->graph.piece_length_m, g.piece_length_m);
  EXPECT_EQ(back->graph.piece_point_offsets, g.piece_point_offsets);
  EXPECT_EQ(back->graph.piece_points.x, g.piece_points.x);
  EXPECT_EQ(back->graph.piece_points.y, g.piece_points.y);
  EXPECT_EQ(back->graph.arc_offsets, g.arc_offsets);
  EXPECT_EQ(back->graph.arc_piece, g.arc_piece);
  ASSERT_EQ(back->graph.arc_count(), 1u);
  EXPECT_EQ(back->graph.arcs[0].head, 1u);
  EXPECT_EQ(back->graph.arcs[0].seconds, 2.5f);
  EXPECT_EQ(back->report.ways_used, 1u);
  EXPECT_EQ(back->report.oneway_ways, 1u);
  EXPECT_EQ(back->report.arcs_before, 1u);
  EXPECT_FALSE(io::load_cached_graph(file, key ^ 1).has_value());
}

}  // namespace
}  // namespace sunplan::network
