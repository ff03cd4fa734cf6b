// Ids as people type them: the same registry id entered as "Y001", "Ｙ001" (full width),
// "Y001 " or "Y0\u200B01" (a zero-width space) is one id, and "y001" is probably one too.
//
//   const std::string key = id_key(raw);      // equal keys: the same id (a duplicate)
//   const std::string folded = id_fold(raw);  // equal folds, different keys: a look-alike
//
// id_key is Unicode NFKC (full-width and compatibility forms to their plain letters and
// digits, NBSP and the ideographic space to a space), without zero-width and other invisible
// format characters (U+200B-U+200F, U+2060-U+2064, U+FEFF, U+00AD), trimmed of white space.
// id_fold is id_key case-folded. Text that is not valid UTF-8 is its own key.
#pragma once

#include <string>
#include <string_view>

namespace sunplan::io {

std::string id_key(std::string_view id);
std::string id_fold(std::string_view id);

}  // namespace sunplan::io
