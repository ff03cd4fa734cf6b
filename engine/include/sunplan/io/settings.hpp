// The scenario's parameters as a flat table of typed values, so every module can read its
// own section without the TOML library in its headers.
//
//   Settings s = ...;                      // from Scenario::settings
//   double r = s.number("catchment.urban_radius_m", 1000.0);
//   s.require_all_used({"catchment"});     // throws UsageError naming any unknown key
//
// Keys are dotted paths ("siting.add"); each value remembers its line in the file so
// errors point at it. Reading a key marks it used; keys nobody read are unknown keys.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace sunplan {

struct SettingValue {
  using Variant = std::variant<bool, std::int64_t, double, std::string, std::vector<double>,
                               std::vector<std::string>>;
  Variant value;
  int line = 0;
  mutable bool used = false;
};

class Settings {
 public:
  explicit Settings(std::string file = {}) : m_file(std::move(file)) {}

  void set(const std::string& key, SettingValue value) { m_values[key] = std::move(value); }
  bool has(const std::string& key) const { return m_values.count(key) != 0; }

  // Each getter returns the fallback when the key is absent and throws UsageError
  // (naming file, key and line) when it is present with the wrong type.
  bool boolean(const std::string& key, bool fallback) const;
  std::int64_t integer(const std::string& key, std::int64_t fallback) const;
  double number(const std::string& key, double fallback) const;  // accepts integers too
  std::string text(const std::string& key, const std::string& fallback) const;
  std::vector<double> numbers(const std::string& key, const std::vector<double>& fallback) const;
  std::vector<std::string> texts(const std::string& key,
                                 const std::vector<std::string>& fallback) const;
  // Keys directly under `prefix.` (one level), e.g. keys_under("catchment.radius_m").
  std::vector<std::string> keys_under(const std::string& prefix) const;

  // Throws UsageError listing every key under one of `sections` that nobody read.
  void require_all_used(const std::vector<std::string>& sections) const;
  std::vector<std::string> unused_keys(const std::vector<std::string>& sections) const;

  const std::string& file() const { return m_file; }

 private:
  const SettingValue* find(const std::string& key) const;
  [[noreturn]] void wrong_type(const std::string& key, const char* expected) const;

  std::string m_file;
  std::map<std::string, SettingValue> m_values;
};

}  // namespace sunplan
