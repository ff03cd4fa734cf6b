// SHA-256 (FIPS 180-4) of bytes or a file, as lowercase hex: the project's one hash, for the
// input fingerprints of the run metadata and the road-graph cache (its key and its payload
// checksum, network/graph_cache.hpp, use the first 64 bits).
//
//   std::string h = sunplan::sha256_hex("abc");   // "ba7816bf..."
//   std::string f = sunplan::sha256_file("demo.gpkg");
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace sunplan {

class Sha256 {
 public:
  Sha256();
  void update(const void* data, std::size_t size);
  std::string hex_digest();  // finishes the hash; call once

 private:
  void block(const std::uint8_t* p);
  std::uint32_t m_h[8];
  std::uint8_t m_buf[64];
  std::size_t m_buf_len = 0;
  std::uint64_t m_total = 0;
};

std::string sha256_hex(std::string_view bytes);
// Throws InputError when the file cannot be read. Each file is read once per process (memo
// keyed by canonical path, size and modification time; thread-safe).
std::string sha256_file(const std::filesystem::path& file);

}  // namespace sunplan
