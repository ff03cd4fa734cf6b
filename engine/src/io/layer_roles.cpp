#include "layer_roles.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <set>
#include <stdexcept>

#include "sunplan/io/admin_hierarchy.hpp"
#include "sunplan/io/name_match.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan::io {

namespace {

namespace fs = std::filesystem;

// ---- values ----

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r\n");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r\n") - a + 1);
}

// The digits of a code ("310101001", or "310101001.0" from a spreadsheet); "" if not digits.
std::string code_digits(const std::string& v) {
  std::string t = trim(v);
  if (t.size() > 2 && t.ends_with(".0")) t.resize(t.size() - 2);
  if (t.empty() || !std::all_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; }))
    return "";
  return t;
}

bool parse_number(const std::string& text, double& out) {
  const std::string t = trim(text);
  if (t.empty()) return false;
  char* end = nullptr;
  out = std::strtod(t.c_str(), &end);
  return end && *end == '\0' && std::isfinite(out);
}

using Valid = std::function<bool(const std::string&)>;

Valid at_level(AdminLevel level) {
  return [level](const std::string& v) { return division_level(v) == level; };
}
const Valid kTownshipCode = at_level(AdminLevel::township);
const Valid kWhole = [](const std::string& v) {
  double d = 0;
  return parse_number(v, d) && d >= 0 && d == std::floor(d);
};
const Valid kAge = [](const std::string& v) {
  double d = 0;
  return parse_number(v, d) && d >= 0 && d <= 130 && d == std::floor(d);
};
const Valid kNumber = [](const std::string& v) {
  double d = 0;
  return parse_number(v, d) && d >= 0;
};
const Valid kShare = [](const std::string& v) {
  double d = 0;
  return parse_number(v, d) && d >= 0 && d <= 1;
};
const Valid kCategory = [](const std::string& v) {
  std::uint8_t c = 0;
  return parse_disability_category(v, c);
};
const Valid kBaseType = [](const std::string& v) {
  BaseType t;
  return parse_base_type(trim(v), t);
};
const Valid kStatus = [](const std::string& v) {
  BaseStatus s;
  return parse_base_status(trim(v), s);
};
const Valid kDate = [](const std::string& v) {
  int y = 0, m = 0, d = 0;
  char a = 0, b = 0;
  return std::sscanf(v.c_str(), "%4d%c%2d%c%2d", &y, &a, &m, &b, &d) == 5 && a == b &&
         (a == '-' || a == '/') && y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
};
const Valid kUrCode = [](const std::string& v) {
  static const std::set<std::string> ok = {"111", "112", "121", "122", "123", "210", "220"};
  return ok.count(code_digits(v)) != 0;
};
const Valid kUrbanRural = [](const std::string& v) {
  static const std::set<std::string> ok = {"urban", "rural", "城镇", "乡村",
                                           "城市",  "农村",  "1",    "2"};
  return ok.count(trim(v)) != 0;
};
const Valid kRoadClass = [](const std::string& v) {
  static const std::set<std::string> ok = {
      "motorway",     "trunk",        "primary",        "secondary",     "tertiary",
      "unclassified", "residential",  "service",        "living_street", "track",
      "path",         "footway",      "cycleway",       "pedestrian",    "motorway_link",
      "trunk_link",   "primary_link", "secondary_link", "tertiary_link", "road",
      "steps"};
  return ok.count(trim(v)) != 0;
};
const Valid kAny = [](const std::string&) { return true; };

struct Share {
  double valid = 0;          // share of the non-empty sampled values that are valid
  std::size_t values = 0;    // non-empty sampled values
  std::size_t distinct = 0;  // distinct valid values
};

Share share_of(const std::vector<std::string>& values, const Valid& valid) {
  Share s;
  s.values = values.size();
  if (values.empty()) return s;
  std::size_t ok = 0;
  std::set<std::string> seen;
  for (const auto& v : values)
    if (valid(v)) {
      ++ok;
      if (seen.size() < 64) seen.insert(trim(v));
    }
  s.valid = static_cast<double>(ok) / static_cast<double>(values.size());
  s.distinct = seen.size();
  return s;
}

// ---- fields ----

struct FieldRule {
  const char* field;
  std::vector<const char*> names;  // compared loosely, in order of preference
  Valid valid;
  double min_share;
  // A column may be taken for its values alone, whatever its name, when it has at least this
  // many distinct valid values (0: only by name). A 0/1 flag is not a disability category.
  std::size_t by_values;
  const char* evidence;  // what a valid value is, for the comment ("" = not tested)
};

