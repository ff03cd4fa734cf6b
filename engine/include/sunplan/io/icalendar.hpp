// iCalendar (RFC 5545) text for all-day events, e.g. the relay calendar's handovers.
//
//   std::vector<CalendarEvent> events = {{"relay-1f3a@sunplan", 20818, "结对接力：...", "...",
//   "青岚市"}}; std::string ics = icalendar_text(events, "青岚市 demo", std::time(nullptr));
//
// One VCALENDAR (VERSION 2.0, PRODID "-//sunplan//<version>//ZH", CALSCALE GREGORIAN) with a
// VEVENT per event: UID, DTSTAMP (the given UTC time), DTSTART;VALUE=DATE and DTEND;VALUE=DATE
// (the next day: an all-day event), SUMMARY, DESCRIPTION and LOCATION when not empty. Text
// values are escaped (backslash, semicolon, comma, newline), every line ends in CRLF and lines
// longer than 75 octets are folded (CRLF + space) between UTF-8 characters, never inside one.
// The PRODID is how is_sunplan_output knows the file as ours.
#pragma once

#include <cstdint>
#include <ctime>
#include <span>
#include <string>

namespace sunplan {

struct CalendarEvent {
  std::string uid;          // unique and stable across runs for the same event
  std::int32_t date_days;   // days since 1970-01-01
  std::string summary;      // UTF-8
  std::string description;  // UTF-8, may be empty
  std::string location;     // UTF-8, may be empty
};

std::string icalendar_text(std::span<const CalendarEvent> events, const std::string& calendar_name,
                           std::time_t stamp_utc);

// A content line folded at 75 octets (RFC 5545 3.1), each physical line ending in CRLF.
std::string fold_icalendar_line(const std::string& line);
// TEXT value escaping (RFC 5545 3.3.11).
std::string escape_icalendar_text(const std::string& text);

// The mark in the PRODID of every calendar sunplan writes.
constexpr const char* kSunplanCalendarProdId = "PRODID:-//sunplan//";

}  // namespace sunplan
