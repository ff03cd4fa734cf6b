#include "sunplan/io/scenario.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "sunplan/core/error.hpp"
#include "sunplan/core/redact.hpp"

namespace sunplan {

namespace {

std::string where(const std::filesystem::path& file, const toml::source_region& src) {
  return file.string() + ":" + std::to_string(src.begin.line);
}

[[noreturn]] void fail(const std::filesystem::path& file, const toml::node& node,
                       const std::string& msg) {
  throw UsageError(where(file, node.source()) + ": " + msg);
}

std::string require_string(const std::filesystem::path& file, const toml::node& node,
                           const std::string& key) {
  if (auto s = node.value<std::string>()) return *s;
  fail(file, node, "key '" + key + "' must be a string");
}

// Flattens a parameter table into dotted keys.
void flatten(const std::filesystem::path& file, const toml::table& table, const std::string& prefix,
             Settings& out) {
  for (const auto& [k, node] : table) {
    const std::string key = prefix + "." + std::string(k.str());
    SettingValue v;
    v.line = static_cast<int>(node.source().begin.line);
    if (const auto* sub = node.as_table()) {
      flatten(file, *sub, key, out);
      continue;
    } else if (auto b = node.value_exact<bool>()) {
      v.value = *b;
    } else if (auto i = node.value_exact<std::int64_t>()) {
      v.value = *i;
    } else if (auto d = node.value_exact<double>()) {
      v.value = *d;
    } else if (auto s = node.value_exact<std::string>()) {
      v.value = *s;
    } else if (auto date = node.as_date()) {
      const auto& dv = date->get();
      char buf[16];
      std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dv.year, dv.month, dv.day);
      v.value = std::string(buf);
    } else if (const auto* arr = node.as_array()) {
      if (arr->empty() || arr->is_homogeneous<std::string>()) {
        std::vector<std::string> texts;
        for (const auto& e : *arr) texts.push_back(*e.value<std::string>());
        v.value = texts;
      } else {
        std::vector<double> nums;
        for (const auto& e : *arr) {
          auto d = e.value<double>();
          if (!d) fail(file, e, "array '" + key + "' must hold only numbers or only strings");
          nums.push_back(*d);
        }
        v.value = nums;
      }
    } else {
      fail(file, node, "key '" + key + "' has an unsupported type");
    }
    out.set(key, std::move(v));
  }
}

LayerSpec parse_layer(const std::filesystem::path& file, const std::filesystem::path& folder,
                      const std::string& role, const toml::table& t) {
  LayerSpec spec;
  spec.role = role;
  spec.line = static_cast<int>(t.source().begin.line);
  for (const auto& [k, node] : t) {
    const std::string key(k.str());
    if (key == "fields") {
      const auto* fields = node.as_table();
      if (!fields) fail(file, node, "[layers." + role + ".fields] must be a table");
      for (const auto& [fk, fnode] : *fields)
        spec.fields[std::string(fk.str())] =
            require_string(file, fnode, "layers." + role + ".fields." + std::string(fk.str()));
      continue;
    }
    const std::string value = require_string(file, node, "layers." + role + "." + key);
    if (key == "source")
      spec.source = value;
    else if (key == "layer")
      spec.layer = value;
    else if (key == "crs")
      spec.crs = value;
    else if (key == "encoding")
      spec.encoding = value;
    else if (key == "x")
      spec.x_field = value;
    else if (key == "y")
      spec.y_field = value;
    else if (key == "mode")
      spec.mode = value;
    else if (key == "where")
      spec.where = value;
    else if (key == "default_status" && (role == "bases" || role == "candidates"))
      spec.default_status = value;
    else
      fail(file, node, "unknown key 'layers." + role + "." + key + "'");
  }
  if (spec.source.empty())
    throw UsageError(file.string() + ":" + std::to_string(spec.line) + ": [layers." + role +
                     "] needs a 'source'");
  if (spec.source.rfind("PG:", 0) != 0 && spec.source.rfind("/vsi", 0) != 0) {
    std::filesystem::path p(spec.source);
    if (p.is_relative()) spec.source = (folder / p).lexically_normal().string();
  }
  if (role == "youth") {
    if (spec.mode.empty()) spec.mode = "points";
    if (spec.mode != "points" && spec.mode != "counts")
      throw UsageError(file.string() + ":" + std::to_string(spec.line) +
                       ": layers.youth.mode must be 'points' or 'counts'");
  } else if (!spec.mode.empty()) {
    throw UsageError(file.string() + ":" + std::to_string(spec.line) + ": layers." + role +
                     ".mode applies only to the youth layer");
  }
  return spec;
}

UrbanRuralOptions parse_urban_rural(const std::filesystem::path& file, const toml::table& t) {
  UrbanRuralOptions o;
  for (const auto& [k, node] : t) {
    const std::string key(k.str());
    if (key == "rule") {
      const std::string r = require_string(file, node, "urban_rural.rule");
      if (r == "auto")
        o.rule = UrbanRuralRule::automatic;
      else if (r == "explicit")
        o.rule = UrbanRuralRule::explicit_field;
      else if (r == "villages")
        o.rule = UrbanRuralRule::villages;
      else if (r == "name")
        o.rule = UrbanRuralRule::name;
      else
        fail(file, node, "urban_rural.rule must be auto, explicit, villages or name");
    } else if (key == "share_threshold") {
      auto d = node.value<double>();
      if (!d || *d < 0 || *d > 1) fail(file, node, "urban_rural.share_threshold must be in [0, 1]");
      o.share_threshold = *d;
    } else if (key == "town_by_name") {
      const std::string r = require_string(file, node, "urban_rural.town_by_name");
      if (r != "urban" && r != "rural")
        fail(file, node, "urban_rural.town_by_name must be urban or rural");
      o.town_is_urban_by_name = (r == "urban");
    } else {
      fail(file, node, "unknown key 'urban_rural." + key + "'");
    }
  }
  return o;
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
                                                    "targets",   "privacy", "report"};
  return sections;
}