const std::vector<const char*> kCodeNames = {
    "code9",    "code",         "adcode",         "乡镇代码", "街道代码", "乡镇街道代码",
    "区划代码", "行政区划代码", "统计用区划代码", "xzdm",     "xzqdm",    "xzqhdm",
    "dm",       "代码",         "编码",           "code12"};
const std::vector<const char*> kNameNames = {
    "name",     "名称",     "乡镇名称", "街道名称", "乡镇街道名称", "乡镇街道",
    "乡镇",     "镇街",     "xzmc",     "xzqmc",    "mc",           "阵地名称",
    "机构名称", "站点名称", "队伍名称", "团队名称", "区县名称",     "村名称"};
const std::vector<const char*> kTownshipNames = {
    "township",     "所属乡镇",     "所属街道", "所属乡镇街道", "乡镇代码", "街镇代码", "所属街镇",
    "乡镇街道代码", "所属乡镇代码", "towncode", "townshipcode", "code9",    "xzdm"};
const std::vector<const char*> kSpecialistNames = {"specialist", "专业人员", "专职人员",
                                                   "康复师",     "社工",     "持证社工"};

// Townships: code, name and urban/rural class or share.
std::vector<FieldRule> township_field_rules() {
  return {{"code", kCodeNames, kTownshipCode, 0.9, 1, "township codes"},
          {"name", kNameNames, kAny, 0.5, 0, ""},
          {"urban_rural",
           {"urban_rural", "城乡", "城乡属性", "城乡类型", "城乡分类", "urclass"},
           kUrbanRural,
           0.8,
           0,
           "urban/rural classes"},
          {"urban_share",
           {"urban_share", "城镇化率", "城镇占比", "城镇比例", "urbanshare"},
           kShare,
           0.9,
           0,
           "shares in [0, 1]"}};
}

// Counties, cities and provinces: a code of their level and a name.
std::vector<FieldRule> upper_level_field_rules(const std::string& role) {
  const AdminLevel level = role == "counties" ? AdminLevel::county
                           : role == "cities" ? AdminLevel::city
                                              : AdminLevel::province;
  return {{"code", kCodeNames, at_level(level), 0.9, 1,
           role == "counties" ? "county codes"
           : role == "cities" ? "city codes"
                              : "province codes"},
          {"name", kNameNames, kAny, 0.5, 0, ""}};
}

// Villages: the 12-digit code and the urban-rural code.
std::vector<FieldRule> village_field_rules() {
  return {{"code",
           {"code12", "code", "村代码", "区划代码", "统计用区划代码", "dm"},
           at_level(AdminLevel::village),
           0.9,
           1,
           "12-digit village codes"},
          {"ur_code",
           {"ur_code", "urcode", "城乡分类代码", "城乡代码", "城乡划分代码", "cxfldm"},
           kUrCode,
           0.9,
           2,
           "urban-rural codes 111-220"}};
}

// Bases and candidates.
std::vector<FieldRule> base_field_rules() {
  return {{"name", kNameNames, kAny, 0.5, 0, ""},
          {"type",
           {"type", "类型", "阵地类型", "机构类型", "站点类型", "basetype"},
           kBaseType,
           0.5,
           0,
           "base types"},
          {"status", {"status", "状态", "建设状态", "运营状态"}, kStatus, 0.8, 0, "statuses"},
          {"capacity",
           {"capacity", "容量", "服务容量", "可服务人数", "服务人数", "容纳人数", "可容纳人数"},
           kWhole,
           0.9,
           0,
           "whole numbers"},
          {"specialist", kSpecialistNames, kAny, 0.5, 0, ""},
          {"cost", {"cost", "成本", "费用", "投资", "建设成本"}, kNumber, 0.9, 0, "numbers"},
          {"township", kTownshipNames, kTownshipCode, 0.9, 1, "township codes"}};
}

// Youth as counts per township.
std::vector<FieldRule> youth_count_field_rules() {
  return {{"township", kTownshipNames, kTownshipCode, 0.9, 1, "township codes"},
          {"count",
           {"count", "n", "人数", "数量", "残疾青年人数", "青年人数"},
           kWhole,
           0.9,
           0,
           "whole numbers"}};
}

