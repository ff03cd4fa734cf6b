// Deciding a text's encoding by decoding it, not by guessing: the loader uses it to say which
// encoding garbled text is really in, and `sunplan init` to choose a layer's `encoding`.
// Internal to io.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sunplan::io {

bool has_non_ascii(std::string_view bytes);
bool is_utf8(std::string_view bytes);

// The bytes decoded from `encoding` to UTF-8 (iconv), or nullopt when a byte sequence is not
// valid in that encoding (nothing is replaced).
std::optional<std::string> decode_strict(std::string_view bytes, const std::string& encoding);
// UTF-8 text encoded back into `encoding`, or nullopt when a character has no code there.
std::optional<std::string> encode_strict(std::string_view utf8, const std::string& encoding);

// The first of UTF-8, GBK, GB18030 and BIG5 that decodes these bytes without error ("" none).
std::string decodes_as(std::string_view bytes);

// What is wrong with a text value read under a declared encoding (empty `declared` = UTF-8),
// and the encoding it is likely in. `raw` is the source's bytes, `text` what they became.
struct TextVerdict {
  enum class Kind {
    ok,
    undecodable,
    utf8_read_as_other,
    latin1_mojibake,
    replacement
  } kind = Kind::ok;
  std::string likely;           // the encoding that decodes it, "" when unknown
  std::string message() const;  // for a Problem; empty when ok
  std::string declared;
};
TextVerdict check_text(std::string_view raw, const std::string& declared);

}  // namespace sunplan::io
