// The columns of a table without coordinates that place its rows through the gazetteer: an
// address column (户籍地址, 居住地址, ...) and/or division-name columns (区县, 乡镇街道, 村社区,
// ...), found by their names and kept only when the gazetteer places most sampled rows with them
// (`sunplan init --from`, issue 13 with issue 14's locator). Internal to io.
//
//   LocateColumns lc = find_locate_columns(summary, [&] { return &session.matcher(progress); });
//   if (lc.usable()) write("address = " + lc.address, lc.note);
//
// The evidence is counts only: no sampled value (an address is personal data) is quoted.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>

#include "sunplan/gazetteer/address_matcher.hpp"
#include "sunplan/io/inspect.hpp"

namespace sunplan::io {

struct LocateColumns {
  std::string address;                           // "" when none
  std::map<std::string, std::string> divisions;  // province/city/county/township/village → column
  std::size_t sampled = 0;                       // sample rows tested
  std::size_t placed = 0;                        // of them placed at a township or village
  std::string note;                              // the evidence, or why the columns are not used
  bool found() const { return !address.empty() || !divisions.empty(); }
  bool usable() const;  // found, and most sampled rows placed
};

// The share of sampled rows that must be placed for the columns to be used.
inline constexpr double kMinPlacedShare = 0.5;

// Columns by name (compared loosely); a division column must hold names, not codes. The
// matcher is asked for only when such columns exist (reading the gazetteer takes a second or
// two); it may return nullptr when no gazetteer is available.
LocateColumns find_locate_columns(const LayerSummary& layer,
                                  const std::function<const gazetteer::AddressMatcher*()>& matcher);

}  // namespace sunplan::io
