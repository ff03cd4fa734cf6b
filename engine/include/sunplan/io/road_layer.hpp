// The scenario's `roads` layer as road lines in the working CRS, or as a ready graph when the
// source is an OpenStreetMap extract.
//
//   const LayerSpec* spec = sc.layer("roads");
//   if (is_osm_source(*spec)) {
//     auto g = io::cached_osm_road_graph(spec->source, profile, crs, lonlat_projector(crs),
//                                        cache_dir, progress);   // io/graph_cache_file.hpp
//   } else {
//     RoadLayer roads = read_road_layer(*spec, crs, profile, problems, progress);
//     auto g = network::build_road_graph(roads.lines, profile, progress);
//   }
//
// Field keys under [layers.roads.fields]: class (default source field "highway"; values are
// OSM highway names looked up in the profile), oneway (yes/true/1 = digitised direction,
// -1/reverse = against it, no/false/0/empty = both ways), speed (km/h, optional; overrides
// the class speed for that row). Rows that cannot be used (no or non-line geometry,
// untransformable coordinates, an unreadable speed) are rejected with a Problem.
#pragma once

#include <string>
#include <vector>

#include "sunplan/core/problems.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/network/osm_ways.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan {

struct RoadLayer {
  std::vector<network::RoadLine> lines;  // one per line part, working-CRS metres
  LayerReport report;
};

// True when the roads source is an OSM PBF/XML file (.pbf, .osm.pbf, .osm, .osm.bz2).
bool is_osm_source(const LayerSpec& spec);

// Reads a GDAL line layer. Problems are added to `problems`; throws InputError when the source,
// layer or the class field cannot be opened.
RoadLayer read_road_layer(const LayerSpec& spec, const std::string& working_crs,
                          ProblemLog& problems, Progress& progress);

// lon/lat (WGS84) -> working CRS, for io::read_osm_road_graph. Each call creates its own
// PROJ context, so the callback may be used from any one thread at a time.
network::ProjectLonLat lonlat_projector(const std::string& working_crs);

}  // namespace sunplan
