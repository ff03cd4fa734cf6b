// The statistics panel's words in the UI language, GPU-free so tests check them without
// a display.
//
//   StatsText t = statistics_text(text, table);
//   ImGui::TextUnformatted(t.level_line.c_str());        // "层级：县 430189"
//   for (const std::string& c : t.columns) ImGui::TableSetupColumn(c.c_str());
#pragma once

#include <string>
#include <vector>

#include "i18n.hpp"
#include "sunplan/scene/statistics.hpp"

namespace sunplan::viewer {

struct StatsText {
  std::string level_line;            // the level shown and the parent it drills into
  std::vector<std::string> columns;  // name, code, units, one per table field, rate
};

StatsText statistics_text(const I18n& text, const scene::StatTable& table);

}  // namespace sunplan::viewer
