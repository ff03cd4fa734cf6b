#include "terminal_progress.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "signals.hpp"
#include "sunplan/core/redact.hpp"

namespace sunplan::cli {

TerminalProgress::~TerminalProgress() {
  if (m_open_line) std::fputc('\n', stderr);
}

bool TerminalProgress::update(double fraction, std::string_view stage) {
  if (cancel_requested()) return false;  // Ctrl-C: the stage throws CancelledError
  if (m_style == ProgressStyle::quiet) return true;
  const int percent = static_cast<int>(fraction * 100.0 + 0.5);
  const auto now = std::chrono::steady_clock::now();
  const bool new_stage = stage != m_stage;
  // Throttle: a new stage, a finished stage, or at most ten updates a second.
  if (!new_stage && percent == m_last_percent) return true;
  if (!new_stage && percent < 100 && now - m_last < std::chrono::milliseconds(100)) return true;
  m_last = now;
  m_last_percent = percent;
  m_stage = stage;
  if (m_style == ProgressStyle::json) {
    nlohmann::json j{{"stage", std::string(stage)}, {"progress", fraction}};
    std::fprintf(stderr, "%s\n", j.dump().c_str());
  } else {
    const int width = 30;
    const int filled = percent * width / 100;
    std::fprintf(stderr, "\r%-24.24s [%.*s%*s] %3d%%", std::string(stage).c_str(), filled,
                 "##############################", width - filled, "", percent);
    m_open_line = percent < 100;
    if (percent >= 100) std::fputc('\n', stderr);
  }
  std::fflush(stderr);
  return true;
}

void TerminalProgress::message(std::string_view text) {
  if (m_style == ProgressStyle::quiet) return;
  if (m_open_line) {
    std::fputc('\n', stderr);
    m_open_line = false;
  }
  const std::string shown = redact_secrets(text);
  if (m_style == ProgressStyle::json) {
    nlohmann::json j{{"message", shown}};
    std::fprintf(stderr, "%s\n", j.dump().c_str());
  } else {
    std::fprintf(stderr, "%s\n", shown.c_str());
  }
}

}  // namespace sunplan::cli
