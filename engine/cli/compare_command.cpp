// `sunplan compare OLD.gpkg NEW.gpkg -o DIFF.gpkg`: what changed between two runs.
#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sunplan/pipeline/compare_results.hpp"

namespace sunplan::cli {

int run_compare(const CompareCommandOptions& options, const CommonOptions& common) {
  CompareOptions o;
  o.old_path = options.old_result;
  o.new_path = options.new_result;
  o.output_path = options.output;
  o.force = common.force;
  TerminalProgress progress(common.json && common.progress == ProgressStyle::bar
                                ? ProgressStyle::quiet
                                : common.progress);
  const CompareOutcome r = compare_results(o, progress);
  const compare::Comparison& c = r.comparison;

  std::map<std::string, std::size_t> bases;
  for (const auto& b : c.bases)
    for (unsigned bit = 1; bit <= compare::kBaseType; bit <<= 1)
      if (b.what & bit) ++bases[compare::describe_base_change(bit)];
  std::map<std::string, std::size_t> units_changed, units;
  for (const auto& u : c.units) {
    ++units[u.level];
    if (u.changed) ++units_changed[u.level];
  }
  std::size_t covered = 0, uncovered = 0;
  for (const auto& t : c.coverage) (t.newly_covered ? covered : uncovered)++;
  const compare::AssignmentCounts assignments = compare::count_assignment_changes(c.assignments);

  if (common.json) {
    nlohmann::json bj = nlohmann::json::object();
    for (const char* k : {"added", "removed", "moved", "status", "capacity", "type"})
      bj[k] = bases[k];
    nlohmann::json uj = nlohmann::json::object();
    for (const auto& [level, n] : units)
      uj[level] = {{"units", n}, {"changed", units_changed[level]}};
    nlohmann::json params = nlohmann::json::array();
    for (const auto& p : c.parameters) params.push_back(p.key);
    nlohmann::json j{{"old", o.old_path},
                     {"new", o.new_path},
                     {"output", r.output_path},
                     {"report", r.report_path},
                     {"parameters_changed", params},
                     {"bases", c.bases_compared ? bj : nlohmann::json()},
                     {"units", uj},
                     {"townships_newly_covered", covered},
                     {"townships_newly_uncovered", uncovered},
                     {"not_compared", c.not_compared}};
    // Per-youth changes only where both runs published youth (never in aggregate mode).
    if (c.assignments_published)
      j["assignments"] = {
          {"base_changed",
           c.youth_bases_compared ? nlohmann::json(assignments.base_changed) : nlohmann::json()},
          {"team_changed",
           c.youth_teams_compared ? nlohmann::json(assignments.team_changed) : nlohmann::json()},
          {"only_new", assignments.added},
          {"only_old", assignments.removed}};
    else
      j["assignments"] = nlohmann::json();
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("\n{} → {}\n", o.old_path, o.new_path);
  fmt::print("  parameters and inputs that differ: {}\n", c.parameters.size());
  for (std::size_t i = 0; i < c.parameters.size() && i < 8; ++i)
    fmt::print("    {}\n", c.parameters[i].key);
  if (c.bases_compared)
    fmt::print("  bases: {} added, {} removed, {} moved, {} status, {} capacity, {} type\n",
               bases["added"], bases["removed"], bases["moved"], bases["status"], bases["capacity"],
               bases["type"]);
  for (const auto& [level, n] : units)
    fmt::print("  {}: {} of {} changed\n", level, units_changed[level], n);
  fmt::print("  townships newly covered {}, newly uncovered {}\n", covered, uncovered);
  if (c.assignments_published)
    fmt::print("  youth points: base changed {}, team changed {}, only new {}, only old {}\n",
               assignments.base_changed, assignments.team_changed, assignments.added,
               assignments.removed);
  for (const auto& s : c.not_compared) fmt::print("  not compared: {}\n", s);
  fmt::print("  wrote {} and {}\n", r.output_path, r.report_path);
  return 0;
}

}  // namespace sunplan::cli
