// Timing and recording of solve stages, internal to siting.
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include "sunplan/siting/result.hpp"

namespace sunplan::siting::detail {

class Stopwatch {
 public:
  double seconds() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }
  // Seconds since the previous lap (or the start).
  double lap() {
    const auto now = std::chrono::steady_clock::now();
    const double s = std::chrono::duration<double>(now - m_lap).count();
    m_lap = now;
    return s;
  }

 private:
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point m_lap = m_start;
};

inline void record(SitingResult& r, std::string name, std::optional<double> objective,
                   std::optional<double> bound, double seconds, std::string status = {},
                   bool proven_optimal = false) {
  r.stages.push_back(
      {std::move(name), objective, bound, seconds, std::move(status), proven_optimal});
}

}  // namespace sunplan::siting::detail
