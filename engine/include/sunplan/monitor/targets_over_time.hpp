// Each unit's trajectory towards each dated milestone (issue #20, part 2): the series of an
// indicator over the recorded runs plus this one, projected with trajectory.hpp. Units are
// matched across runs by level and division code; a unit missing from a run, or a figure
// withheld there (NaN), is a gap in its series, never a zero.
//
//   std::vector<TrajectoryRow> rows = trajectories(history, this_run, milestones, 3);
//   rows.front() is the most urgent: off track (never at this pace first), then unknown, then
//   on track, then reached; within each, by milestone date, level, code and indicator.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sunplan/monitor/history_record.hpp"
#include "sunplan/monitor/trajectory.hpp"

namespace sunplan::monitor {

enum class Indicator { pairing_rate, urban_reach_rate, rural_reach_rate, bases };
inline constexpr int kIndicatorCount = 4;
std::string_view to_string(Indicator i);
// The indicator's figure in a unit's record (NaN where the run had none).
double value_of(const UnitFigures& u, Indicator i);

struct Milestone {
  std::string name;            // the scenario's table name: [targets.milestones.<name>]
  std::int32_t day = kNoDate;  // the date the values are due
  std::array<std::optional<double>, kIndicatorCount> value;  // by Indicator; nullopt: not tracked
  // Levels whose units the rates are tracked for: "total", "province", "city", "county".
  // `bases` is tracked on the total only (a count has no meaning unit by unit).
  std::vector<std::string> levels = {"total", "province", "city", "county"};
};

struct TrajectoryRow {
  std::string milestone;
  std::int32_t due_day = kNoDate;
  std::string level, code, name;
  Indicator indicator = Indicator::pairing_rate;
  double target = 0;
  double current = 0;               // this run's value (NaN: none or withheld)
  std::vector<SeriesPoint> series;  // the runs with a value, oldest first, this run last
  Projection projection;
};

// `current` is this run (its run_day set); `history` the runs recorded before it.
std::vector<TrajectoryRow> trajectories(std::span<const HistoryRun> history,
                                        const HistoryRun& current,
                                        std::span<const Milestone> milestones, int pace_runs);

}  // namespace sunplan::monitor
