// Builds province -> city -> county -> township from statistical division codes and
// classes each township urban or rural by the scenario's rule.
//
//   std::string c = normalize_division_code("310101002000");   // -> "310101002"
//   AdminLevel l = level_of_code("310101");                    // -> county
//   classify_urban_rural(units, villages, options);            // fills urban_rural + urban_rule
//
// Pure functions on core types (no GDAL), so they are unit-tested on hand-made cases.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan {

// Digits only, 12-digit township/village codes kept; returns "" for anything else.
// Accepts 2, 4, 6, 9 or 12 digits; a 12-digit code ending in "000" is a township's.
std::string normalize_division_code(const std::string& text);
// Level from the length: 2 province, 4 city, 6 county, 9 township, 12 village.
std::optional<AdminLevel> level_of_code(const std::string& digits);
// The code of the ancestor at `level` ("310101002" at county -> "310101").
std::string code_prefix(const std::string& code, AdminLevel level);

// Township-level input: code (9 digits), name, geometry and what the class rules need.
struct TownshipInput {
  AdminUnit unit;
  std::optional<UrbanRural> explicit_class;  // from the explicit field
  std::optional<double> urban_share;         // from the urban_share field
};

// Names (and geometries) known for upper levels, keyed by their 2/4/6-digit code.
struct UpperUnitInput {
  std::string name;
  MultiPolygon geometry;
  std::int64_t source_row = -1;
};

// Builds the hierarchy: upper units are created from code prefixes (named from `upper`
// when known, else "<code>"), parents come before children, townships keep input order
// in AdminUnits::townships.
AdminUnits build_hierarchy(std::vector<TownshipInput>& townships,
                           const std::map<std::string, UpperUnitInput>& upper);

// Village urban-rural codes per township code: counts of urban (1xx) and rural (2xx).
struct VillageCounts {
  int urban = 0;
  int rural = 0;
};

// Classes every township in `units` (the ones listed in units.townships), using for each
// the first rule its data supports (or only the rule chosen), and records the rule.
void classify_urban_rural(AdminUnits& units, const std::vector<TownshipInput>& inputs,
                          const std::map<std::string, VillageCounts>& villages,
                          const UrbanRuralOptions& options);

// Parses an explicit class value: urban/rural, 城镇/乡村, 城市/农村, 1/2.
std::optional<UrbanRural> parse_urban_rural(const std::string& text);

}  // namespace sunplan
