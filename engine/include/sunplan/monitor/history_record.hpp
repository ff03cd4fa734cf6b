// One run as the history of runs keeps it (issue #20, part 2): when it was made, from what,
// and its headline figures per admin unit. Written by `sunplan run --history`, read back to
// draw each unit's trajectory (trajectory.hpp). Plain data: io/history_store.cpp stores it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"

namespace sunplan::monitor {

// A unit's figures as the run published them; NaN where the run withheld or could not compute
// one (aggregate privacy mode, no youth), so that a trajectory skips it rather than reading 0.
struct UnitFigures {
  std::string level;  // "province", "city", "county", "township" or "total"
  std::string code;   // division code ("" for the total)
  std::string name;
  double youth = 0, in_reach = 0, served = 0, paired = 0;
  double pairing_rate = 0, reach_rate = 0, urban_reach_rate = 0, rural_reach_rate = 0;
  double bases = 0;
};

struct HistoryRun {
  std::int64_t run_id = 0;         // 1, 2, ... in the order appended (set by the store)
  std::int32_t run_day = kNoDate;  // the run's date (`--as-of`, else the day it ran, UTC)
  std::string recorded_at;         // when it was appended, UTC, ISO 8601
  std::string scenario_sha256;     // of the scenario file's bytes
  std::string inputs_sha256;       // "role=sha256; ...", one per input, by role
  std::string sunplan_version;
  std::string privacy_mode;  // "records" or "aggregate"
  std::vector<UnitFigures> units;
};

}  // namespace sunplan::monitor
