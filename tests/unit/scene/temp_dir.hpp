// A per-test temporary folder, removed at the end of the test (kept when the
// environment sets SUNPLAN_KEEP_TMP).
#pragma once

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <string>

namespace sunplan::test {

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    m_path = std::filesystem::temp_directory_path() /
             ("sunplan-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
              std::to_string(::getpid()));
    std::filesystem::create_directories(m_path);
  }
  ~TempDir() {
    if (std::getenv("SUNPLAN_KEEP_TMP")) return;  // to look at the files a test wrote
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
  }
  const std::filesystem::path& path() const { return m_path; }

 private:
  std::filesystem::path m_path;
};

}  // namespace sunplan::test