// Youth as points.
std::vector<FieldRule> youth_field_rules() {
  return {{"count", {"count", "n", "人数", "数量"}, kWhole, 0.9, 0, "whole numbers"},
          {"age", {"age", "年龄", "周岁"}, kAge, 0.9, 0, "ages"},
          {"category",
           {"category", "残疾类别", "残疾类型", "类别", "disability", "残疾种类"},
           kCategory,
           0.8,
           3,
           "disability categories"},
          {"paired_team",
           {"paired_team", "结对队伍", "结对团队", "结对队伍编号", "teamid"},
           kAny,
           0.0,
           0,
           ""},
          {"township", kTownshipNames, kTownshipCode, 0.9, 1, "township codes"}};
}

// Volunteer teams.
std::vector<FieldRule> team_field_rules() {
  return {
      {"name", kNameNames, kAny, 0.5, 0, ""},
      {"capacity", {"capacity", "结对容量", "容量", "可结对人数"}, kWhole, 0.9, 0, "whole numbers"},
      {"volunteers",
       {"volunteers", "志愿者人数", "志愿者数", "队员人数"},
       kWhole,
       0.9,
       0,
       "whole numbers"},
      {"specialist", kSpecialistNames, kAny, 0.5, 0, ""},
      {"term_end",
       {"term_end", "任期截止", "截止日期", "服务截止", "到期日期", "任期结束"},
       kDate,
       0.8,
       2,
       "dates"},
      {"township", kTownshipNames, kTownshipCode, 0.9, 1, "township codes"}};
}

// Roads: class, one-way and speed.
std::vector<FieldRule> road_field_rules() {
  return {{"class",
           {"highway", "fclass", "class", "道路等级", "等级", "type"},
           kRoadClass,
           0.5,
           2,
           "OSM road classes"},
          {"oneway", {"oneway", "单行", "单行道"}, kAny, 0.0, 0, ""},
          {"speed", {"maxspeed", "speed", "限速", "速度"}, kNumber, 0.8, 0, "speeds"}};
}

std::vector<FieldRule> rules_for(const std::string& role, const std::string& mode) {
  if (role == "townships") return township_field_rules();
  if (role == "counties" || role == "cities" || role == "provinces")
    return upper_level_field_rules(role);
  if (role == "villages") return village_field_rules();
  if (role == "bases" || role == "candidates") return base_field_rules();
  if (role == "youth" && mode == "counts") return youth_count_field_rules();
  if (role == "youth") return youth_field_rules();
  if (role == "teams") return team_field_rules();
  if (role == "roads") return road_field_rules();
  return {};
}

const std::vector<const char*> kIdNames = {"id",       "编号",     "序号",     "阵地编号",
                                           "队伍编号", "团队编号", "人员编号", "baseid",
                                           "teamid",   "youthid",  "fid"};

int column_named(const LayerSummary& l, const char* name) {
  for (std::size_t c = 0; c < l.columns.size(); ++c)
    if (loose(l.columns[c]) == loose(name)) return static_cast<int>(c);
  return -1;
}

// The best unused column for a rule: by name first (in the rule's order), then by values.
int find_column(const LayerSummary& l, const FieldRule& rule, const std::set<int>& used,
                Share& share) {
  for (const char* n : rule.names)
    for (std::size_t c = 0; c < l.columns.size(); ++c) {
      if (used.count(static_cast<int>(c)) || loose(l.columns[c]) != loose(n)) continue;
      share = share_of(l.values(static_cast<int>(c)), rule.valid);
      if (share.values > 0 && share.valid >= rule.min_share) return static_cast<int>(c);
    }
  if (rule.by_values == 0) return -1;
  int best = -1;
  Share best_share;
  for (std::size_t c = 0; c < l.columns.size(); ++c) {
    if (used.count(static_cast<int>(c))) continue;
    const Share s = share_of(l.values(static_cast<int>(c)), rule.valid);
    if (s.values > 0 && s.valid >= rule.min_share && s.distinct >= rule.by_values &&
        s.valid > best_share.valid) {
      best = static_cast<int>(c);
      best_share = s;
    }
  }
  share = best_share;
  return best;
}

// The column of the layer that best fits a rule (by name or values), and its share.
std::pair<Share, std::string> best_column(const LayerSummary& l, const FieldRule& rule) {
  Share share;
  const int c = find_column(l, rule, {}, share);
  return {c < 0 ? Share{} : share, c < 0 ? "" : l.columns[static_cast<std::size_t>(c)]};
}

