// On-disk cache of built road graphs, keyed by the input bytes and every profile option.
//
//   auto key = graph_cache_key("region.osm.pbf", profile, "EPSG:32650");
//   auto built = load_cached_graph(cache_file, key);       // nullopt: missing, stale or corrupt
//   if (!built) { built = read_osm_road_graph(...); save_cached_graph(cache_file, key, *built); }
//
// Or in one call: cached_osm_road_graph(file, profile, crs_id, project, cache_dir, progress).
// The format has a magic, a version, the key and a checksum of the payload (both the first
// 64 bits of SHA-256); anything that does not match is treated as absent (and rebuilt), never
// trusted.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "sunplan/network/osm_reader.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::network {

// SHA-256 (its first 64 bits) over the file's bytes, the profile's cache_key_text, the build
// options and crs_id (whatever names the projection callback, e.g. "EPSG:32650").
std::uint64_t graph_cache_key(const std::filesystem::path& input, const Profile& profile,
                              const std::string& crs_id, const GraphBuildOptions& options = {});

std::optional<BuiltGraph> load_cached_graph(const std::filesystem::path& cache_file,
                                            std::uint64_t key);
// Writes to a temporary file and renames it, so readers never see half a cache.
void save_cached_graph(const std::filesystem::path& cache_file, std::uint64_t key,
                       const BuiltGraph& built);

struct CachedGraph {
  BuiltGraph built;
  bool from_cache = false;
  std::filesystem::path cache_file;
};

CachedGraph cached_osm_road_graph(const std::filesystem::path& file, const Profile& profile,
                                  const std::string& crs_id, const ProjectLonLat& project,
                                  const std::filesystem::path& cache_dir, Progress& progress,
                                  const GraphBuildOptions& options = {});

}  // namespace sunplan::network
