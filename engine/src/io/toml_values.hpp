// TOML nodes as Settings values. Internal to io: nothing outside io sees toml++.
#pragma once

#include <toml++/toml.h>

#include <optional>
#include <string>

#include "sunplan/io/settings.hpp"

namespace sunplan::io {

// A scalar or array node as a setting value; nullopt with `error` set when the node is of a
// kind settings do not hold (mixed arrays, arrays of tables, times).
std::optional<SettingValue::Variant> to_setting(const toml::node& node, std::string& error);

}  // namespace sunplan::io
