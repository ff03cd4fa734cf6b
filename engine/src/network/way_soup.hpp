// Private: the common input of both graph builders (OSM ways and generic lines), already
// filtered and priced for one profile. Vertices carry a junction key: OSM node id, or an id of
// the rounded coordinates for lines.
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::network::detail {

inline constexpr std::uint8_t kForward = 1;
inline constexpr std::uint8_t kBackward = 2;

struct WaySoup {
  std::vector<std::uint64_t> keys;
  PointSet points;
  std::vector<std::uint64_t> way_offsets{0};
  std::vector<double> way_speed_mps;
  std::vector<std::uint8_t> way_directions;  // kForward | kBackward

  // Call after pushing the way's vertices: it spans [previous offset, keys.size()).
  void close_way(double speed_mps, std::uint8_t directions) {
    way_offsets.push_back(keys.size());
    way_speed_mps.push_back(speed_mps);
    way_directions.push_back(directions);
  }
};

// Splits ways at junctions, prices pieces, builds the CSR and (optionally) keeps only the
// largest strongly connected component. report comes in with the way counts filled.
BuiltGraph build_from_soup(WaySoup&& soup, GraphReport report, const GraphBuildOptions& options,
                           Progress& progress);

// Node labels of strongly connected components (iterative Tarjan) and their count.
std::uint32_t strong_components(const RoadGraph& graph, std::vector<std::uint32_t>& component);

}  // namespace sunplan::network::detail
