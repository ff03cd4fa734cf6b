#include "sunplan/io/settings.hpp"

#include <algorithm>

#include "sunplan/core/error.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan {

const SettingValue* Settings::find(const std::string& key) const {
  auto it = m_values.find(key);
  if (it == m_values.end()) return nullptr;
  it->second.used = true;
  return &it->second;
}

void Settings::wrong_type(const std::string& key, const char* expected) const {
  const int line = m_values.at(key).line;
  throw UsageError(m_file + ":" + std::to_string(line) + ": key '" + key + "' must be " + expected);
}

bool Settings::boolean(const std::string& key, bool fallback) const {
  const SettingValue* v = find(key);
  if (!v) return fallback;
  if (auto b = std::get_if<bool>(&v->value)) return *b;
  wrong_type(key, "true or false");
}

std::int64_t Settings::integer(const std::string& key, std::int64_t fallback) const {
  const SettingValue* v = find(key);
  if (!v) return fallback;
  if (auto i = std::get_if<std::int64_t>(&v->value)) return *i;
  wrong_type(key, "an integer");
}

double Settings::number(const std::string& key, double fallback) const {
  const SettingValue* v = find(key);
  if (!v) return fallback;
  if (auto d = std::get_if<double>(&v->value)) return *d;
  if (auto i = std::get_if<std::int64_t>(&v->value)) return static_cast<double>(*i);
  wrong_type(key, "a number");
}

std::string Settings::text(const std::string& key, const std::string& fallback) const {
  const SettingValue* v = find(key);
  if (!v) return fallback;
  if (auto s = std::get_if<std::string>(&v->value)) return *s;
  wrong_type(key, "a string");
}

std::vector<double> Settings::numbers(const std::string& key,
                                      const std::vector<double>& fallback) const {
  const SettingValue* v = find(key);
  if (!v) return fallback;
  if (auto a = std::get_if<std::vector<double>>(&v->value)) return *a;
  if (auto d = std::get_if<double>(&v->value)) return {*d};
  if (auto i = std::get_if<std::int64_t>(&v->value)) return {static_cast<double>(*i)};
  wrong_type(key, "a number or an array of numbers");
}

std::vector<std::string> Settings::texts(const std::string& key,
                                         const std::vector<std::string>& fallback) const {
  const SettingValue* v = find(key);
  if (!v) return fallback;
  if (auto a = std::get_if<std::vector<std::string>>(&v->value)) return *a;
  if (auto s = std::get_if<std::string>(&v->value)) return {*s};
  wrong_type(key, "a string or an array of strings");
}

namespace {

SettingValue schema_default(const std::string& key) {
  auto v = schema::fallback_value(key);
  if (!v) throw std::logic_error("the schema table has no default for '" + key + "'");
  return *v;
}

}  // namespace

bool Settings::boolean(const std::string& key) const {
  return boolean(key, std::get<bool>(schema_default(key).value));
}

std::int64_t Settings::integer(const std::string& key) const {
  return integer(key, std::get<std::int64_t>(schema_default(key).value));
}

double Settings::number(const std::string& key) const {
  const SettingValue d = schema_default(key);
  if (const auto* i = std::get_if<std::int64_t>(&d.value))
    return number(key, static_cast<double>(*i));
  return number(key, std::get<double>(d.value));
}

std::string Settings::text(const std::string& key) const {
  return text(key, std::get<std::string>(schema_default(key).value));
}

std::vector<double> Settings::numbers(const std::string& key) const {
  Settings d;
  d.set(key, schema_default(key));
  return numbers(key, d.numbers(key, {}));
}

std::vector<std::string> Settings::texts(const std::string& key) const {
  Settings d;
  d.set(key, schema_default(key));
  return texts(key, d.texts(key, {}));
}

std::vector<std::string> Settings::keys() const {
  std::vector<std::string> out;
  out.reserve(m_values.size());
  for (const auto& [key, value] : m_values) out.push_back(key);
  return out;
}

const SettingValue* Settings::peek(const std::string& key) const {
  auto it = m_values.find(key);
  return it == m_values.end() ? nullptr : &it->second;
}

std::vector<std::string> Settings::keys_under(const std::string& prefix) const {
  std::vector<std::string> out;
  const std::string p = prefix + ".";
  for (const auto& [key, value] : m_values) {
    if (key.rfind(p, 0) != 0) continue;
    std::string rest = key.substr(p.size());
    rest = rest.substr(0, rest.find('.'));
    if (out.empty() || out.back() != rest) out.push_back(rest);
  }
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> Settings::unused_keys(const std::vector<std::string>& sections) const {
  std::vector<std::string> out;
  for (const auto& [key, value] : m_values) {
    if (value.used) continue;
    const std::string section = key.substr(0, key.find('.'));
    if (std::find(sections.begin(), sections.end(), section) != sections.end())
      out.push_back(key + " (line " + std::to_string(value.line) + ")");
  }
  return out;
}

void Settings::require_all_used(const std::vector<std::string>& sections) const {
  const auto unused = unused_keys(sections);
  if (unused.empty()) return;
  std::string msg = m_file + ": unknown key";
  msg += unused.size() > 1 ? "s: " : ": ";
  for (std::size_t i = 0; i < unused.size(); ++i) msg += (i ? ", " : "") + unused[i];
  throw UsageError(msg);
}

}  // namespace sunplan
