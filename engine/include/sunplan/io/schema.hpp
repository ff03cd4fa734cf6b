// The scenario schema: every section and key a scenario may hold, in one table (schema_table.cpp).
//
//   const schema::Key* k = schema::find("siting.add");   // kind integer, fallback "10"
//   schema::validate(flat_settings, "scenario.toml");    // throws UsageError naming key and line
//   std::string md = schema::reference_markdown();       // docs/scenario.md's reference part
//   std::string t = schema::scenario_template();         // what `sunplan init DIR` writes
//
// The table drives parsing checks (unknown keys with the closest known one, wrong types with the
// expected one, values outside an enumeration), the defaults stages read (Settings getters without
// a fallback), the reference in docs/scenario.md and the `init` template; a test fails when the
// committed docs differ from the table. Adding a key is one line in schema_table.cpp.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sunplan/io/settings.hpp"

namespace sunplan::schema {

enum class Kind { table, text, boolean, integer, number, date, texts, numbers };

// One section, table or key. Paths are dotted; a segment may be a placeholder (<role>, <base
// type>, <code>, <class>, <name>) or alternatives ("bases|candidates").
struct Key {
  std::string_view path;
  Kind kind = Kind::text;
  std::string_view fallback;      // TOML literal of the default; "" = none or computed
  std::string_view default_note;  // shown when there is no literal default: "file stem", "none"
  std::string_view allowed;       // text(s): "a|b|c"; table: what it maps, for messages
  std::string_view unit;          // "m", "min", "km/h", "s", "share 0–1"
  std::string_view example;       // a TOML literal for the template when there is no default
  std::string_view verbs;         // the commands that read it
  std::string_view doc;           // Markdown; its first sentence is the template's comment
  bool required = false;          // layers and fields a scenario must give
};

// Every entry, in document order.
std::span<const Key> keys();

// The entry whose path matches this concrete dotted key ("catchment.radius_m.rehab.urban").
const Key* find(std::string_view dotted_key);

// The default of a concrete key as a setting value (nullopt when it has no literal default).
std::optional<SettingValue> fallback_value(std::string_view dotted_key);

// "a string", "a whole number", "a table of base type → {urban, rural} metres", ...
std::string describe_kind(const Key& key);

// Checks every key of a flattened scenario (Settings holds dotted keys with their lines):
// unknown sections and keys (with the closest known key), tables given as values and values given
// as tables, wrong types, values outside an enumeration. Throws UsageError naming file and line,
// one line per problem.
void validate(const Settings& values);

// The known keys closest to `key` by edit distance (empty when none is close).
std::string closest_key(std::string_view key);

// The generated reference part of docs/scenario.md and the commented template `init` writes.
std::string reference_markdown();
std::string scenario_template();
// The template's parameter sections only (every section but [run] and [layers]), commented.
std::string parameters_template();

}  // namespace sunplan::schema
