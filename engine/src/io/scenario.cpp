#include "sunplan/io/scenario.hpp"

#include <iconv.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "sunplan/core/error.hpp"
#include "sunplan/core/redact.hpp"
#include "sunplan/io/input_limits.hpp"
#include "sunplan/io/schema.hpp"
#include "toml_values.hpp"

namespace sunplan {

namespace {

[[noreturn]] void fail_at(const std::filesystem::path& file, int line, const std::string& msg) {
  throw UsageError(file.string() + ":" + std::to_string(line) + ": " + msg);
}

// Flattens a TOML table into dotted keys (values with their lines) and records every table's
// path and line, so the schema can check tables as well as values.
void flatten(const std::filesystem::path& file, const toml::table& table, const std::string& prefix,
             Settings& out, std::map<std::string, int>& tables) {
  for (const auto& [k, node] : table) {
    const std::string key =
        prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    const int line = static_cast<int>(node.source().begin.line);
    if (const auto* sub = node.as_table()) {
      tables.emplace(key, line);
      flatten(file, *sub, key, out, tables);
      continue;
    }
    std::string error;
    auto v = io::to_setting(node, error);
    if (!v) fail_at(file, line, "key '" + key + "' " + error);
    out.set(key, SettingValue{std::move(*v), line});
  }
}

// Encoding names are checked with iconv, which GDAL uses to recode: an unknown name would
// otherwise leave the text as it is, silently.
bool known_encoding(const std::string& name) {
  iconv_t cd = iconv_open("UTF-8", name.c_str());
  if (cd == reinterpret_cast<iconv_t>(-1)) return false;
  iconv_close(cd);
  return true;
}

LayerSpec build_layer(const Settings& s, const std::filesystem::path& file,
                      const std::filesystem::path& folder, const std::string& role, int line) {
  const std::string p = "layers." + role + ".";
  LayerSpec spec;
  spec.role = role;
  spec.line = line;
  spec.source = s.text(p + "source", "");
  spec.layer = s.text(p + "layer", "");
  spec.crs = s.text(p + "crs", "");
  spec.encoding = s.text(p + "encoding", "");
  spec.x_field = s.text(p + "x", "");
  spec.y_field = s.text(p + "y", "");
  spec.where = s.text(p + "where", "");
  if (role == "youth") spec.mode = s.text(p + "mode");
  if (role == "bases" || role == "candidates")
    spec.default_status = s.text(p + "default_status", "");
  for (const std::string& f : s.keys_under(p + "fields"))
    spec.fields[f] = s.text(p + "fields." + f, "");
  spec.address_field = s.text(p + "address", "");
  for (const std::string& level : s.keys_under(p + "divisions"))
    spec.division_fields[level] = s.text(p + "divisions." + level, "");
  if (spec.located()) {
    const SettingValue* at = s.peek(spec.address_field.empty() ? p + "divisions" : p + "address");
    const int where = at ? at->line : line;
    if (!spec.x_field.empty())
      fail_at(file, where,
              "layers." + role +
                  ": give either coordinate columns (x, y) or an address / "
                  "division columns, not both");
    if (role == "youth" && spec.mode == "counts")
      fail_at(file, where, "layers.youth: address and divisions apply to mode = \"points\"");
  }
  if (spec.source.empty()) fail_at(file, line, "[layers." + role + "] needs a 'source'");
  if (!spec.encoding.empty() && !known_encoding(spec.encoding))
    fail_at(file, s.peek(p + "encoding")->line,
            "layers." + role + ".encoding '" + spec.encoding +
                "' is not an encoding this system knows (e.g. UTF-8, GBK, GB18030, BIG5)");
  if (spec.source.rfind("PG:", 0) != 0 && spec.source.rfind("/vsi", 0) != 0) {
    std::filesystem::path path(spec.source);
    if (path.is_relative()) spec.source = (folder / path).lexically_normal().string();
  }
  return spec;
}

UrbanRuralOptions build_urban_rural(const Settings& s, const std::filesystem::path& file) {
  UrbanRuralOptions o;
  const std::string rule = s.text("urban_rural.rule");
  o.rule = rule == "explicit"   ? UrbanRuralRule::explicit_field
           : rule == "villages" ? UrbanRuralRule::villages
           : rule == "name"     ? UrbanRuralRule::name
                                : UrbanRuralRule::automatic;
  o.share_threshold = s.number("urban_rural.share_threshold");
  if (!(o.share_threshold >= 0 && o.share_threshold <= 1))
    fail_at(file, s.peek("urban_rural.share_threshold")->line,
            "urban_rural.share_threshold must be in [0, 1]");
  o.town_is_urban_by_name = s.text("urban_rural.town_by_name") == "urban";
  return o;
}

// Parses TOML text into flat settings checked against the schema; `prefix` puts a file's
// top-level keys under a section (a targets file holds [targets] keys at its top level).
Settings parse_settings(const std::string& toml_text, const std::filesystem::path& file,
                        const std::string& prefix, std::map<std::string, int>& tables) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file.string());
  } catch (const toml::parse_error& e) {
    throw UsageError(file.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                     std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  Settings settings(file.string());
  flatten(file, root, prefix, settings, tables);
  // Tables are checked as keys too (an empty [catchmnet] is still a typo).
  Settings with_tables = settings;
  for (const auto& [path, line] : tables)
    if (!with_tables.has(path)) with_tables.set(path, SettingValue{SettingTable{}, line});
  schema::validate(with_tables);
  return settings;
}

}  // namespace

