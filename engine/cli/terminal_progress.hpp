// The CLI's Progress: a one-line bar on stderr, or JSON lines with --progress=json.
#pragma once

#include <chrono>
#include <string>

#include "sunplan/core/progress.hpp"

namespace sunplan::cli {

enum class ProgressStyle { bar, json, quiet };

class TerminalProgress final : public Progress {
 public:
  explicit TerminalProgress(ProgressStyle style) : m_style(style) {}
  ~TerminalProgress() override;
  bool update(double fraction, std::string_view stage) override;
  void message(std::string_view text) override;

 private:
  ProgressStyle m_style;
  std::string m_stage;
  int m_last_percent = -1;
  std::chrono::steady_clock::time_point m_last = std::chrono::steady_clock::now();
  bool m_open_line = false;
};

}  // namespace sunplan::cli
