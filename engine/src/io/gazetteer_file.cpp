#include "sunplan/io/gazetteer_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <system_error>
#include <vector>

#include "sunplan/core/data_dir.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan {

namespace {
// The uncompressed size a gzip file records in its last 4 bytes (modulo 4 GiB), to reserve
// the text once; 0 when unknown.
std::size_t gzip_size_hint(const std::filesystem::path& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (!f) return 0;
  unsigned char tail[4] = {0, 0, 0, 0};
  std::size_t n = 0;
  if (std::fseek(f, -4, SEEK_END) == 0) n = std::fread(tail, 1, 4, f);
  std::fclose(f);
  if (n != 4) return 0;
  const std::size_t size =
      tail[0] | (tail[1] << 8) | (tail[2] << 16) | (std::size_t{tail[3]} << 24);
  return std::min<std::size_t>(size, std::size_t{1} << 31);
}
}  // namespace

gazetteer::Gazetteer read_gazetteer(const std::filesystem::path& file) {
  const std::string shown = file.string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec))
    throw InputError(shown, "", -1, "", "cannot open the gazetteer: no such file");
  gzFile in = gzopen(shown.c_str(), "rb");  // reads plain text as well
  if (!in) throw InputError(shown, "", -1, "", "cannot open the gazetteer");
  std::string text;
  text.reserve(gzip_size_hint(file));
  std::vector<char> buf(1 << 20);
  for (;;) {
    const int got = gzread(in, buf.data(), static_cast<unsigned>(buf.size()));
    if (got < 0) {
      int err = 0;
      const std::string why = gzerror(in, &err);
      gzclose(in);
      throw InputError(shown, "", -1, "", "the gazetteer is damaged: " + why);
    }
    if (got == 0) break;
    text.append(buf.data(), static_cast<std::size_t>(got));
  }
  gzclose(in);
  return gazetteer::parse_gazetteer(text, shown);
}

std::filesystem::path default_gazetteer_path() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("SUNPLAN_GAZETTEER"); env && *env) return env;
  for (const fs::path& dir : data_dirs()) {
    std::error_code ec;
    const fs::path p = dir / "gazetteer" / "cn-gazetteer.tsv.gz";
    if (fs::is_regular_file(p, ec)) return p;
  }
  return {};
}

}  // namespace sunplan
