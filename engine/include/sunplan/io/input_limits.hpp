// What sunplan agrees to read: numbers in range, regular files of a sane size, no personal
// value quoted back (docs/reliability.md, "Input limits").
//
//   std::int64_t n; std::string why;
//   if (!parse_count("4294967297", n, why)) reject(row, "count '4294967297' " + why);
//   const std::string text = read_settings_file("targets.toml", SettingsFile::targets);
//
// Counts and capacities are read as 64-bit integers and never wrap: a value above
// kMaxRowCount is refused with its row and field (the engine keeps them in 32 bits and sums
// them in 64, so every total stays exact), and a youth layer whose counts add up to more than
// kMaxLayerYouth is refused as a whole.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace sunplan {

// Youth at one row, the capacity of a base or team, volunteers of a team: more than any county
// has, and far below 2^31, so a row never overflows.
inline constexpr std::int64_t kMaxRowCount = 10'000'000;
// Youth in a whole layer (every per-unit and per-base figure is at most this).
inline constexpr std::int64_t kMaxLayerYouth = 2'147'483'647;
// A scenario or targets file: quotas for every county of China fit in a few hundred KiB.
inline constexpr std::uintmax_t kMaxSettingsFileBytes = 4u << 20;

// A whole number in [0, kMaxRowCount] ("12.0" as spreadsheets write it is 12). On failure
// `why` completes "count 'TEXT' ...": "is not a whole number >= 0" or "is above 10000000, the
// most one row may hold".
bool parse_count(const std::string& text, std::int64_t& out, std::string& why);

enum class SettingsFile { scenario, targets };
// The text of a scenario (errors: UsageError, exit 2) or targets file (InputError, exit 3):
// refused when missing, not a regular file (a FIFO or /dev/zero would block or never end), or
// larger than kMaxSettingsFileBytes.
std::string read_settings_file(const std::filesystem::path& path, SettingsFile kind);

// Throws InputError (file, layer) when `path` exists but is neither a regular file nor a
// folder (a FIFO, a device, a socket): GDAL or libosmium would block on it or read forever.
void require_regular_source(const std::string& path, const std::string& shown,
                            const std::string& layer);

// A problem reason of a personal layer (youth) with every quoted value ('...') withheld, so
// no id, age, category, name or coordinate of a person is repeated in messages or outputs.
std::string withhold_quoted_values(const std::string& reason);

}  // namespace sunplan
