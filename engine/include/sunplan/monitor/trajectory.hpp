// Targets over time (issue #20, part 2): where one unit's indicator is heading. Given the
// values the unit had in earlier runs and in this one, and a dated milestone value, tells
// whether the milestone is already reached (and since which run), or the day a straight line
// fitted by least squares to the last `pace_runs` runs reaches it, or that it never does at
// this pace (the line is flat or falling). Plain numbers in, plain numbers out, no I/O: the
// history file is read by io/history_store.cpp, the layer written by the pipeline.
//
//   std::vector<SeriesPoint> s = {{day0, 0.40}, {day0 + 30, 0.50}, {day0 + 60, 0.60}};
//   Projection p = project(s, 0.70, deadline, 3);   // p.projected_day == day0 + 90
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "sunplan/core/dataset.hpp"

namespace sunplan::monitor {

struct SeriesPoint {
  std::int32_t day = kNoDate;  // the run's date, days since 1970-01-01
  double value = 0.0;          // NaN: undefined or withheld in that run (skipped)
};

enum class Outlook {
  reached,    // the latest run meets the milestone value
  on_track,   // projected to reach it on or before the milestone's date
  off_track,  // projected to reach it, but after the milestone's date
  never,      // the line is flat or falling: never at this pace
  unknown,    // fewer than two runs on different days with a value
};

std::string_view to_string(Outlook o);

struct Projection {
  Outlook outlook = Outlook::unknown;
  // reached: the first run of the trailing streak of runs that meet the value. Otherwise the
  // day the fitted line reaches it (rounded up to a whole day, never before the latest run);
  // kNoDate for never/unknown.
  std::int32_t day = kNoDate;
  double pace_per_day = 0.0;  // slope of the fitted line (NaN when unknown)
  int runs_used = 0;          // points the line was fitted to
};

// `series` in any order; points with a NaN value or kNoDate are skipped; two points on the same
// day both count (the fit weighs them). `pace_runs` >= 2: the line is fitted to the latest
// `pace_runs` points only, so that an old pace does not hide a recent change.
Projection project(std::span<const SeriesPoint> series, double target, std::int32_t deadline,
                   int pace_runs);

// Whether the outlook counts as on track for a report: reached or on_track.
inline bool on_track(Outlook o) {
  return o == Outlook::reached || o == Outlook::on_track;
}

}  // namespace sunplan::monitor
