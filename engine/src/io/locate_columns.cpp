#include "locate_columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <vector>

#include "sunplan/io/name_match.hpp"

namespace sunplan::io {

namespace {

struct NamedColumn {
  const char* key;  // "address" or a division level
  std::vector<const char*> names;
};

// In order of preference within each key.
const std::array<NamedColumn, 6> kColumns = {{
    {"address",
     {"户籍地址", "居住地址", "现居住地址", "现住址", "家庭住址", "家庭地址", "详细地址", "住址",
      "通讯地址", "联系地址", "户籍所在地", "常住地址", "所在地址", "地址", "address", "addr"}},
    {"province", {"省", "省份", "所属省份", "省名称", "province"}},
    {"city", {"市", "地市", "地级市", "城市", "市州", "所属城市", "所属地市", "city"}},
    {"county",
     {"区县", "县区", "县市区", "所属区县", "区县名称", "县", "区", "county", "district"}},
    {"township",
     {"乡镇街道", "乡镇", "街道", "街镇", "所属乡镇", "所属街道", "所属乡镇街道", "所属街镇",
      "乡镇街道名称", "乡镇名称", "街道名称", "township", "town", "street"}},
    {"village",
     {"村社区", "村居", "社区", "村", "村居委", "村居委会", "居委会", "村委会", "所属社区",
      "所属村", "所属村居", "村社区名称", "社区名称", "村名称", "village", "community"}},
}};

// A name, not a code: most sampled values hold a character that is not a digit.
bool holds_names(const std::vector<std::string>& values) {
  if (values.empty()) return false;
  const auto names = std::count_if(values.begin(), values.end(), [](const std::string& v) {
    return std::any_of(v.begin(), v.end(),
                       [](char c) { return (c < '0' || c > '9') && c != '.' && c != ' '; });
  });
  return static_cast<double>(names) >= 0.9 * static_cast<double>(values.size());
}

std::string column_list(const LocateColumns& lc) {
  std::string out;
  if (!lc.address.empty()) out = "address '" + lc.address + "'";
  for (const char* level : {"province", "city", "county", "township", "village"})
    if (auto it = lc.divisions.find(level); it != lc.divisions.end())
      out += (out.empty() ? "" : ", ") + std::string(level) + " '" + it->second + "'";
  return out;
}

}  // namespace

bool LocateColumns::usable() const {
  return found() && sampled > 0 &&
         static_cast<double>(placed) >= kMinPlacedShare * static_cast<double>(sampled);
}

LocateColumns find_locate_columns(
    const LayerSummary& l, const std::function<const gazetteer::AddressMatcher*()>& matcher) {
  LocateColumns lc;
  std::vector<int> used;
  std::map<std::string, int> column_of;
  for (const NamedColumn& nc : kColumns)
    for (const char* name : nc.names) {
      const auto it = std::find_if(l.columns.begin(), l.columns.end(), [&](const std::string& c) {
        return loose_list(c) == loose_list(name);
      });
      if (it == l.columns.end()) continue;
      const int col = static_cast<int>(it - l.columns.begin());
      if (std::find(used.begin(), used.end(), col) != used.end() || !holds_names(l.values(col)))
        continue;
      used.push_back(col);
      column_of[nc.key] = col;
      if (std::string(nc.key) == "address")
        lc.address = *it;
      else
        lc.divisions[nc.key] = *it;
      break;
    }
  if (!lc.found()) return lc;

  const gazetteer::AddressMatcher* m = matcher();
  if (!m) {
    lc.note = "no gazetteer found: the columns (" + column_list(lc) + ") were not tested";
    return lc;
  }
  auto cell = [&](const std::vector<std::string>& row, const char* key) -> std::string_view {
    const auto it = column_of.find(key);
    if (it == column_of.end() || static_cast<std::size_t>(it->second) >= row.size()) return {};
    return row[static_cast<std::size_t>(it->second)];
  };
  for (const auto& row : l.rows) {
    const gazetteer::PlaceMatch p = m->match({.province = cell(row, "province"),
                                              .city = cell(row, "city"),
                                              .county = cell(row, "county"),
                                              .township = cell(row, "township"),
                                              .village = cell(row, "village"),
                                              .address = cell(row, "address")});
    if (p.empty) continue;
    ++lc.sampled;
    if (p.level == gazetteer::MatchLevel::township || p.level == gazetteer::MatchLevel::village)
      ++lc.placed;
  }
  lc.note = fmt::format(
      "{} of {} sampled rows placed at a village or township by the gazetteer from {}{}", lc.placed,
      lc.sampled, column_list(lc),
      lc.usable()
          ? ""
          : fmt::format(": too few (at least {:.0f}% needed), not used", 100 * kMinPlacedShare));
  return lc;
}

}  // namespace sunplan::io
