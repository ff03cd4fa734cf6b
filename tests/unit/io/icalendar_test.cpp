#include "sunplan/io/icalendar.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <vector>

namespace sunplan {
namespace {

std::vector<std::string> physical_lines(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t end = text.find("\r\n", pos);
    EXPECT_NE(end, std::string::npos) << "every line ends in CRLF";
    if (end == std::string::npos) break;
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 2;
  }
  return lines;
}

// Unfolding (RFC 5545 3.1): a CRLF followed by one space is removed.
std::string unfolded(const std::string& text) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text.compare(i, 3, "\r\n ") == 0) {
      i += 2;
      continue;
    }
    out += text[i];
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80         ? 1
                          : (c >> 5) == 6  ? 2
                          : (c >> 4) == 14 ? 3
                          : (c >> 3) == 30 ? 4
                                           : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

TEST(icalendar, folds_at_75_octets_between_utf8_characters) {
  // 100 three-octet characters after an 8-octet name: 308 octets.
  std::string line = "SUMMARY:";
  for (int i = 0; i < 100; ++i) line += "接";
  const std::string folded = fold_icalendar_line(line);
  const auto lines = physical_lines(folded);
  ASSERT_GT(lines.size(), 4u);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    EXPECT_LE(lines[i].size(), 75u);
    if (i > 0) {
      EXPECT_EQ(lines[i][0], ' ');
    }
    // Every physical line is whole UTF-8: no character was cut.
    EXPECT_TRUE(valid_utf8(i > 0 ? lines[i].substr(1) : lines[i]));
  }
  EXPECT_EQ(unfolded(folded), line + "\r\n");
  // Short lines are left as they are; exactly 75 octets is not folded.
  EXPECT_EQ(fold_icalendar_line("BEGIN:VEVENT"), "BEGIN:VEVENT\r\n");
  EXPECT_EQ(fold_icalendar_line(std::string(75, 'x')), std::string(75, 'x') + "\r\n");
  EXPECT_EQ(physical_lines(fold_icalendar_line(std::string(76, 'x'))).size(), 2u);
}

TEST(icalendar, escapes_text_values) {
  EXPECT_EQ(escape_icalendar_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
}

TEST(icalendar, one_all_day_event_per_entry_with_the_required_properties) {
  // 2026-12-31 is day 20818 since 1970-01-01.
  const std::vector<CalendarEvent> events = {
      {"relay-1@sunplan", 20818, "结对接力：甲队 → 乙队，3 名青少年", "line 1\nline 2", "青岚市"},
      {"relay-2@sunplan", 20819, "second", "", ""}};
  const std::string ics = icalendar_text(events, "demo", 0);
  for (const std::string& l : physical_lines(ics)) EXPECT_LE(l.size(), 75u);
  const std::string text = unfolded(ics);
  EXPECT_EQ(text.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//sunplan//", 0), 0u);
  EXPECT_NE(text.find("BEGIN:VEVENT\r\nUID:relay-1@sunplan\r\nDTSTAMP:19700101T000000Z\r\n"
                      "DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n"
                      "SUMMARY:结对接力：甲队 → 乙队，3 名青少年\r\n"
                      "DESCRIPTION:line 1\\nline 2\r\nLOCATION:青岚市\r\n"),
            std::string::npos);
  EXPECT_NE(
      text.find(
          "UID:relay-2@sunplan\r\nDTSTAMP:19700101T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\n"),
      std::string::npos);
  EXPECT_EQ(text.find("LOCATION:\r\n"), std::string::npos);  // empty ones are left out
  EXPECT_EQ(text.substr(text.size() - 15), "END:VCALENDAR\r\n");
}

}  // namespace
}  // namespace sunplan