std::string redact_connection(const std::string& source) {
  return redact_secrets(source);
}

std::string redact_passwords(const std::string& text) {
  return redact_secrets(text);
}

Scenario parse_scenario(const std::string& toml_text, const std::filesystem::path& file) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file.string());
  } catch (const toml::parse_error& e) {
    throw UsageError(file.string() + ":" + std::to_string(e.source().begin.line) + ":" +
                     std::to_string(e.source().begin.column) + ": " + std::string(e.description()));
  }
  Scenario sc;
  sc.file = file;
  sc.folder = file.parent_path();
  sc.name = file.stem().string();
  sc.settings = Settings(file.string());
  std::string output = "out/" + file.stem().string() + ".gpkg";

  for (const auto& [k, node] : root) {
    const std::string key(k.str());
    const auto* table = node.as_table();
    if (key == "run") {
      if (!table) fail(file, node, "[run] must be a table");
      for (const auto& [rk, rnode] : *table) {
        const std::string rkey(rk.str());
        const std::string value = require_string(file, rnode, "run." + rkey);
        if (rkey == "name")
          sc.name = value;
        else if (rkey == "working_crs")
          sc.working_crs = value;
        else if (rkey == "output")
          output = value;
        else if (rkey == "output_crs")
          sc.output_crs = value;
        else
          fail(file, rnode, "unknown key 'run." + rkey + "'");
      }
    } else if (key == "layers") {
      if (!table) fail(file, node, "[layers] must be a table");
      for (const auto& [lk, lnode] : *table) {
        const std::string role(lk.str());
        const auto& roles = layer_roles();
        if (std::find(roles.begin(), roles.end(), role) == roles.end())
          fail(file, lnode,
               "unknown layer '" + role +
                   "' (expected one of: provinces, cities, "
                   "counties, townships, villages, bases, candidates, youth, teams, roads)");
        const auto* lt = lnode.as_table();
        if (!lt) fail(file, lnode, "[layers." + role + "] must be a table");
        sc.layers[role] = parse_layer(file, sc.folder, role, *lt);
      }
    } else if (key == "urban_rural") {
      if (!table) fail(file, node, "[urban_rural] must be a table");
      sc.urban_rural = parse_urban_rural(file, *table);
    } else {
      const auto& sections = parameter_sections();
      if (std::find(sections.begin(), sections.end(), key) == sections.end())
        fail(file, node, "unknown section '" + key + "'");
      if (!table) fail(file, node, "[" + key + "] must be a table");
      flatten(file, *table, key, sc.settings);
    }
  }
  if (!sc.layer("townships"))
    throw UsageError(file.string() + ": the scenario needs a [layers.townships] section");
  std::filesystem::path out(output);
  sc.output = (out.is_relative() ? (sc.folder / out) : out).lexically_normal().string();
  return sc;
}

Scenario read_scenario(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(file.string(), "", -1, "", "cannot open the scenario file");
  std::stringstream ss;
  ss << in.rdbuf();
  return parse_scenario(ss.str(), file);
}

}  // namespace sunplan
