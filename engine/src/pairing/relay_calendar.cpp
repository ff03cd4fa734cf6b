#include "sunplan/pairing/relay_calendar.hpp"

#include <algorithm>
#include <map>
#include <tuple>

namespace sunplan::pairing {

namespace {

// The unit a youth point's handover is listed under: its township's county, else the township.
std::int32_t county_of(const Youth& youth, const AdminUnits& admin, std::int32_t y) {
  const std::int32_t t = youth.township[static_cast<std::size_t>(y)];
  if (t == kNone) return kNone;
  const std::int32_t c = admin.ancestor(t, AdminLevel::county);
  return c == kNone ? t : c;
}

// kNone sorts after every team: the handovers that found no team close their day's list.
std::int64_t team_order(std::int32_t team) {
  return team == kNone ? std::int64_t{1} << 40 : team;
}

}  // namespace

RelayCalendar relay_calendar(const RelayPlan& plan, const Youth& youth, const AdminUnits& admin,
                             std::int32_t from_days, std::int32_t days) {
  RelayCalendar cal;
  cal.from_days = from_days;
  cal.to_days = from_days + std::max(days, 1) - 1;
  using Key = std::tuple<std::int32_t, std::int32_t, std::int32_t, std::int64_t, int>;
  std::map<Key, CalendarEntry> by_key;
  for (const Handover& h : plan.handovers) {
    if (h.date_days == kNoDate || h.date_days < cal.from_days || h.date_days > cal.to_days)
      continue;
    const std::int32_t county = county_of(youth, admin, h.youth);
    const Key key{h.date_days, county, h.from_team, team_order(h.to_team),
                  static_cast<int>(h.reason)};
    auto [it, fresh] = by_key.try_emplace(key);
    CalendarEntry& e = it->second;
    if (fresh) {
      e.county = county;
      e.date_days = h.date_days;
      e.from_team = h.from_team;
      e.to_team = h.to_team;
      e.reason = h.reason;
      e.specialist = h.specialist;  // the relay's: the receiving team's specialist
    }
    e.youth += h.count;
  }
  cal.entries.reserve(by_key.size());
  for (auto& [key, e] : by_key) cal.entries.push_back(std::move(e));
  return cal;
}

}  // namespace sunplan::pairing
