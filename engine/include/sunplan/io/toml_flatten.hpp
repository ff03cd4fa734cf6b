// A TOML document as flat "dotted.key" = value text pairs, e.g. to compare the scenarios two
// runs were made from (their run_metadata keeps the scenario's text) key by key.
//
//   auto keys = flatten_toml("[pairing]\nrelay_date = \"2026-06-30\"\n");
//   // {{"pairing.relay_date", "2026-06-30"}}
//
// Strings are given as they are (no quotes), other values printed as TOML (dates, numbers,
// arrays in brackets); tables are walked, keys come sorted. Comments and layout do not count.
// nullopt when the text is no valid TOML.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace sunplan {

std::optional<std::vector<std::pair<std::string, std::string>>> flatten_toml(
    const std::string& text);

}  // namespace sunplan
