// What changed between two runs (issue #20): bases added, removed, moved or changed; each admin
// unit's figures old, new and their difference; townships newly covered or uncovered; youth
// whose serving base or pairing team changed; and the parameters and inputs that differ.
// Plain data in, plain data out: pipeline/compare_results.cpp reads the two result GeoPackages
// into RunRecords and writes the Comparison as layers and a report.
//
//   RunRecords a = ..., b = ...;                   // what each run published
//   Comparison c = compare_runs(a, b);
//   for (const BaseChange& ch : c.bases) ... ch.id, ch.what & kBaseMoved, ch.moved_m
//
// Runs are compared on what they share: bases by id, units by level and code, youth by the id
// the runs wrote (pseudonyms "r<row>" match only while the registry keeps its row order), a
// figure only where both runs published it (a layer missing from one run, or a count withheld
// in aggregate privacy mode, gives no difference, never a zero).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sunplan/core/geometry.hpp"

namespace sunplan::compare {

struct BaseRecord {
  std::string id, name, type, status;
  std::optional<std::int64_t> capacity;  // nullopt: unlimited (or withheld)
  // Aggregate privacy mode withheld the capacity with the load it bounds: unknown, so no
  // change of capacity is claimed for it.
  bool capacity_withheld = false;
  Vec2 pos;  // metres, the same CRS for both runs
};

// The figures compared per unit, in the order of the unit_changes layer.
enum class Figure {
  youth,
  in_reach,
  served,
  paired,
  reach_rate,
  served_rate,
  pairing_rate,
  gap_rank
};
constexpr std::size_t kFigures = 8;
const char* to_string(Figure f);
// Counts of youth (withheld together in aggregate mode), as opposed to rates and ranks.
bool is_count(Figure f);

struct UnitRecord {
  std::string level;  // township, county, city, province
  std::string code, name;
  // nullopt: not published (layer absent, NULL: withheld, or no rank because nobody is unserved)
  std::array<std::optional<double>, kFigures> figures;
  bool withheld = false;  // the run withheld this unit's counts (aggregate mode, `suppressed`)
  // Which layers the run wrote for the unit: its level's coverage layer (youth, in reach,
  // served, rates, gap rank) and `targets` (paired, pairing rate).
  bool has_coverage = false, has_pairing = false;
  MultiPolygon geometry;
  const std::optional<double>& operator[](Figure f) const {
    return figures[static_cast<std::size_t>(f)];
  }
};

struct YouthRecord {
  std::string id;
  std::int64_t count = 1;
  std::string base;  // serving base id, "" when not served
  std::string team;  // pairing team id, "" when not paired
  Vec2 pos;
};

struct RunRecords {
  // Scenario keys ("scenario.<dotted key>"), input fingerprints, software, CRS: everything that
  // says how the run was made, except its time.
  std::vector<std::pair<std::string, std::string>> parameters;
  bool has_bases = false;
  std::vector<BaseRecord> bases;
  std::vector<UnitRecord> units;
  bool has_youth_bases = false;  // the youth layer (served base per youth point)
  bool has_youth_teams = false;  // the youth_pairing layer (team per youth point)
  std::vector<YouthRecord> youth;
  bool aggregate = false;  // made in aggregate privacy mode: no per-youth output
  std::int64_t min_count =
      5;  // [privacy] min_count: the smallest count published in aggregate mode
};

struct ParameterChange {
  std::string key;
  std::optional<std::string> old_value, new_value;  // nullopt: absent from that run
};

enum BaseChangeBits : unsigned {
  kBaseAdded = 1,
  kBaseRemoved = 2,
  kBaseMoved = 4,
  kBaseStatus = 8,
  kBaseCapacity = 16,
  kBaseType = 32,
};
// "added", "moved,capacity", ... in the order of the bits.
std::string describe_base_change(unsigned what);

struct BaseChange {
  std::string id;
  unsigned what = 0;
  std::optional<BaseRecord> old_base, new_base;
  double moved_m = 0;  // when both exist
};

struct UnitChange {
  std::string level, code, name;
  bool in_old = false, in_new = false;
  std::array<std::optional<double>, kFigures> old_value, new_value, delta;
  bool changed = false;
  // Aggregate mode: a difference of 1 to min_count - 1 youth is itself a small count of people
  // and is withheld (delta nullopt), as every writer of a run withholds one.
  bool suppressed = false;
  MultiPolygon geometry;  // the new run's, else the old run's
};

// A township is covered when every youth in it is in reach of a base (youth - in_reach = 0;
// "covered" is reach, not service, as in docs/coverage.md).
struct CoverageChange {
  std::string code, name;
  bool newly_covered = false;  // false: newly uncovered
  std::optional<double> youth_old, youth_new, in_reach_old, in_reach_new;
  MultiPolygon geometry;
};

struct AssignmentChange {
  std::string id;
  std::optional<YouthRecord> old_youth, new_youth;  // nullopt: the youth is only in one run
  bool base_changed = false, team_changed = false;
};

struct Comparison {
  std::vector<ParameterChange> parameters;  // by key
  std::vector<BaseChange> bases;            // by id
  std::vector<UnitChange> units;            // every unit of either run, by level then code
  std::vector<CoverageChange> coverage;     // by code
  // Per youth: only when neither run is in aggregate mode and both wrote the layer; else empty
  // and `assignments_published` false.
  bool assignments_published = false;
  bool bases_compared = false, youth_bases_compared = false, youth_teams_compared = false;
  std::vector<AssignmentChange> assignments;  // by id
  std::vector<std::string> not_compared;      // what one run lacks, for the report
};

// The assignment changes counted: youth whose serving base or pairing team changed, and those
// only in the new run (added) or only in the old one (removed). The CLI's summary and the
// Markdown report both print these.
struct AssignmentCounts {
  std::size_t base_changed = 0, team_changed = 0, added = 0, removed = 0;
};
AssignmentCounts count_assignment_changes(const std::vector<AssignmentChange>& changes);

// `move_tolerance_m`: positions closer than this are the same place (reprojection round-off).
Comparison compare_runs(const RunRecords& old_run, const RunRecords& new_run,
                        double move_tolerance_m = 0.5);

}  // namespace sunplan::compare
