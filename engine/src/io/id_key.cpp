#include "sunplan/io/id_key.hpp"

#include <utf8proc.h>

#include <cstdlib>
#include <memory>

namespace sunplan::io {

namespace {

bool invisible(utf8proc_int32_t c) {
  return (c >= 0x200B && c <= 0x200F) || (c >= 0x2060 && c <= 0x2064) || c == 0xFEFF || c == 0x00AD;
}

bool space(utf8proc_int32_t c) {
  const auto cat = utf8proc_category(c);
  return c == '\t' || c == '\n' || c == '\r' || cat == UTF8PROC_CATEGORY_ZS;
}

std::string normalized(std::string_view id, int options) {
  utf8proc_uint8_t* mapped = nullptr;
  const auto n = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(id.data()),
                              static_cast<utf8proc_ssize_t>(id.size()), &mapped,
                              static_cast<utf8proc_option_t>(options));
  if (n < 0) return std::string(id);  // not valid UTF-8: compared as it is
  const std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
  std::string out;
  std::string pending_space;  // spaces are kept only between visible characters (trimmed)
  for (utf8proc_ssize_t i = 0; i < n;) {
    utf8proc_int32_t c = 0;
    const auto len = utf8proc_iterate(mapped + i, n - i, &c);
    if (len <= 0) break;
    const std::string bytes(reinterpret_cast<const char*>(mapped + i),
                            static_cast<std::size_t>(len));
    i += len;
    if (invisible(c)) continue;
    if (space(c)) {
      if (!out.empty()) pending_space += ' ';
      continue;
    }
    out += pending_space + bytes;
    pending_space.clear();
  }
  return out;
}

// Visible ASCII only (no space or control): NFKC leaves such an id as it is and case folding
// only lowers A-Z, so the millions of ids of a national youth layer skip utf8proc.
bool plain_ascii(std::string_view id) {
  for (const char c : id)
    if (c < '!' || c > '~') return false;
  return true;
}

}  // namespace

std::string id_key(std::string_view id) {
  if (plain_ascii(id)) return std::string(id);
  return normalized(id, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
}

std::string id_fold(std::string_view id) {
  if (plain_ascii(id)) {
    std::string out(id);
    for (char& c : out)
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
  }
  return normalized(id, UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD);
}

}  // namespace sunplan::io