bool mentions(const LayerSummary& l, const std::vector<const char*>& words) {
  const bool pg = l.source.rfind("PG:", 0) == 0;  // a connection string names no content
  const std::string text =
      loose(l.layer + " " + (pg ? "" : fs::path(l.source).filename().string()));
  return std::any_of(words.begin(), words.end(),
                     [&](const char* w) { return text.find(loose(w)) != std::string::npos; });
}

FieldRule rule(const std::string& role, const std::string& field, const std::string& mode = "") {
  for (FieldRule& r : rules_for(role, mode))
    if (field == r.field) return r;
  throw std::logic_error("no rule for " + role + "." + field);
}

}  // namespace

const std::vector<std::string>& layer_roles() {
  static const std::vector<std::string> roles = {"townships", "counties", "cities",     "provinces",
                                                 "villages",  "bases",    "candidates", "youth",
                                                 "teams",     "roads"};
  return roles;
}

std::optional<AdminLevel> division_level(const std::string& text) {
  std::string d = code_digits(text);
  if (d.size() == 12 && d.ends_with("000000")) d.resize(6);
  if (d.size() == 12 && d.ends_with("000")) d.resize(9);
  if (d.size() == 9 && d.ends_with("000")) d.resize(6);
  if (d.size() == 6 && d.ends_with("0000")) d.resize(2);
  if (d.size() == 6 && d.ends_with("00")) d.resize(4);
  if (d.size() == 4 && d.ends_with("00")) d.resize(2);
  if (d.size() == 2 && d == "00") return std::nullopt;
  return level_of_code(d);
}

std::string township_code9(const std::string& text) {
  if (division_level(text) != AdminLevel::township) return "";
  return code_digits(text).substr(0, 9);
}

RoleGuess guess_role(const LayerSummary& l, const LocateColumns* located) {
  if (l.driver == "OSM" || l.geometry == "line")
    return {"roads", 80, l.driver == "OSM" ? "an OpenStreetMap extract" : "a line layer"};
  if (l.geometry == "polygon") {
    // The level of the division codes decides: townships, counties, cities or provinces.
    for (const auto& [role, what] :
         std::vector<std::pair<std::string, std::string>>{{"townships", "township"},
                                                          {"counties", "county"},
                                                          {"cities", "city"},
                                                          {"provinces", "province"}}) {
      const auto [share, column] = best_column(l, rule(role, "code"));
      if (share.valid < 0.9) continue;
      const int size_bonus = static_cast<int>(std::min<std::int64_t>(l.features, 100000) / 1000);
      return {role, (role == "townships" ? 100 : 90) + size_bonus,
              fmt::format("polygons with {} codes in '{}'", what, column)};
    }
    return {"", 0, "polygons without division codes"};
  }
  if (l.geometry == "none" && l.x.empty()) {
    const auto [town, ct] = best_column(l, rule("youth", "township", "counts"));
    const auto [count, cc] = best_column(l, rule("youth", "count", "counts"));
    if (town.valid >= 0.9 && count.valid >= 0.9)
      return {"youth", 60,
              fmt::format("a table of counts ('{}') per township code ('{}')", cc, ct)};
    if (!located || !located->usable())
      return {"", 0,
              located && located->found() ? "a table without coordinates: " + located->note
                                          : "a table without coordinates"};
  }
  // Points, a table with coordinate columns, or one placed from its addresses: each role's
  // evidence, the strongest wins.
  std::vector<RoleGuess> guesses;
  const auto [ur, cur] = best_column(l, rule("villages", "ur_code"));
  const auto [village, cv] = best_column(l, rule("villages", "code"));
  if (ur.valid >= 0.9 && village.valid >= 0.9)
    guesses.push_back(
        {"villages", 90,
         fmt::format("points with village codes ('{}') and urban-rural codes ('{}')", cv, cur)});
  const bool youth_name = mentions(l, {"青年", "青少年", "残疾", "youth", "disab"});
  const auto [cat, ccat] = best_column(l, rule("youth", "category"));
  const auto [age, cage] = best_column(l, rule("youth", "age"));
  if (cat.values > 0 && cat.valid >= 0.8)
    guesses.push_back(
        {"youth", 80 + 20 * youth_name, fmt::format("disability categories in '{}'", ccat)});
  else if (age.valid >= 0.9 && youth_name)
    guesses.push_back({"youth", 70, fmt::format("ages in '{}' and the name", cage)});
  const bool team_name = mentions(l, {"队", "团队", "team"});
  const auto [term, cterm] = best_column(l, rule("teams", "term_end"));
  const auto [vol, cvol] = best_column(l, rule("teams", "volunteers"));
  if (term.valid >= 0.8)
    guesses.push_back({"teams", 70 + 20 * team_name, fmt::format("term ends in '{}'", cterm)});
  else if (vol.valid >= 0.9)
    guesses.push_back(
        {"teams", 70 + 20 * team_name, fmt::format("volunteer counts in '{}'", cvol)});
  else if (team_name)
    guesses.push_back({"teams", 50, "its name"});
  const bool base_name = mentions(l, {"阵地", "基地", "温馨家园", "工疗", "康复", "base"});
  const auto [type, ctype] = best_column(l, rule("bases", "type"));
  const auto [status, cstatus] = best_column(l, rule("bases", "status"));
  if (type.valid >= 0.5)
    guesses.push_back({"bases", 70 + 20 * base_name, fmt::format("base types in '{}'", ctype)});
  else if (status.valid >= 0.8)
    guesses.push_back(
        {"bases", 65 + 20 * base_name, fmt::format("base statuses in '{}'", cstatus)});
  else if (base_name)
    guesses.push_back({"bases", 50, "its name"});
  guesses.push_back({"candidates", 10, "points that are not bases, youth or teams"});
  return *std::max_element(
      guesses.begin(), guesses.end(),
      [](const RoleGuess& a, const RoleGuess& b) { return a.score < b.score; });
}

