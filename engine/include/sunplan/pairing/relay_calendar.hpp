// The relay calendar: the handovers of a relay plan that fall due in the next N days, one entry
// per county, day, leaving team, receiving team and outcome, with the youth it moves and the
// receiving team's specialist (项目专员) who answers for it.
//
//   RelayPlan plan = plan_relay(...);
//   RelayCalendar cal = relay_calendar(plan, d.youth, d.admin, from_days, 30);
//   for (const CalendarEntry& e : cal.entries) ... e.county, e.date_days, e.from_team, e.youth
//
// A handover is due in the window when from_days <= date_days <= from_days + days - 1 (the
// first day counts, so 30 days from 2026-12-01 end on 2026-12-30). The county is that of the
// youth point's township (AdminUnits::ancestor); a township without a county ancestor is
// its own entry's unit, and youth without a township have kNone. Handovers that could not
// be placed (to_team kNone: no team in reach, teams full) are due all the same and listed
// with their reason: someone must act on them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/pairing/relay.hpp"

namespace sunplan::pairing {

struct CalendarEntry {
  std::int32_t county = kNone;       // admin unit (county, or the township without one)
  std::int32_t date_days = kNoDate;  // the handover date (the leaving team's term end)
  std::int32_t from_team = kNone;
  std::int32_t to_team = kNone;  // kNone: not handed over (see reason)
  std::int64_t youth = 0;        // youth moved (or left without a team)
  std::string specialist;        // the receiving team's specialist, empty when none
  UnpairedReason reason = UnpairedReason::none;
};

struct RelayCalendar {
  std::int32_t from_days = kNoDate;  // first day of the window
  std::int32_t to_days = kNoDate;    // last day of the window (inclusive)
  // By date, then county, leaving team, receiving team (kNone last), reason.
  std::vector<CalendarEntry> entries;
};

// `days` >= 1. Handovers with kNoDate never fall due.
RelayCalendar relay_calendar(const RelayPlan& plan, const Youth& youth, const AdminUnits& admin,
                             std::int32_t from_days, std::int32_t days);

}  // namespace sunplan::pairing
