#include "text_encoding.hpp"

#include <iconv.h>

#include <cctype>
#include <cerrno>
#include <vector>

namespace sunplan::io {

bool has_non_ascii(std::string_view bytes) {
  for (unsigned char c : bytes)
    if (c >= 0x80) return true;
  return false;
}

// Strict UTF-8 (no overlong forms, no surrogates, nothing above U+10FFFF), checked by hand:
// iconv would be opened and a buffer four times the text allocated for every value, which was
// most of the time of reading a million-row registry.
bool is_utf8(std::string_view bytes) {
  const auto* s = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t n = bytes.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;  // overlong
      if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;  // overlong
      if (c == 0xF4) hi = 0x8F;  // above U+10FFFF
    } else {
      return false;
    }
    if (i + len > n || s[i + 1] < lo || s[i + 1] > hi) return false;
    for (std::size_t k = 2; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

namespace {

std::optional<std::string> convert(std::string_view in, const std::string& to,
                                   const std::string& from) {
  iconv_t cd = iconv_open(to.c_str(), from.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
  std::string out;
  std::vector<char> buf(in.size() * 4 + 16);
  char* src = const_cast<char*>(in.data());
  std::size_t left = in.size();
  bool ok = true;
  while (left > 0) {
    char* dst = buf.data();
    std::size_t room = buf.size();
    const std::size_t r = iconv(cd, &src, &left, &dst, &room);
    out.append(buf.data(), static_cast<std::size_t>(dst - buf.data()));
    if (r == static_cast<std::size_t>(-1) && errno != E2BIG) {
      ok = false;  // EILSEQ or EINVAL: not valid in `from`, or no code in `to`
      break;
    }
  }
  iconv_close(cd);
  if (!ok) return std::nullopt;
  return out;
}

// Decoded text that holds Chinese characters (U+3400..U+9FFF, 3-byte UTF-8 from E3 to E9).
bool has_cjk(std::string_view utf8) {
  for (std::size_t i = 0; i + 2 < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c >= 0xE3 && c <= 0xE9) return true;
  }
  return false;
}

// Valid UTF-8 whose non-ASCII characters are all U+0080..U+00FF (or CP1252's punctuation):
// what GBK bytes look like when read as Latin-1.
bool only_latin1_range(std::string_view utf8) {
  bool any = false;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c < 0x80) continue;
    if (c == 0xC2 || c == 0xC3) {
      any = true;
      ++i;
      continue;
    }
    if (c == 0xE2 || c == 0xC5 || c == 0xCB || c == 0xC6) {  // CP1252's 0x80..0x9F marks
      any = true;
      i += c == 0xE2 ? 2 : 1;
      continue;
    }
    return false;
  }
  return any;
}

bool has_replacement(std::string_view utf8) {
  return utf8.find("\xEF\xBF\xBD") != std::string_view::npos ||
         utf8.find("\xE9\x94\x9F\xE6\x96\xA4\xE6\x8B\xB7") != std::string_view::npos;  // 锟斤拷
}

}  // namespace

std::optional<std::string> decode_strict(std::string_view bytes, const std::string& encoding) {
  return convert(bytes, "UTF-8", encoding);
}

std::optional<std::string> encode_strict(std::string_view utf8, const std::string& encoding) {
  return convert(utf8, encoding, "UTF-8");
}

std::string decodes_as(std::string_view bytes) {
  for (const char* e : {"UTF-8", "GBK", "GB18030", "BIG5"})
    if (decode_strict(bytes, e)) return e;
  return "";
}

TextVerdict check_text(std::string_view raw, const std::string& declared) {
  TextVerdict v;
  v.declared = declared.empty() ? "UTF-8" : declared;
  if (!has_non_ascii(raw)) return v;
  std::string upper;
  for (char c : v.declared) upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const bool utf8_declared = upper == "UTF-8" || upper == "UTF8";
  const auto text =
      utf8_declared ? (is_utf8(raw) ? std::optional<std::string>(std::string(raw)) : std::nullopt)
                    : decode_strict(raw, v.declared);
  if (!text) {
    v.kind = TextVerdict::Kind::undecodable;
    v.likely = decodes_as(raw);
    return v;
  }
  // Short GBK text can be valid UTF-8 by chance (状态 is D7B4 CCAC: two 2-byte sequences, read
  // as Hebrew and a combining mark), so only UTF-8 that reads as Chinese counts as UTF-8.
  if (!utf8_declared && is_utf8(raw) && has_cjk(raw) && *text != raw) {
    v.kind = TextVerdict::Kind::utf8_read_as_other;
    v.likely = "UTF-8";
    return v;
  }
  if (has_replacement(*text)) {
    v.kind = TextVerdict::Kind::replacement;
    return v;
  }
  if (only_latin1_range(*text)) {
    for (const char* single : {"ISO-8859-1", "CP1252"}) {
      const auto bytes = encode_strict(*text, single);
      if (!bytes || is_utf8(*bytes)) continue;
      for (const char* e : {"GBK", "GB18030", "BIG5"})
        if (auto cjk = decode_strict(*bytes, e); cjk && has_cjk(*cjk)) {
          v.kind = TextVerdict::Kind::latin1_mojibake;
          v.likely = e;
          return v;
        }
    }
  }
  return v;
}

std::string TextVerdict::message() const {
  const std::string advice =
      likely.empty() ? "" : "; it decodes as " + likely + ": set encoding = \"" + likely + "\"";
  switch (kind) {
    case Kind::ok:
      return "";
    case Kind::undecodable:
      return "text is not valid " + declared + " (undecodable bytes replaced by '?')" +
             (likely.empty() ? "; it is not GBK, GB18030 or BIG5 either" : advice);
    case Kind::utf8_read_as_other:
      return "text read as " + declared + " is garbled: it is UTF-8" +
             "; remove encoding (or set encoding = \"UTF-8\")";
    case Kind::latin1_mojibake:
      return "text looks garbled (Latin-1 letters where Chinese is expected)" + advice;
    case Kind::replacement:
      return "text holds replacement characters (� or 锟斤拷): it was decoded with a wrong "
             "encoding before it reached this file, and the original characters are lost";
  }
  return "";
}

}  // namespace sunplan::io