void map_fields(LayerChoice& c) {
  const LayerSummary& l = *c.layer;
  const bool located = !c.address.empty() || !c.divisions.empty();
  if (c.role == "youth")
    c.mode = l.points.empty() && l.geometry == "none" && !located ? "counts" : "points";
  std::set<int> used;
  if (!c.address.empty()) used.insert(l.column_index(c.address));
  for (const auto& [level, column] : c.divisions) used.insert(l.column_index(column));
  if (!l.x.empty()) {
    used.insert(l.column_index(l.x));
    used.insert(l.column_index(l.y));
  }
  // Ids: a column of unique values with an id's name, else the feature id where one is needed.
  if (c.role == "bases" || c.role == "candidates" || c.role == "teams" ||
      (c.role == "youth" && c.mode == "points")) {
    int id_col = -1;
    for (const char* n : kIdNames) {
      for (std::size_t k = 0; k < l.columns.size() && id_col < 0; ++k) {
        if (loose(l.columns[k]) != loose(n)) continue;
        const auto values = l.values(static_cast<int>(k));
        const std::set<std::string> distinct(values.begin(), values.end());
        if (!values.empty() && values.size() == l.rows.size() && distinct.size() == values.size())
          id_col = static_cast<int>(k);
      }
      if (id_col >= 0) break;
    }
    if (id_col >= 0) {
      c.fields["id"] = l.columns[static_cast<std::size_t>(id_col)];
      used.insert(id_col);
      c.field_notes.push_back(
          fmt::format("id = '{}': {} unique values", c.fields["id"], l.rows.size()));
    } else if (c.role != "youth") {
      c.fields["id"] = "@fid";
      c.field_notes.push_back("id = \"@fid\": no column of unique ids, the feature id serves");
    }
  }
  for (const FieldRule& r : rules_for(c.role, c.mode)) {
    if (c.fields.count(r.field)) continue;
    Share share;
    const int col = find_column(l, r, used, share);
    if (col < 0) {
      // A column named for the field whose values are not what it needs: say so, with one.
      for (const char* n : r.names) {
        const int c2 = column_named(l, n);
        if (c2 < 0 || used.count(c2) || !*r.evidence) continue;
        const auto values = l.values(c2);
        if (values.empty()) break;
        const Share s = share_of(values, r.valid);
        const auto bad = std::find_if(values.begin(), values.end(),
                                      [&](const std::string& v) { return !r.valid(v); });
        c.field_notes.push_back(fmt::format(
            "{}: '{}' is not read: {:.0f}% of {} sampled values are {} (e.g. '{}')", r.field,
            l.columns[static_cast<std::size_t>(c2)], 100 * s.valid, s.values, r.evidence, *bad));
        break;
      }
      continue;
    }
    const std::string& column = l.columns[static_cast<std::size_t>(col)];
    c.fields[r.field] = column;
    used.insert(col);
    c.field_notes.push_back(
        *r.evidence ? fmt::format("{} = '{}': {:.0f}% of {} sampled values are {}", r.field, column,
                                  100 * share.valid, share.values, r.evidence)
                    : fmt::format("{} = '{}'", r.field, column));
  }
}

}  // namespace sunplan::io
