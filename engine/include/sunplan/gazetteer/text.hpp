// Text as the address matcher sees it: code points, folded so that the ways office software
// and people write the same name compare equal.
//
//   std::u32string key = match_text("四川省 成都市（武侯区）１２号");   //
//   U"四川省成都市武侯区12号" std::string ascii = fullwidth_cell_to_ascii("２０２４－０１－０１");
//   // "2024-01-01"
//
// match_text: decodes UTF-8 (an invalid byte becomes U+FFFD, never dropped silently), folds
// full-width ASCII (U+FF01..U+FF5E) and the ideographic space to ASCII, lower-cases ASCII
// letters, and removes white space and punctuation (ASCII and CJK: ，。、；：“”‘’（）【】《》
// ·—… and the like), so "成都市 武侯区" and "成都市,武侯区" are one text. Digits, letters and
// ideographs are kept.
#pragma once

#include <string>
#include <string_view>

namespace sunplan::gazetteer {

std::u32string decode_utf8(std::string_view utf8);
std::string encode_utf8(std::u32string_view text);

// The folded text the index and the matcher compare (see above).
std::u32string match_text(std::string_view utf8);

// A number, date or time typed with a Chinese input method in full-width forms (digits and
// . , - + : / and spaces only) read as its ASCII equivalent; any other text is returned
// unchanged: a name like "幸福家园２号" keeps its characters, and an id with a full-width letter
// ("ｂ1") stays as typed so the look-alike id check can tell the user about it.
std::string fullwidth_cell_to_ascii(std::string_view utf8);

}  // namespace sunplan::gazetteer
