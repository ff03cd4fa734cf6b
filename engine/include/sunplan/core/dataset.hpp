// The engine's data model: everything a run analyses, already validated and projected.
//
//   const Dataset& d = loaded.dataset;
//   for (std::size_t i = 0; i < d.bases.size(); ++i)
//     if (d.bases.status[i] == BaseStatus::existing) use(d.bases.pos[i], d.bases.capacity[i]);
//
// Structure of arrays: each layer is a set of parallel columns of equal length, with
// positions in metres of the working CRS. Strings and ids are kept only for output;
// algorithms work on dense indexes. Links between layers (a youth's township, a
// unit's parent) are indexes, -1 meaning "none".
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/problems.hpp"

namespace sunplan {

constexpr std::int32_t kNone = -1;
constexpr std::int32_t kUnlimited = std::numeric_limits<std::int32_t>::max();
constexpr std::int32_t kNoDate = std::numeric_limits<std::int32_t>::min();

enum class UrbanRural : std::uint8_t { unknown, urban, rural };
const char* to_string(UrbanRural ur);

// Statistical division levels; the code length tells the level (2/4/6/9/12 digits).
enum class AdminLevel : std::uint8_t {
  country = 0,
  province = 1,
  city = 2,
  county = 3,
  township = 4,
  village = 5
};
const char* to_string(AdminLevel level);
// Digits of a division code at that level: 0 (country), 2, 4, 6, 9, 12.
int code_digits(AdminLevel level);

struct AdminUnit {
  std::string
      code;  // digits only: 2, 4, 6, 9 or 12 long (12-digit codes are cut to 9 for townships)
  std::string name;
  AdminLevel level = AdminLevel::township;
  std::int32_t parent = kNone;  // index into AdminUnits::units
  UrbanRural urban_rural = UrbanRural::unknown;
  std::string urban_rule;        // which rule decided, e.g. "name suffix 街道"
  MultiPolygon geometry;         // empty for units known only from their codes
  std::int64_t source_row = -1;  // 1-based row in the source layer, -1 if derived
};

struct AdminUnits {
  std::vector<AdminUnit> units;         // every level, parents before children
  std::vector<std::int32_t> townships;  // indexes of the leaf analysis units, in source order

  std::size_t size() const { return units.size(); }
  // Walks up from `unit` to the ancestor at `level`, or kNone.
  std::int32_t ancestor(std::int32_t unit, AdminLevel level) const;
};

enum class BaseType : std::uint8_t {
  warm_home,          // 温馨家园
  work_therapy,       // 工疗站
  rehab,              // 康复中心
  care,               // 托养中心
  youth_centre,       // 青年中心
  community_station,  // 社区志愿服务站
  other,
};
constexpr int kBaseTypeCount = 7;
const char* to_string(BaseType t);
const char* chinese_name(BaseType t);
// Accepts the English keys above and the Chinese names; false when unknown.
bool parse_base_type(const std::string& text, BaseType& out);

// A disability category as registries write it: the national codes 1-7 or the names 视力 1,
// 听力 2, 言语 3, 肢体 4, 智力 5, 精神 6, 多重 7 (with or without 残疾, e.g. 肢体残疾), or English
// (visual, hearing, speech, physical, intellectual, mental, multiple); false when unknown.
bool parse_disability_category(const std::string& text, std::uint8_t& out);

enum class BaseStatus : std::uint8_t { existing, candidate, planned };
const char* to_string(BaseStatus s);
bool parse_base_status(const std::string& text, BaseStatus& out);

struct Bases {
  PointSet pos;
  std::vector<std::string> id;
  std::vector<std::string> name;
  std::vector<BaseType> type;
  std::vector<BaseStatus> status;
  std::vector<std::int32_t> capacity;  // youth it can serve; kUnlimited when not given
  std::vector<std::uint8_t> has_specialist;
  std::vector<double> cost;            // cost of naming it (siting budgets); 1 by default
  std::vector<std::int32_t> township;  // index into AdminUnits::units, kNone if outside
  std::vector<std::int64_t> source_row;

  std::size_t size() const { return pos.size(); }
};

// Individual youth, or counts placed at points when registries share only aggregates.
struct Youth {
  PointSet pos;
  std::vector<std::string> id;
  std::vector<std::int32_t> count;       // 1 for an individual; >1 for an aggregate point
  std::vector<std::int16_t> age;         // -1 unknown
  std::vector<std::uint8_t> category;    // 0 unknown, 1..7 the national disability categories
  std::vector<std::string> paired_team;  // team id of an existing pair, empty if none
  std::vector<std::int32_t> township;
  std::vector<std::int64_t> source_row;

  std::size_t size() const { return pos.size(); }
  std::int64_t total() const;
};

struct Teams {
  PointSet pos;
  std::vector<std::string> id;
  std::vector<std::string> name;
  std::vector<std::int32_t> capacity;  // youth it can pair with
  std::vector<std::int32_t> volunteers;
  std::vector<std::uint8_t> has_specialist;
  std::vector<std::string> specialist;  // name of the certified project specialist, may be empty
  std::vector<std::int32_t> term_end;   // days since 1970-01-01, kNoDate when open-ended
  std::vector<std::int32_t> township;
  std::vector<std::int64_t> source_row;

  std::size_t size() const { return pos.size(); }
};

// The metric CRS every position is in. `definition` is anything PROJ accepts
// ("EPSG:32651", a PROJ string or WKT); `name` is for reports.
struct WorkingCrs {
  std::string definition;
  std::string name;
  std::string rule;  // why this CRS was chosen
};

struct Dataset {
  WorkingCrs crs;
  AdminUnits admin;
  Bases bases;
  Youth youth;
  Teams teams;
  ProblemLog problems;
};

}  // namespace sunplan
