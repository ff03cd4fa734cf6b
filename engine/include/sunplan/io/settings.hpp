// The scenario's parameters as a flat table of typed values, so every module can read its
// own section without the TOML library in its headers.
//
//   Settings s = ...;                      // from Scenario::settings
//   double r = s.number("siting.radius_m");   // the default comes from the schema table
//   double b = s.number("siting.budget", -1); // no default in the schema: the caller's
//   s.require_all_used({"catchment"});     // throws UsageError naming any key nobody read
//
// Keys are dotted paths ("siting.add"); each value remembers its line in the file so
// errors point at it. Every key was checked against the schema (io/schema.hpp) when the
// scenario was parsed; reading a key marks it used, so a key the schema lists but no stage
// reads is still caught.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace sunplan {

// A table's own entry (its keys are entries of their own), so the schema can check tables.
struct SettingTable {
  bool operator==(const SettingTable&) const = default;
};

struct SettingValue {
  using Variant = std::variant<bool, std::int64_t, double, std::string, std::vector<double>,
                               std::vector<std::string>, SettingTable>;
  Variant value;
  int line = 0;
  mutable bool used = false;
};

class Settings {
 public:
  explicit Settings(std::string file = {}) : m_file(std::move(file)) {}

  void set(const std::string& key, SettingValue value) { m_values[key] = std::move(value); }
  bool has(const std::string& key) const { return m_values.count(key) != 0; }
  // Every key, sorted; a value without marking it used (nullptr when absent).
  std::vector<std::string> keys() const;
  const SettingValue* peek(const std::string& key) const;

  // Each getter returns the fallback when the key is absent and throws UsageError
  // (naming file, key and line) when it is present with the wrong type.
  bool boolean(const std::string& key, bool fallback) const;
  std::int64_t integer(const std::string& key, std::int64_t fallback) const;
  double number(const std::string& key, double fallback) const;  // accepts integers too
  std::string text(const std::string& key, const std::string& fallback) const;
  std::vector<double> numbers(const std::string& key, const std::vector<double>& fallback) const;
  std::vector<std::string> texts(const std::string& key,
                                 const std::vector<std::string>& fallback) const;
  // The same, with the schema table's default (std::logic_error when the table has none).
  bool boolean(const std::string& key) const;
  std::int64_t integer(const std::string& key) const;
  double number(const std::string& key) const;
  std::string text(const std::string& key) const;
  std::vector<double> numbers(const std::string& key) const;
  std::vector<std::string> texts(const std::string& key) const;
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
