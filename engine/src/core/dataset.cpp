#include "sunplan/core/dataset.hpp"

#include <cctype>
#include <numeric>

namespace sunplan {

const char* to_string(UrbanRural ur) {
  switch (ur) {
    case UrbanRural::urban:
      return "urban";
    case UrbanRural::rural:
      return "rural";
    case UrbanRural::unknown:
      return "unknown";
  }
  return "unknown";
}

const char* to_string(AdminLevel level) {
  switch (level) {
    case AdminLevel::country:
      return "country";
    case AdminLevel::province:
      return "province";
    case AdminLevel::city:
      return "city";
    case AdminLevel::county:
      return "county";
    case AdminLevel::township:
      return "township";
    case AdminLevel::village:
      return "village";
  }
  return "unknown";
}

int code_digits(AdminLevel level) {
  switch (level) {
    case AdminLevel::country:
      return 0;
    case AdminLevel::province:
      return 2;
    case AdminLevel::city:
      return 4;
    case AdminLevel::county:
      return 6;
    case AdminLevel::township:
      return 9;
    case AdminLevel::village:
      return 12;
  }
  return 0;
}

std::int32_t AdminUnits::ancestor(std::int32_t unit, AdminLevel level) const {
  while (unit != kNone) {
    const AdminUnit& u = units[static_cast<std::size_t>(unit)];
    if (u.level == level) return unit;
    if (u.level < level) return kNone;
    unit = u.parent;
  }
  return kNone;
}

namespace {
struct BaseTypeNames {
  BaseType type;
  const char* key;
  const char* chinese;
};
constexpr BaseTypeNames kBaseTypes[] = {
    {BaseType::warm_home, "warm_home", "温馨家园"},
    {BaseType::work_therapy, "work_therapy", "工疗站"},
    {BaseType::rehab, "rehab", "康复中心"},
    {BaseType::care, "care", "托养中心"},
    {BaseType::youth_centre, "youth_centre", "青年中心"},
    {BaseType::community_station, "community_station", "社区志愿服务站"},
    {BaseType::other, "other", "其他"},
};
}  // namespace

const char* to_string(BaseType t) {
  return kBaseTypes[static_cast<int>(t)].key;
}
const char* chinese_name(BaseType t) {
  return kBaseTypes[static_cast<int>(t)].chinese;
}

bool parse_base_type(const std::string& text, BaseType& out) {
  for (const auto& n : kBaseTypes) {
    if (text == n.key || text == n.chinese) {
      out = n.type;
      return true;
    }
  }
  return false;
}

bool parse_disability_category(const std::string& text, std::uint8_t& out) {
  std::string t = text;
  const auto first = t.find_first_not_of(" \t");
  const auto last = t.find_last_not_of(" \t");
  t = first == std::string::npos ? "" : t.substr(first, last - first + 1);
  if (t.size() == 1 && t[0] >= '1' && t[0] <= '7') {
    out = static_cast<std::uint8_t>(t[0] - '0');
    return true;
  }
  if (t.size() == 3 && t[0] >= '1' && t[0] <= '7' && t[1] == '.' && t[2] == '0') {
    out = static_cast<std::uint8_t>(t[0] - '0');  // a spreadsheet's 4.0
    return true;
  }
  for (const char* suffix : {"残疾人", "残疾", "类"})
    if (t.size() > std::string(suffix).size() && t.ends_with(suffix))
      t.resize(t.size() - std::string(suffix).size());
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  struct Name {
    const char* text;
    std::uint8_t code;
  };
  static constexpr Name kNames[] = {
      {"视力", 1},         {"听力", 2},    {"言语", 3},        {"语言", 3},
      {"肢体", 4},         {"智力", 5},    {"精神", 6},        {"多重", 7},
      {"visual", 1},       {"hearing", 2}, {"speech", 3},      {"physical", 4},
      {"intellectual", 5}, {"mental", 6},  {"psychiatric", 6}, {"multiple", 7}};
  for (const Name& n : kNames)
    if (t == n.text) {
      out = n.code;
      return true;
    }
  return false;
}

const char* to_string(BaseStatus s) {
  switch (s) {
    case BaseStatus::existing:
      return "existing";
    case BaseStatus::candidate:
      return "candidate";
    case BaseStatus::planned:
      return "planned";
  }
  return "unknown";
}

bool parse_base_status(const std::string& text, BaseStatus& out) {
  // The words registries use for a base's state: in use, to be chosen among, being built.
  struct Word {
    const char* text;
    BaseStatus status;
  };
  static constexpr Word kWords[] = {
      {"existing", BaseStatus::existing},   {"现有", BaseStatus::existing},
      {"已建", BaseStatus::existing},       {"已建成", BaseStatus::existing},
      {"建成", BaseStatus::existing},       {"在用", BaseStatus::existing},
      {"运营", BaseStatus::existing},       {"运营中", BaseStatus::existing},
      {"运行", BaseStatus::existing},       {"正常", BaseStatus::existing},
      {"candidate", BaseStatus::candidate}, {"候选", BaseStatus::candidate},
      {"备选", BaseStatus::candidate},      {"候选点", BaseStatus::candidate},
      {"planned", BaseStatus::planned},     {"规划", BaseStatus::planned},
      {"计划", BaseStatus::planned},        {"拟建", BaseStatus::planned},
      {"在建", BaseStatus::planned},        {"筹建", BaseStatus::planned}};
  std::string t = text;
  const auto first = t.find_first_not_of(" \t");
  const auto last = t.find_last_not_of(" \t");
  t = first == std::string::npos ? "" : t.substr(first, last - first + 1);
  for (auto& c : t) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (const Word& w : kWords)
    if (t == w.text) {
      out = w.status;
      return true;
    }
  return false;
}

std::int64_t Youth::total() const {
  return std::accumulate(count.begin(), count.end(), std::int64_t{0});
}

}  // namespace sunplan
