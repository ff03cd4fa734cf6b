// Where the real data and the sources are, for tests.
//
//   auto path = sunplan::test::shared_data("shanghai-demo/shanghai_demo_wgs84.gpkg");
//   if (!path) GTEST_SKIP() << sunplan::test::missing_message("shanghai-demo");
#pragma once

#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>

namespace sunplan::test {

// SUNPLAN_SHARED_DATA in the environment overrides the folder set at build time.
inline std::filesystem::path shared_data_root() {
  if (const char* env = std::getenv("SUNPLAN_SHARED_DATA")) return env;
  return SUNPLAN_SHARED_DATA;
}

inline std::optional<std::filesystem::path> shared_data(const std::string& relative) {
  auto p = shared_data_root() / relative;
  if (std::filesystem::exists(p)) return p;
  return std::nullopt;
}

inline std::string missing_message(const std::string& relative) {
  return "real data '" + relative + "' not found under " + shared_data_root().string() +
         " (set SUNPLAN_SHARED_DATA); skipping";
}

inline std::filesystem::path source_dir() {
  return SUNPLAN_SOURCE_DIR;
}

}  // namespace sunplan::test
