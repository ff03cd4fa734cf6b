// The on-disk cache of built road graphs: one file per (roads file, profile, CRS, options),
// in the format of network/graph_cache.hpp.
//
//   auto key = network::graph_cache_key(sha256_file("region.osm.pbf"), profile, "EPSG:32650");
//   auto built = io::load_cached_graph(cache_file, key);   // nullopt: missing, stale or corrupt
//   if (!built) { built = io::read_osm_road_graph(...); io::save_cached_graph(cache_file, key,
//   *built); }
//
// Or in one call: io::cached_osm_road_graph(file, profile, crs_id, project, cache_dir, progress).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sunplan/core/progress.hpp"
#include "sunplan/network/osm_ways.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::io {

std::optional<network::BuiltGraph> load_cached_graph(const std::filesystem::path& cache_file,
                                                     std::uint64_t key);
// Writes to a temporary file and renames it, so readers never see half a cache.
void save_cached_graph(const std::filesystem::path& cache_file, std::uint64_t key,
                       const network::BuiltGraph& built);

struct CachedGraph {
  network::BuiltGraph built;
  bool from_cache = false;
  std::filesystem::path cache_file;
};

// The graph of an OSM file from cache_dir when a valid cache is there, else read (and cached).
CachedGraph cached_osm_road_graph(const std::filesystem::path& file,
                                  const network::Profile& profile, const std::string& crs_id,
                                  const network::ProjectLonLat& project,
                                  const std::filesystem::path& cache_dir, Progress& progress,
                                  const network::GraphBuildOptions& options = {});

}  // namespace sunplan::io
