#include "sunplan/network/graph_cache.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <type_traits>

#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"

namespace sunplan::network {

namespace {

constexpr char kMagic[8] = {'S', 'P', 'N', 'G', 'R', 'A', 'P', 'H'};
// 3: the key hashes the input's SHA-256 digest, not its bytes again; 2: SHA-256 key and
// checksum (1: FNV-1a)
constexpr std::uint32_t kVersion = 3;

// The project's one hash (SHA-256, core/sha256.hpp) cut to its first 64 bits: the cache key
// and the payload checksum of the file format.
struct Hash64 {
  Sha256 sha;
  void add(const void* data, std::size_t n) { sha.update(data, n); }
  void add(const std::string& s) {
    const std::uint64_t n = s.size();
    add(&n, sizeof n);
    add(s.data(), s.size());
  }
  std::uint64_t finish() { return std::stoull(sha.hex_digest().substr(0, 16), nullptr, 16); }
};

class Writer {
 public:
  template <class T>
  void pod(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    const auto* p = reinterpret_cast<const char*>(&v);
    m_bytes.insert(m_bytes.end(), p, p + sizeof(T));
  }
  template <class T>
  void array(const std::vector<T>& v) {
    pod(static_cast<std::uint64_t>(v.size()));
    const auto* p = reinterpret_cast<const char*>(v.data());
    m_bytes.insert(m_bytes.end(), p, p + v.size() * sizeof(T));
  }
  std::vector<char>& bytes() { return m_bytes; }

 private:
  std::vector<char> m_bytes;
};

class Reader {
 public:
  explicit Reader(const std::vector<char>& bytes) : m_bytes(bytes) {}
  template <class T>
  bool pod(T& v) {
    if (m_bytes.size() - m_at < sizeof(T)) return false;
    std::memcpy(&v, m_bytes.data() + m_at, sizeof(T));
    m_at += sizeof(T);
    return true;
  }
  template <class T>
  bool array(std::vector<T>& v) {
    std::uint64_t n = 0;
    if (!pod(n) || n > (m_bytes.size() - m_at) / sizeof(T)) return false;
    v.resize(n);
    std::memcpy(v.data(), m_bytes.data() + m_at, n * sizeof(T));
    m_at += n * sizeof(T);
    return true;
  }
  bool at_end() const { return m_at == m_bytes.size(); }

 private:
  const std::vector<char>& m_bytes;
  std::size_t m_at = 0;
};

template <class F>
void for_each_report_field(GraphReport& r, F&& f) {
  for (std::uint64_t* v :
       {&r.ways_read, &r.ways_profile_class, &r.ways_access_denied, &r.ways_degenerate,
        &r.ways_used, &r.oneway_ways, &r.nodes_before, &r.pieces_before, &r.arcs_before,
        &r.components, &r.nodes_dropped, &r.pieces_dropped, &r.arcs_dropped}) {
    f(*v);
  }
}

// Everything a loaded graph must satisfy before anyone indexes with it.
bool consistent(const RoadGraph& g) {
  const std::size_t n = g.nodes.x.size(), p = g.piece_from.size();
  if (g.nodes.y.size() != n || g.piece_to.size() != p || g.piece_forward_s.size() != p ||
      g.piece_backward_s.size() != p || g.piece_length_m.size() != p ||
      g.piece_point_offsets.size() != p + 1 || g.piece_points.x.size() != g.piece_points.y.size()) {
    return false;
  }
  if (g.piece_point_offsets[0] != 0 || g.piece_point_offsets[p] != g.piece_points.size()) {
    return false;
  }
  for (std::size_t i = 0; i < p; ++i) {
    if (g.piece_from[i] >= n || g.piece_to[i] >= n) return false;
    if (g.piece_point_offsets[i + 1] < g.piece_point_offsets[i] + 2) return false;
    if (!(g.piece_forward_s[i] >= 0.0f) || !(g.piece_backward_s[i] >= 0.0f)) return false;
  }
  return true;
}

}  // namespace

std::uint64_t graph_cache_key(const std::filesystem::path& input, const Profile& profile,
                              const std::string& crs_id, const GraphBuildOptions& options) {
  Hash64 key;
  key.add(sha256_file(input));  // the file's digest, which the run metadata also records
  key.add(cache_key_text(profile));
  key.add(crs_id);
  key.add(&options.junction_grid_m, sizeof options.junction_grid_m);
  const std::uint8_t scc = options.keep_largest_scc_only ? 1 : 0;
  key.add(&scc, 1);
  key.add(&kVersion, sizeof kVersion);
  return key.finish();
}

void save_cached_graph(const std::filesystem::path& cache_file, std::uint64_t key,
                       const BuiltGraph& built) {
  Writer w;
  GraphReport report = built.report;
  for_each_report_field(report, [&](std::uint64_t& v) { w.pod(v); });
  const RoadGraph& g = built.graph;
  w.array(g.nodes.x);
  w.array(g.nodes.y);
  w.array(g.piece_from);
  w.array(g.piece_to);
  w.array(g.piece_forward_s);
  w.array(g.piece_backward_s);
  w.array(g.piece_length_m);
  w.array(g.piece_point_offsets);
  w.array(g.piece_points.x);
  w.array(g.piece_points.y);
  const auto& payload = w.bytes();
  Hash64 sum;
  sum.add(payload.data(), payload.size());
  const std::uint64_t checksum = sum.finish();

  std::filesystem::create_directories(cache_file.parent_path().empty() ? std::filesystem::path(".")
                                                                       : cache_file.parent_path());
  const auto tmp = std::filesystem::path(cache_file.string() + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) throw ResourceError("cannot write graph cache " + tmp.string());
    const std::uint32_t version = kVersion, reserved = 0;
    const std::uint64_t size = payload.size();
    out.write(kMagic, sizeof kMagic);
    out.write(reinterpret_cast<const char*>(&version), sizeof version);
    out.write(reinterpret_cast<const char*>(&reserved), sizeof reserved);
    out.write(reinterpret_cast<const char*>(&key), sizeof key);
    out.write(reinterpret_cast<const char*>(&size), sizeof size);
    out.write(reinterpret_cast<const char*>(&checksum), sizeof checksum);
    out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
    if (!out) throw ResourceError("cannot write graph cache " + tmp.string());
  }
  std::filesystem::rename(tmp, cache_file);
}

