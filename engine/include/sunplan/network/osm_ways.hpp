// OpenStreetMap ways into a road graph for one travel profile, from memory: the file reader
// (io/osm_roads.hpp, libosmium) hands each way's tags and node locations to OsmWays, which
// applies the profile's tag rules and builds the graph, so this module reads no file.
//
//   network::OsmWays ways(make_profile(TravelMode::walk));
//   if (ways.begin_way([&](const char* key) { return tags.get_value_by_key(key); })) {
//     for (const auto& node : way_nodes) ways.add_node(node.id, node.lon, node.lat);
//     ways.end_way(/*missing_node=*/false);
//   }
//   BuiltGraph built = std::move(ways).build(project, {}, progress);
//
// Access tags (access, foot, bicycle, motor_vehicle, motorcar, vehicle), area=yes,
// oneway/oneway:bicycle/oneway:foot, junction=roundabout and maxspeed (car) are applied per
// profile; see docs/network.md. Ways are split at nodes shared with other routable ways.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/network/profile.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::network {

namespace detail {
struct WaySoup;
}

// Projects lon (x) and lat (y) arrays in place into the working CRS, so network needs no PROJ.
using ProjectLonLat = std::function<void(std::vector<double>& x, std::vector<double>& y)>;

// A way's tag value by key, or nullptr when the way has no such tag.
using OsmTagLookup = std::function<const char*(const char* key)>;

class OsmWays {
 public:
  explicit OsmWays(const Profile& profile);
  ~OsmWays();
  OsmWays(const OsmWays&) = delete;
  OsmWays& operator=(const OsmWays&) = delete;

  // Starts a way; false (and counted in the report) when the profile does not use it, in
  // which case no add_node/end_way follows.
  bool begin_way(const OsmTagLookup& tags);
  // lon/lat in degrees; repeated consecutive node ids are kept once.
  void add_node(std::uint64_t id, double lon, double lat);
  // missing_node: one of the way's nodes had no location; such a way is counted degenerate.
  void end_way(bool missing_node);

  BuiltGraph build(const ProjectLonLat& project, const GraphBuildOptions& options,
                   Progress& progress) &&;

 private:
  const Profile& m_profile;
  std::unique_ptr<detail::WaySoup> m_soup;
  GraphReport m_report;
  std::size_t m_mark = 0;
  double m_speed_mps = 0.0;
  std::uint8_t m_directions = 0;
};

}  // namespace sunplan::network
