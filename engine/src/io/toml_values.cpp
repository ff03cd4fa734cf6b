#include "toml_values.hpp"

#include <cstdio>

namespace sunplan::io {

std::optional<SettingValue::Variant> to_setting(const toml::node& node, std::string& error) {
  if (auto b = node.value_exact<bool>()) return *b;
  if (auto i = node.value_exact<std::int64_t>()) return *i;
  if (auto d = node.value_exact<double>()) return *d;
  if (auto s = node.value_exact<std::string>()) return *s;
  if (auto date = node.as_date()) {
    const auto& dv = date->get();
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", dv.year, dv.month, dv.day);
    return std::string(buf);
  }
  if (const auto* arr = node.as_array()) {
    if (arr->empty() || arr->is_homogeneous<std::string>()) {
      std::vector<std::string> texts;
      for (const auto& e : *arr) texts.push_back(*e.value<std::string>());
      return texts;
    }
    std::vector<double> nums;
    for (const auto& e : *arr) {
      auto d = e.value<double>();
      if (!d || e.is_boolean()) {
        error = "must hold only numbers or only strings";
        return std::nullopt;
      }
      nums.push_back(*d);
    }
    return nums;
  }
  error = "has an unsupported type";
  return std::nullopt;
}

}  // namespace sunplan::io
