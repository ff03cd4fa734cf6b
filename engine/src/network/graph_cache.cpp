#include "sunplan/network/graph_cache.hpp"

#include <cstdio>
#include <cstring>
#include <type_traits>

#include "sunplan/core/sha256.hpp"

namespace sunplan::network {

namespace {

constexpr char kMagic[8] = {'S', 'P', 'N', 'G', 'R', 'A', 'P', 'H'};
constexpr std::uint32_t kVersion = kGraphCacheVersion;

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
  explicit Reader(std::span<const char> bytes) : m_bytes(bytes) {}
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
  std::span<const char> m_bytes;
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

std::uint64_t graph_cache_key(const std::string& input_sha256, const Profile& profile,
                              const std::string& crs_id, const GraphBuildOptions& options) {
  Hash64 key;
  key.add(input_sha256);
  key.add(cache_key_text(profile));
  key.add(crs_id);
  key.add(&options.junction_grid_m, sizeof options.junction_grid_m);
  const std::uint8_t scc = options.keep_largest_scc_only ? 1 : 0;
  key.add(&scc, 1);
  key.add(&kVersion, sizeof kVersion);
  return key.finish();
}

std::string graph_cache_file_name(TravelMode mode, std::uint64_t key) {
  char name[64];
  std::snprintf(name, sizeof name, "roads-%s-%016llx.spgraph", to_string(mode),
                static_cast<unsigned long long>(key));
  return name;
}

std::vector<char> encode_cached_graph(std::uint64_t key, const BuiltGraph& built) {
  // One buffer, header first: payload size and checksum are filled in once the payload is
  // there, so a large graph is not copied a second time.
  Writer w;
  for (char c : kMagic) w.pod(c);
  w.pod(kVersion);
  w.pod(std::uint32_t{0});  // reserved
  w.pod(key);
  w.pod(std::uint64_t{0});  // payload size, below
  w.pod(std::uint64_t{0});  // payload checksum, below
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
  std::vector<char> bytes = std::move(w.bytes());
  const std::uint64_t size = bytes.size() - kGraphCacheHeaderBytes;
  Hash64 sum;
  sum.add(bytes.data() + kGraphCacheHeaderBytes, size);
  const std::uint64_t checksum = sum.finish();
  std::memcpy(bytes.data() + 24, &size, sizeof size);  // offsets as in graph_cache.hpp
  std::memcpy(bytes.data() + 32, &checksum, sizeof checksum);
  return bytes;
}

std::optional<BuiltGraph> decode_cached_graph(std::span<const char> bytes, std::uint64_t key) {
  Reader header(bytes);
  char magic[8];
  std::uint32_t version = 0, reserved = 0;
  std::uint64_t stored_key = 0, size = 0, checksum = 0;
  bool read = true;
  for (char& c : magic) read = read && header.pod(c);
  read = read && header.pod(version) && header.pod(reserved) && header.pod(stored_key) &&
         header.pod(size) && header.pod(checksum);
  if (!read || std::memcmp(magic, kMagic, sizeof kMagic) != 0 || version != kVersion ||
      stored_key != key) {
    return std::nullopt;
  }
  if (bytes.size() != kGraphCacheHeaderBytes + size) return std::nullopt;
  const auto payload = bytes.subspan(kGraphCacheHeaderBytes);
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

}  // namespace sunplan::network
