#include "sunplan/io/graph_cache_file.hpp"

#include <fstream>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"
#include "sunplan/io/osm_roads.hpp"
#include "sunplan/network/graph_cache.hpp"

namespace sunplan::io {

std::optional<network::BuiltGraph> load_cached_graph(const std::filesystem::path& cache_file,
                                                     std::uint64_t key) {
  std::ifstream in(cache_file, std::ios::binary);
  if (!in) return std::nullopt;
  std::error_code ec;
  const auto size = std::filesystem::file_size(cache_file, ec);
  if (ec) return std::nullopt;
  std::vector<char> bytes(size);
  in.read(bytes.data(), static_cast<std::streamsize>(size));
  if (!in) return std::nullopt;
  return network::decode_cached_graph(bytes, key);
}

void save_cached_graph(const std::filesystem::path& cache_file, std::uint64_t key,
                       const network::BuiltGraph& built) {
  const std::vector<char> bytes = network::encode_cached_graph(key, built);
  std::filesystem::create_directories(cache_file.parent_path().empty() ? std::filesystem::path(".")
                                                                       : cache_file.parent_path());
  const auto tmp = std::filesystem::path(cache_file.string() + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw ResourceError("cannot write graph cache " + tmp.string());
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw ResourceError("cannot write graph cache " + tmp.string());
  }
  std::filesystem::rename(tmp, cache_file);
}

CachedGraph cached_osm_road_graph(const std::filesystem::path& file,
                                  const network::Profile& profile, const std::string& crs_id,
                                  const network::ProjectLonLat& project,
                                  const std::filesystem::path& cache_dir, Progress& progress,
                                  const network::GraphBuildOptions& options) {
  CachedGraph out;
  // The file's digest, which the run metadata also records (memoised by sha256_file).
  const std::uint64_t key = network::graph_cache_key(sha256_file(file), profile, crs_id, options);
  out.cache_file = cache_dir / network::graph_cache_file_name(profile.mode, key);
  if (auto cached = load_cached_graph(out.cache_file, key)) {
    out.built = std::move(*cached);
    out.from_cache = true;
    return out;
  }
  out.built = read_osm_road_graph(file, profile, project, progress, options);
  save_cached_graph(out.cache_file, key, out.built);
  return out;
}

}  // namespace sunplan::io
