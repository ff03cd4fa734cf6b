// Road graph from an OpenStreetMap PBF/XML file (libosmium), for one travel profile.
//
//   auto project = [&](std::vector<double>& x, std::vector<double>& y) { /* lon/lat -> metres */ };
//   auto built = read_osm_road_graph("region.osm.pbf", make_profile(TravelMode::walk), project,
//                                    progress);
//
// The projection callback receives lon (x) and lat (y) arrays and projects them in place into
// the working CRS, so this module needs no PROJ. Ways are split at nodes shared with other
// routable ways. Access tags (access, foot, bicycle, motor_vehicle, motorcar, vehicle) and
// oneway/junction=roundabout are applied per profile; see docs/network.md.
#pragma once

#include <filesystem>
#include <functional>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/network/profile.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::network {

using ProjectLonLat = std::function<void(std::vector<double>& x, std::vector<double>& y)>;

// Throws InputError when the file cannot be read.
BuiltGraph read_osm_road_graph(const std::filesystem::path& file, const Profile& profile,
                               const ProjectLonLat& project, Progress& progress,
                               const GraphBuildOptions& options = {});

}  // namespace sunplan::network
