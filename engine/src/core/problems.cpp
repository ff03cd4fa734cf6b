#include "sunplan/core/problems.hpp"

#include <algorithm>

#include "sunplan/core/error.hpp"

namespace sunplan {

const char* to_string(Severity s) {
  switch (s) {
    case Severity::warning:
      return "warning";
    case Severity::repaired:
      return "repaired";
    case Severity::rejected:
      return "rejected";
  }
  return "unknown";
}

std::size_t ProblemLog::count(Severity s) const {
  return static_cast<std::size_t>(std::count_if(m_problems.begin(), m_problems.end(),
                                                [s](const Problem& p) { return p.severity == s; }));
}

std::size_t ProblemLog::count(Severity s, const std::string& layer) const {
  return static_cast<std::size_t>(
      std::count_if(m_problems.begin(), m_problems.end(),
                    [&](const Problem& p) { return p.severity == s && p.layer == layer; }));
}

void ProblemLog::append(const ProblemLog& other) {
  m_problems.insert(m_problems.end(), other.m_problems.begin(), other.m_problems.end());
}

std::string describe(const Problem& p) {
  std::string where = format_location(p.file, p.layer, p.row, p.field);
  return std::string(to_string(p.severity)) + ": " + (where.empty() ? "" : where + ": ") + p.reason;
}

}  // namespace sunplan