std::string LayerSpec::field(const std::string& key) const {
  auto it = fields.find(key);
  return it == fields.end() ? key : it->second;
}

std::string LayerSpec::display_source() const {
  return redact_connection(source);
}

const LayerSpec* Scenario::layer(const std::string& role) const {
  auto it = layers.find(role);
  return it == layers.end() ? nullptr : &it->second;
}

const std::vector<std::string>& layer_roles() {
  static const std::vector<std::string> roles = {"provinces", "cities", "counties",   "townships",
                                                 "villages",  "bases",  "candidates", "youth",
                                                 "teams",     "roads"};
  return roles;
}

const std::vector<std::string>& parameter_sections() {
  static const std::vector<std::string> sections = {"catchment", "network", "siting", "pairing",
                                                    "targets",   "privacy", "locate", "monitoring"};
  return sections;
}

std::string redact_connection(const std::string& source) {
  return redact_secrets(source);
}

std::string redact_passwords(const std::string& text) {
  return redact_secrets(text);
}

Scenario parse_scenario(const std::string& toml_text, const std::filesystem::path& file) {
  std::map<std::string, int> tables;
  Scenario sc;
  sc.file = file;
  sc.folder = file.parent_path();
  sc.settings = parse_settings(toml_text, file, "", tables);
  const Settings& s = sc.settings;
  sc.name = s.text("run.name", file.stem().string());
  sc.working_crs = s.text("run.working_crs");
  sc.output_crs = s.text("run.output_crs");
  const std::string output = s.text("run.output", "out/" + file.stem().string() + ".gpkg");
  for (const std::string& role : s.keys_under("layers")) {
    const auto at = tables.find("layers." + role);
    sc.layers[role] = build_layer(s, file, sc.folder, role, at == tables.end() ? 0 : at->second);
  }
  // Layers declared as empty tables have no keys: they still need a source.
  for (const auto& [path, line] : tables)
    if (path.rfind("layers.", 0) == 0 && path.find('.', 7) == std::string::npos &&
        !sc.layers.count(path.substr(7)))
      fail_at(file, line, "[" + path + "] needs a 'source'");
  sc.urban_rural = build_urban_rural(s, file);
  if (!sc.layer("townships"))
    throw UsageError(file.string() + ": the scenario needs a [layers.townships] section");
  std::filesystem::path out(output);
  sc.output = (out.is_relative() ? (sc.folder / out) : out).lexically_normal().string();
  return sc;
}

Settings parse_section_file(const std::string& toml_text, const std::filesystem::path& file,
                            const std::string& section) {
  std::map<std::string, int> tables;
  return parse_settings(toml_text, file, section, tables);
}

Scenario read_scenario(const std::filesystem::path& file) {
  return parse_scenario(read_settings_file(file, SettingsFile::scenario), file);
}

}  // namespace sunplan