std::optional<BuiltGraph> load_cached_graph(const std::filesystem::path& cache_file,
                                            std::uint64_t key) {
  std::ifstream in(cache_file, std::ios::binary);
  if (!in) return std::nullopt;
  char magic[8];
  std::uint32_t version = 0, reserved = 0;
  std::uint64_t stored_key = 0, size = 0, checksum = 0;
  in.read(magic, sizeof magic);
  in.read(reinterpret_cast<char*>(&version), sizeof version);
  in.read(reinterpret_cast<char*>(&reserved), sizeof reserved);
  in.read(reinterpret_cast<char*>(&stored_key), sizeof stored_key);
  in.read(reinterpret_cast<char*>(&size), sizeof size);
  in.read(reinterpret_cast<char*>(&checksum), sizeof checksum);
  if (!in || std::memcmp(magic, kMagic, sizeof kMagic) != 0 || version != kVersion ||
      stored_key != key) {
    return std::nullopt;
  }
  std::error_code ec;
  const auto file_size = std::filesystem::file_size(cache_file, ec);
  if (ec || file_size != 40 + size) return std::nullopt;
  std::vector<char> payload(size);
  in.read(payload.data(), static_cast<std::streamsize>(size));
  if (!in) return std::nullopt;
  Hash64 sum;
  sum.add(payload.data(), payload.size());
  if (sum.finish() != checksum) return std::nullopt;

  Reader r(payload);
  BuiltGraph built;
  bool ok = true;
  for_each_report_field(built.report, [&](std::uint64_t& v) { ok = ok && r.pod(v); });
  RoadGraph& g = built.graph;
  ok = ok && r.array(g.nodes.x) && r.array(g.nodes.y) && r.array(g.piece_from) &&
       r.array(g.piece_to) && r.array(g.piece_forward_s) && r.array(g.piece_backward_s) &&
       r.array(g.piece_length_m) && r.array(g.piece_point_offsets) && r.array(g.piece_points.x) &&
       r.array(g.piece_points.y) && r.at_end();
  if (!ok || !consistent(g)) return std::nullopt;
  rebuild_arcs(g);
  return built;
}

CachedGraph cached_osm_road_graph(const std::filesystem::path& file, const Profile& profile,
                                  const std::string& crs_id, const ProjectLonLat& project,
                                  const std::filesystem::path& cache_dir, Progress& progress,
                                  const GraphBuildOptions& options) {
  CachedGraph out;
  const std::uint64_t key = graph_cache_key(file, profile, crs_id, options);
  char name[64];
  std::snprintf(name, sizeof name, "roads-%s-%016llx.spgraph", to_string(profile.mode),
                static_cast<unsigned long long>(key));
  out.cache_file = cache_dir / name;
  if (auto cached = load_cached_graph(out.cache_file, key)) {
    out.built = std::move(*cached);
    out.from_cache = true;
    return out;
  }
  out.built = read_osm_road_graph(file, profile, project, progress, options);
  save_cached_graph(out.cache_file, key, out.built);
  return out;
}

}  // namespace sunplan::network
