// Pairing inside the main job: youth with volunteer teams, teams with bases, the relay when
// terms end, and progress against the programme's targets.
//
//   PairingStageOptions o = pairing_options(scenario);   // [pairing], [targets]
//   PairingStage p = run_pairing(d, coverage, o, progress);
#pragma once

#include <optional>
#include <vector>

#include "sunplan/coverage/coverage.hpp"
#include "sunplan/io/icalendar.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pairing/pair_youth.hpp"
#include "sunplan/pairing/relay.hpp"
#include "sunplan/pairing/relay_calendar.hpp"
#include "sunplan/pairing/targets.hpp"
#include "sunplan/pairing/team_bases.hpp"

namespace sunplan {

struct LayerChoice;

struct PairingStageOptions {
  pairing::PairingOptions pairing;
  pairing::TeamBasesOptions team_bases;
  std::int32_t relay_date = kNoDate;  // days since 1970-01-01
  double max_minutes = -1;            // network mode: travel-time limit (< 0: the catchment cutoff)
  // The relay calendar ([pairing] calendar_days, calendar_from; --calendar-days, --calendar-from):
  // handovers due in the calendar_days days from calendar_from. 0 days: no calendar.
  std::int32_t calendar_days = 0;
  std::int32_t calendar_from = kNoDate;  // kNoDate: the day of the run (UTC)
  pairing::Targets targets;
};

// Reads [pairing] and [targets] (a `file` key in [targets] reads the same keys from a
// separate TOML file, relative to the scenario).
PairingStageOptions pairing_options(const Scenario& scenario);
// "YYYY-MM-DD" -> days since 1970-01-01; throws UsageError naming `what` otherwise.
std::int32_t parse_day(const std::string& text, const std::string& what);
std::string format_day(std::int32_t days);
// The calendar's window made definite: calendar_from defaults to today (UTC), and without a
// relay date the relay is planned up to the window's last day, so every handover due in the
// window is in the plan. A relay date before the window's end is kept (the calendar then
// stops there: no later term end is planned). No-op without a calendar; a first day without
// a length is a UsageError.
void resolve_calendar(PairingStageOptions& options);

struct PairingStage {
  PairingStageOptions options;
  bool by_time = false;  // costs are seconds of travel (network mode), else metres
  pairing::PairingResult pairs;
  pairing::TeamBasesResult team_bases;
  std::optional<pairing::RelayPlan> relay;
  std::optional<pairing::RelayCalendar> calendar;  // with calendar_days > 0 and a relay
  pairing::TargetsProgress targets;
};

// travel: youth -> team travel times (network mode), or nullptr for straight-line distance.
PairingStage run_pairing(const Dataset& d, const coverage::CoverageResult& coverage,
                         const PairingStageOptions& options, Progress& progress,
                         const ReachMatrix* travel = nullptr);

// Layers: teams, pairings (lines), youth_pairing, base_teams (lines), relay (lines),
// relay_calendar (table), targets (table, every level) and targets_townships (polygons).
// `wanted` (a run's --layers choice) leaves out the per-youth layers (pairings, youth_pairing,
// relay) it does not choose, unbuilt; nullptr builds them all.
std::vector<OutputLayer> pairing_layers(const Dataset& d, const PairingStage& p,
                                        const LayerChoice* wanted = nullptr);

}  // namespace sunplan

namespace sunplan {

// The relay calendar as iCalendar events (io/icalendar.hpp), one per relay_calendar row;
// `with_counts` false (aggregate privacy mode) leaves the number of youth out of the text.
std::vector<CalendarEvent> relay_calendar_events(const Dataset& d, const PairingStage& p,
                                                 bool with_counts);

}  // namespace sunplan
