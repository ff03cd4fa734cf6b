// A parsed scenario: where every input layer is, how its fields map, and the parameters.
//
//   Scenario sc = read_scenario("datasets/demo/scenario.toml");
//   const LayerSpec* bases = sc.layer("bases");
//   std::string cap_field = bases->field("capacity");   // source field name, or "capacity"
//
// Syntax errors, unknown keys and wrong types throw UsageError with the file and line (every key
// is checked against the schema table, io/schema.hpp). Relative
// source paths are resolved against the scenario's folder here, once.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/io/settings.hpp"

namespace sunplan {

struct LayerSpec {
  std::string role;  // townships, counties, cities, provinces, villages, bases, youth, teams, roads
  std::string source;                         // resolved path or a "PG:" connection string
  std::string layer;                          // empty: the source's first layer
  std::string crs;                            // empty: from the source
  std::string encoding;                       // empty: from the source (.cpg) or UTF-8
  std::string x_field, y_field;               // tables without geometry
  std::string mode;                           // youth: "points" or "counts"
  std::string where;                          // optional OGR attribute filter
  std::string default_status;                 // bases/candidates: status of rows without one
  std::map<std::string, std::string> fields;  // sunplan name -> source field name
  // Rows placed from their address and/or division names through the gazetteer instead of
  // a geometry (docs/registries.md): the address column, and the columns holding division
  // names by level (province, city, county, township, village).
  std::string address_field;
  std::map<std::string, std::string> division_fields;
  int line = 0;

  // The source field for a sunplan field: the mapping, else the sunplan name itself.
  std::string field(const std::string& key) const;
  bool maps(const std::string& key) const { return fields.count(key) != 0; }
  // True when the rows are placed by the gazetteer (an address or division column is named).
  bool located() const { return !address_field.empty() || !division_fields.empty(); }
  // The source as shown in messages: a file name, or "PG:" with any password hidden.
  std::string display_source() const;
};

enum class UrbanRuralRule { automatic, explicit_field, villages, name };

struct UrbanRuralOptions {
  UrbanRuralRule rule = UrbanRuralRule::automatic;
  double share_threshold = 0.5;
  bool town_is_urban_by_name = false;  // how a 镇 is classed by name alone
};

struct Scenario {
  std::filesystem::path file;
  std::filesystem::path folder;
  std::string name;
  std::string working_crs = "auto";
  std::string output;  // resolved path
  std::string output_crs = "input";
  std::map<std::string, LayerSpec> layers;
  UrbanRuralOptions urban_rural;
  Settings settings;  // every other section ([catchment], [siting], ...), read by its module

  const LayerSpec* layer(const std::string& role) const;
};

// The layer roles a scenario may name, in load order.
const std::vector<std::string>& layer_roles();
// The parameter sections modules read from Settings.
const std::vector<std::string>& parameter_sections();

Scenario read_scenario(const std::filesystem::path& file);
Scenario parse_scenario(const std::string& toml_text, const std::filesystem::path& file);
// A file holding one section's keys at its top level (e.g. a targets file), read as that
// section's settings and checked against the schema.
Settings parse_section_file(const std::string& toml_text, const std::filesystem::path& file,
                            const std::string& section);

// Both are redact_secrets (core/redact.hpp): every secret of a connection string hidden.
// A source as shown in messages and metadata.
std::string redact_connection(const std::string& source);
// A whole text (e.g. the scenario copied into run metadata).
std::string redact_passwords(const std::string& text);

}  // namespace sunplan
