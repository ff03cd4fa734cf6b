// Reported data: every feature that was rejected, repaired or looks suspicious.
//
//   ProblemLog log;
//   log.add({Severity::rejected, "youth.csv", "youth", 12, "lon", "not a number: 'x'"});
//   if (log.count(Severity::rejected)) ...
//
// Loaders never drop a row silently: they add a Problem and, for rejected rows, keep the
// original attributes so the problems layer can be opened in QGIS next to the data.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"

namespace sunplan {

enum class Severity {
  warning,   // kept as is, but worth a look (e.g. far outside the admin extent)
  repaired,  // kept after a fix (e.g. MakeValid, swapped lat/lon)
  rejected,  // not used in the analysis
};

const char* to_string(Severity s);

struct Problem {
  Severity severity = Severity::warning;
  std::string file;
  std::string layer;
  std::int64_t row = -1;  // 1-based feature number in the source layer, -1 for the whole layer
  std::string field;      // empty when the geometry or the whole row is at fault
  std::string reason;
  std::string feature_id;      // the id field's value when there is one
  std::optional<Vec2> lonlat;  // where it is, in WGS84, when known
};

class ProblemLog {
 public:
  void add(Problem p) { m_problems.push_back(std::move(p)); }
  const std::vector<Problem>& all() const { return m_problems; }
  std::size_t count(Severity s) const;
  std::size_t count(Severity s, const std::string& layer) const;
  bool empty() const { return m_problems.empty(); }
  void append(const ProblemLog& other);

 private:
  std::vector<Problem> m_problems;
};

std::string describe(const Problem& p);

}  // namespace sunplan
