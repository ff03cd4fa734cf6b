// Road graph from an OpenStreetMap PBF/XML file (libosmium), for one travel profile.
//
//   auto project = [&](std::vector<double>& x, std::vector<double>& y) { /* lon/lat -> metres */ };
//   auto built = io::read_osm_road_graph("region.osm.pbf", make_profile(TravelMode::walk),
//                                        project, progress);
//
// Only the reading is here: every way's tags and node locations go to network::OsmWays, which
// applies the profile's tag rules and builds the graph (network/osm_ways.hpp, docs/network.md).
#pragma once

#include <filesystem>

#include "sunplan/core/progress.hpp"
#include "sunplan/network/osm_ways.hpp"
#include "sunplan/network/profile.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::io {

// Throws InputError when the file cannot be read.
network::BuiltGraph read_osm_road_graph(const std::filesystem::path& file,
                                        const network::Profile& profile,
                                        const network::ProjectLonLat& project, Progress& progress,
                                        const network::GraphBuildOptions& options = {});

}  // namespace sunplan::io
