// The road-graph cache's key and file format, in memory: io/graph_cache_file.hpp reads and
// writes the files.
//
//   auto key = graph_cache_key(sha256_file("region.osm.pbf"), profile, "EPSG:32650");
//   std::vector<char> bytes = encode_cached_graph(key, built);        // the whole file
//   std::optional<BuiltGraph> back = decode_cached_graph(bytes, key);  // nullopt: stale/corrupt
//
// Layout (little-endian, as written by x86-64 and aarch64): 8 bytes magic "SPNGRAPH",
// u32 version (kGraphCacheVersion), u32 reserved 0, u64 key, u64 payload size, u64 checksum,
// then the payload: the 13 GraphReport counters as u64 (in declaration order), then each of
// nodes.x, nodes.y (f64), piece_from, piece_to (u32), piece_forward_s, piece_backward_s,
// piece_length_m (f32), piece_point_offsets (u32), piece_points.x, piece_points.y (f64) as a
// u64 element count followed by the elements. Key and checksum are the first 64 bits of a
// SHA-256 (its first 16 hex digits read as a number); anything that does not match is treated
// as absent (and rebuilt), never trusted. GraphCache.KeyAndFileLayoutArePinned pins both.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "sunplan/network/profile.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::network {

// 3: the key hashes the input's SHA-256 digest, not its bytes again; 2: SHA-256 key and
// checksum (1: FNV-1a).
inline constexpr std::uint32_t kGraphCacheVersion = 3;
inline constexpr std::size_t kGraphCacheHeaderBytes = 40;

// SHA-256 (its first 64 bits) over, in order: each of input_sha256 (the roads file's
// lowercase hex SHA-256, as sha256_file gives it and the run metadata records it),
// cache_key_text(profile) and crs_id (whatever names the projection, e.g. "EPSG:32650") as a
// u64 length and its bytes; then options.junction_grid_m (f64), keep_largest_scc_only (one
// byte, 0 or 1) and kGraphCacheVersion (u32).
std::uint64_t graph_cache_key(const std::string& input_sha256, const Profile& profile,
                              const std::string& crs_id, const GraphBuildOptions& options = {});

// "roads-<mode>-<key as 16 hex digits>.spgraph"
std::string graph_cache_file_name(TravelMode mode, std::uint64_t key);

// The whole cache file for a graph.
std::vector<char> encode_cached_graph(std::uint64_t key, const BuiltGraph& built);

// nullopt when the bytes are not a consistent cache file for this key.
std::optional<BuiltGraph> decode_cached_graph(std::span<const char> bytes, std::uint64_t key);

}  // namespace sunplan::network
