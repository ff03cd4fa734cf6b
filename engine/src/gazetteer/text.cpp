#include "sunplan/gazetteer/text.hpp"

namespace sunplan::gazetteer {

namespace {

constexpr char32_t kReplacement = 0xFFFD;

// Decodes one code point at s[i]; advances i. Overlong forms, surrogates and truncated
// sequences give U+FFFD and consume one byte, so decoding always progresses.
char32_t next_code_point(std::string_view s, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  int n = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0) == 0xC0) {
    n = 1;
    cp = b0 & 0x1F;
  } else if ((b0 & 0xF0) == 0xE0) {
    n = 2;
    cp = b0 & 0x0F;
  } else if ((b0 & 0xF8) == 0xF0) {
    n = 3;
    cp = b0 & 0x07;
  } else {
    ++i;
    return kReplacement;
  }
  if (i + static_cast<std::size_t>(n) >= s.size()) {  // truncated at the end
    ++i;
    return kReplacement;
  }
  for (int k = 1; k <= n; ++k) {
    const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
    if ((b & 0xC0) != 0x80) {
      ++i;
      return kReplacement;
    }
    cp = (cp << 6) | (b & 0x3F);
  }
  static constexpr char32_t kMin[] = {0, 0x80, 0x800, 0x10000};
  if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
    ++i;
    return kReplacement;
  }
  i += static_cast<std::size_t>(n) + 1;
  return cp;
}

// Full-width ASCII and the ideographic space to ASCII.
char32_t fold_width(char32_t c) {
  if (c >= 0xFF01 && c <= 0xFF5E) return c - 0xFF01 + 0x21;
  if (c == 0x3000) return U' ';
  return c;
}

bool is_dropped(char32_t c) {
  if (c < 0x80) {
    // Keep digits and letters; everything else in ASCII is space, control or punctuation.
    return !((c >= U'0' && c <= U'9') || (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z'));
  }
  if (c == 0x00A0 || c == 0x00B7 || c == 0xFEFF || c == kReplacement) return true;  // nbsp, ·, BOM
  if (c >= 0x2000 && c <= 0x206F) return true;  // general punctuation: — ‘ ’ “ ” … and spaces
  if (c >= 0x3000 && c <= 0x303F) return true;  // CJK symbols and punctuation: 、。〈〉《》「」【】
  if (c >= 0xFE30 && c <= 0xFE4F) return true;  // CJK compatibility forms
  if (c >= 0xFF01 && c <= 0xFF65) {
    // full-width ASCII was folded before this test; what remains are half-width CJK marks
    return true;
  }
  return false;
}

}  // namespace

std::u32string decode_utf8(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) out.push_back(next_code_point(utf8, i));
  return out;
}

std::string encode_utf8(std::u32string_view text) {
  std::string out;
  out.reserve(text.size() * 3);
  for (char32_t c : text) {
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

std::u32string match_text(std::string_view utf8) {
  std::u32string out;
  out.reserve(utf8.size() / 2 + 1);
  for (std::size_t i = 0; i < utf8.size();) {
    char32_t c = fold_width(next_code_point(utf8, i));
    if (c >= U'A' && c <= U'Z') c = c - U'A' + U'a';
    if (!is_dropped(c)) out.push_back(c);
  }
  return out;
}

std::string fullwidth_cell_to_ascii(std::string_view utf8) {
  bool any_wide = false;
  std::string out;
  out.reserve(utf8.size());
  for (std::size_t i = 0; i < utf8.size();) {
    const char32_t c = next_code_point(utf8, i);
    const char32_t f = fold_width(c);
    if (f >= 0x80) return std::string(utf8);  // some other character: leave the cell as it is
    // Only numbers, dates and times: a full-width letter stays as typed, so an id 'ｂ1' is still
    // told apart from 'b1' (the look-alike id check reports it) and names are not rewritten.
    const bool numeric = (f >= '0' && f <= '9') || f == '.' || f == ',' || f == '-' || f == '+' ||
                         f == ':' || f == '/' || f == ' ';
    if (!numeric) return std::string(utf8);
    any_wide |= f != c;
    out.push_back(static_cast<char>(f));
  }
  return any_wide ? out : std::string(utf8);
}

}  // namespace sunplan::gazetteer
