#include "sunplan/io/icalendar.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "sunplan/version.hpp"

namespace sunplan {

namespace {

std::string ical_date(std::int32_t days) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02u%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string ical_stamp(std::time_t t) {
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// A UTF-8 continuation byte (10xxxxxx) cannot start a folded line.
bool continuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

}  // namespace

std::string escape_icalendar_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case ';':
        out += "\\;";
        break;
      case ',':
        out += "\\,";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;  // a CRLF in the data is one newline
      default:
        out += c;
    }
  }
  return out;
}

std::string fold_icalendar_line(const std::string& line) {
  constexpr std::size_t kMaxOctets = 75;
  std::string out;
  std::size_t pos = 0;
  bool first = true;
  while (pos < line.size()) {
    // A continuation line starts with one space, which counts in its 75 octets.
    const std::size_t room = first ? kMaxOctets : kMaxOctets - 1;
    std::size_t end = std::min(line.size(), pos + room);
    while (end < line.size() && end > pos && continuation(static_cast<unsigned char>(line[end])))
      --end;
    if (!first) out += ' ';
    out.append(line, pos, end - pos);
    out += "\r\n";
    pos = end;
    first = false;
  }
  if (first) out += "\r\n";
  return out;
}

std::string icalendar_text(std::span<const CalendarEvent> events, const std::string& calendar_name,
                           std::time_t stamp_utc) {
  std::string out;
  auto line = [&](const std::string& l) { out += fold_icalendar_line(l); };
  line("BEGIN:VCALENDAR");
  line("VERSION:2.0");
  line(std::string(kSunplanCalendarProdId) + kVersion + "//ZH");
  line("CALSCALE:GREGORIAN");
  line("METHOD:PUBLISH");
  if (!calendar_name.empty()) line("X-WR-CALNAME:" + escape_icalendar_text(calendar_name));
  const std::string stamp = ical_stamp(stamp_utc);
  for (const CalendarEvent& e : events) {
    line("BEGIN:VEVENT");
    line("UID:" + e.uid);
    line("DTSTAMP:" + stamp);
    line("DTSTART;VALUE=DATE:" + ical_date(e.date_days));
    line("DTEND;VALUE=DATE:" + ical_date(e.date_days + 1));
    line("SUMMARY:" + escape_icalendar_text(e.summary));
    if (!e.description.empty()) line("DESCRIPTION:" + escape_icalendar_text(e.description));
    if (!e.location.empty()) line("LOCATION:" + escape_icalendar_text(e.location));
    line("TRANSP:TRANSPARENT");
    line("END:VEVENT");
  }
  line("END:VCALENDAR");
  return out;
}

}  // namespace sunplan
