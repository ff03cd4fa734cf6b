#include "stats_text.hpp"

namespace sunplan::viewer {

StatsText statistics_text(const I18n& text, const scene::StatTable& table) {
  StatsText out;
  // A full-width colon reads right in Chinese; the parent code says where the drill-down is.
  const char* colon = text.lang() == Lang::zh ? "：" : ": ";
  out.level_line = std::string(text(Key::level)) + colon + text.level(table.level);
  if (!table.parent_code.empty()) out.level_line += " " + table.parent_code;
  out.columns = {text(Key::name), text(Key::code), text(Key::features)};
  for (const std::string& f : table.fields) out.columns.push_back(text.field(f));
  out.columns.emplace_back(text(Key::rate));
  return out;
}

}  // namespace sunplan::viewer
