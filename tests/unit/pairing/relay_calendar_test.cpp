#include "sunplan/pairing/relay_calendar.hpp"

#include <gtest/gtest.h>

#include "make_data.hpp"

namespace sunplan::pairing {
namespace {

using test::add_youth;

// County 0 (430101) with townships 1 and 2; township 3 has no county (listed as itself).
AdminUnit calendar_unit(std::string code, AdminLevel level, std::int32_t parent) {
  AdminUnit u;
  u.code = std::move(code);
  u.level = level;
  u.parent = parent;
  return u;
}

AdminUnits admin() {
  AdminUnits a;
  a.units.push_back(calendar_unit("430101", AdminLevel::county, kNone));
  a.units.push_back(calendar_unit("430101001", AdminLevel::township, 0));
  a.units.push_back(calendar_unit("430101002", AdminLevel::township, 0));
  a.units.push_back(calendar_unit("430199003", AdminLevel::township, kNone));
  a.townships = {1, 2, 3};
  return a;
}

Handover handover(std::int32_t youth, std::int32_t count, std::int32_t from, std::int32_t to,
                  std::int32_t date, std::string specialist = {},
                  UnpairedReason reason = UnpairedReason::none) {
  Handover h;
  h.youth = youth;
  h.count = count;
  h.from_team = from;
  h.to_team = to;
  h.date_days = date;
  h.specialist = std::move(specialist);
  h.reason = reason;
  return h;
}

// Worked by hand: window days 100..129 (from 100, 30 days).
TEST(relay_calendar, due_handovers_grouped_per_county_day_and_teams) {
  Youth y;
  add_youth(y, 0, 0, "a", 2, {}, 1);      // township 1 -> county 0
  add_youth(y, 0, 0, "b", 3, {}, 2);      // township 2 -> county 0
  add_youth(y, 0, 0, "c", 1, {}, 3);      // township 3, no county: its own row
  add_youth(y, 0, 0, "d", 4, {}, kNone);  // no township
  add_youth(y, 0, 0, "e", 1, {}, 1);
  RelayPlan plan;
  plan.handovers = {
      handover(0, 2, 5, 7, 100, "李"),  // first day: in
      handover(1, 3, 5, 7, 100, "李"),  // same county, day and teams: added to the row above
      handover(2, 1, 5, 7, 100, "李"),  // township without a county
      handover(3, 4, 6, kNone, 129, "", UnpairedReason::teams_full),  // last day: in
      handover(4, 1, 6, 8, 99),                                       // the day before: out
      handover(4, 1, 6, 8, 130),                                      // the day after: out
      handover(0, 1, 5, 8, 110),  // another receiving team: its own row
      handover(0, 1, 5, kNone, 110, "", UnpairedReason::no_team_in_reach),
      handover(0, 1, 5, 8, kNoDate),  // no date: never due
  };
  const RelayCalendar cal = relay_calendar(plan, y, admin(), 100, 30);
  EXPECT_EQ(cal.from_days, 100);
  EXPECT_EQ(cal.to_days, 129);
  ASSERT_EQ(cal.entries.size(), 5u);
  const CalendarEntry& first = cal.entries[0];
  EXPECT_EQ(first.date_days, 100);
  EXPECT_EQ(first.county, 0);
  EXPECT_EQ(first.from_team, 5);
  EXPECT_EQ(first.to_team, 7);
  EXPECT_EQ(first.youth, 5);
  EXPECT_EQ(first.specialist, "李");
  EXPECT_EQ(cal.entries[1].county, 3);
  EXPECT_EQ(cal.entries[1].youth, 1);
  // Day 110: the placed handover before the one that found no team.
  EXPECT_EQ(cal.entries[2].date_days, 110);
  EXPECT_EQ(cal.entries[2].to_team, 8);
  EXPECT_EQ(cal.entries[3].to_team, kNone);
  EXPECT_EQ(cal.entries[3].reason, UnpairedReason::no_team_in_reach);
  const CalendarEntry& last = cal.entries[4];
  EXPECT_EQ(last.date_days, 129);
  EXPECT_EQ(last.county, kNone);
  EXPECT_EQ(last.to_team, kNone);
  EXPECT_EQ(last.reason, UnpairedReason::teams_full);
  EXPECT_EQ(last.youth, 4);
  // One day: only that day.
  EXPECT_EQ(relay_calendar(plan, y, admin(), 129, 1).entries.size(), 1u);
  EXPECT_TRUE(relay_calendar(plan, y, admin(), 131, 365).entries.empty());
}

}  // namespace
}  // namespace sunplan::pairing
