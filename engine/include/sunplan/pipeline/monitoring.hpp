// Targets over time in a run (issue #20, part 2): the scenario's milestones and history file,
// this run's record for the history, and the `target_trajectory` layer. The analysis is in
// monitor/ (plain records), the file in io/history_store.
//
//   MonitoringOptions m = monitoring_options(sc);             // [monitoring], milestones
//   HistoryRun rec = history_record(sc, run, day);             // figures as the run published
//   auto rows = monitor::trajectories(io::read_history(m.history), rec, m.milestones, 3);
#pragma once

#include <filesystem>
#include <vector>

#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/monitor/history_record.hpp"
#include "sunplan/monitor/targets_over_time.hpp"

namespace sunplan {

struct RunResult;

struct MonitoringOptions {
  std::filesystem::path history;  // "" = no history kept
  int pace_runs = 3;
  std::vector<monitor::Milestone> milestones;
  std::int32_t as_of = kNoDate;  // the run's date; kNoDate = today (UTC)
};

// Reads [monitoring] and [targets.milestones.*]; throws UsageError naming the key.
MonitoringOptions monitoring_options(const Scenario& scenario);

// The run's headline figures per province, city, county and township and for the whole area,
// as published: counts the run withheld (aggregate privacy mode) are NaN, never a number.
monitor::HistoryRun history_record(const Scenario& scenario, const RunResult& run,
                                   std::int32_t day);

// The layer `target_trajectory`: one row per milestone, unit and indicator, most urgent first.
OutputLayer trajectory_layer(const std::vector<monitor::TrajectoryRow>& rows);

// Today (UTC) as days since 1970-01-01.
std::int32_t today_utc();

}  // namespace sunplan
