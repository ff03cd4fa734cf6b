#include "sunplan/core/dataset.hpp"

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
  if (text == "existing" || text == "现有")
    out = BaseStatus::existing;
  else if (text == "candidate" || text == "候选")
    out = BaseStatus::candidate;
  else if (text == "planned" || text == "规划")
    out = BaseStatus::planned;
  else
    return false;
  return true;
}

std::int64_t Youth::total() const {
  return std::accumulate(count.begin(), count.end(), std::int64_t{0});
}

}  // namespace sunplan
