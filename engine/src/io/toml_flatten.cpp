#include "sunplan/io/toml_flatten.hpp"

#include <toml++/toml.h>

#include <map>
#include <sstream>

namespace sunplan {

namespace {

void walk(const toml::node& node, const std::string& prefix,
          std::map<std::string, std::string>& out) {
  if (const toml::table* t = node.as_table()) {
    for (const auto& [k, v] : *t)
      walk(v, prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str()), out);
    return;
  }
  std::ostringstream s;
  if (const toml::array* a = node.as_array())
    s << *a;
  else if (const auto* text = node.as_string())
    s << text->get();  // as written, without TOML's quotes: what a reader compares
  else
    node.visit([&s](const auto& v) { s << v; });
  out[prefix] = s.str();
}

}  // namespace

std::optional<std::vector<std::pair<std::string, std::string>>> flatten_toml(
    const std::string& text) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
  std::map<std::string, std::string> flat;
  walk(root, "", flat);
  return std::vector<std::pair<std::string, std::string>>(flat.begin(), flat.end());
}

}  // namespace sunplan
