#include "sunplan/monitor/targets_over_time.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace sunplan::monitor {

std::string_view to_string(Indicator i) {
  switch (i) {
    case Indicator::pairing_rate:
      return "pairing_rate";
    case Indicator::urban_reach_rate:
      return "urban_reach_rate";
    case Indicator::rural_reach_rate:
      return "rural_reach_rate";
    case Indicator::bases:
      return "bases";
  }
  return "";
}

double value_of(const UnitFigures& u, Indicator i) {
  switch (i) {
    case Indicator::pairing_rate:
      return u.pairing_rate;
    case Indicator::urban_reach_rate:
      return u.urban_reach_rate;
    case Indicator::rural_reach_rate:
      return u.rural_reach_rate;
    case Indicator::bases:
      return u.bases;
  }
  return std::nan("");
}

namespace {

// Urgency for the report: what needs action first.
int rank(Outlook o) {
  switch (o) {
    case Outlook::never:
      return 0;
    case Outlook::off_track:
      return 1;
    case Outlook::unknown:
      return 2;
    case Outlook::on_track:
      return 3;
    case Outlook::reached:
      return 4;
  }
  return 2;
}

int level_rank(const std::string& level) {
  if (level == "total") return 0;
  if (level == "province") return 1;
  if (level == "city") return 2;
  if (level == "county") return 3;
  return 4;
}

using UnitKey = std::pair<std::string, std::string>;  // level, code

}  // namespace

std::vector<TrajectoryRow> trajectories(std::span<const HistoryRun> history,
                                        const HistoryRun& current,
                                        std::span<const Milestone> milestones, int pace_runs) {
  // Each unit's value per run, oldest run first; this run last. Runs are taken in the order of
  // their dates (a back-filled run with --as-of falls into place), then of recording.
  std::vector<const HistoryRun*> runs;
  for (const HistoryRun& r : history) runs.push_back(&r);
  std::stable_sort(runs.begin(), runs.end(), [](const HistoryRun* a, const HistoryRun* b) {
    return a->run_day < b->run_day;
  });
  runs.push_back(&current);
  std::map<UnitKey, std::vector<std::pair<std::int32_t, const UnitFigures*>>> by_unit;
  for (const HistoryRun* r : runs)
    for (const UnitFigures& u : r->units) by_unit[{u.level, u.code}].push_back({r->run_day, &u});

  std::vector<TrajectoryRow> rows;
  for (const Milestone& m : milestones)
    for (const UnitFigures& u : current.units) {
      for (int k = 0; k < kIndicatorCount; ++k) {
        if (!m.value[k]) continue;
        const auto ind = static_cast<Indicator>(k);
        if (ind == Indicator::bases && u.level != "total") continue;
        if (ind != Indicator::bases &&
            std::find(m.levels.begin(), m.levels.end(), u.level) == m.levels.end())
          continue;
        TrajectoryRow row;
        row.milestone = m.name;
        row.due_day = m.day;
        row.level = u.level;
        row.code = u.code;
        row.name = u.name;
        row.indicator = ind;
        row.target = *m.value[k];
        row.current = value_of(u, ind);
        for (const auto& [day, f] : by_unit[{u.level, u.code}]) {
          const double v = value_of(*f, ind);
          if (std::isfinite(v)) row.series.push_back({day, v});
        }
        row.projection = project(row.series, row.target, m.day, pace_runs);
        rows.push_back(std::move(row));
      }
    }
  std::stable_sort(rows.begin(), rows.end(), [](const TrajectoryRow& a, const TrajectoryRow& b) {
    return std::tuple(rank(a.projection.outlook), a.due_day, level_rank(a.level), a.code,
                      static_cast<int>(a.indicator)) <
           std::tuple(rank(b.projection.outlook), b.due_day, level_rank(b.level), b.code,
                      static_cast<int>(b.indicator));
  });
  return rows;
}

}  // namespace sunplan::monitor
