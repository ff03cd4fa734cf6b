// What `check` says about layers placed from addresses: match rates per level and the rows
// not placed, by row number.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sunplan/io/load.hpp"

namespace sunplan::cli {

void print_locate_summaries(const std::vector<LayerReport>& layers) {
  for (const LayerReport& l : layers) {
    const LocateSummary& s = l.locate;
    if (!s.used) continue;
    fmt::print("\n{} placed from addresses ({} rows, gazetteer {}):\n", l.role, s.rows,
               s.gazetteer);
    fmt::print(
        "  village {:.1f} %, township {:.1f} %, county only {:.1f} %, none {:.1f} %; "
        "{} ambiguous\n",
        100 * s.share(s.village), 100 * s.share(s.township), 100 * s.share(s.county),
        100 * s.share(s.none), s.ambiguous);
    fmt::print(
        "  at their village's point {}, spread inside their township {}, outside the "
        "townships layer {}{}\n",
        s.at_village_point, s.spread_in_township, s.outside_townships,
        s.via_newer_name ? fmt::format("; {} through a newer (2023) name", s.via_newer_name)
                         : std::string());
    if (const std::string rows = s.unplaced_rows_text(); !rows.empty())
      fmt::print("  rows not placed: {}\n", rows);
  }
}

nlohmann::json locate_json(const LocateSummary& s) {
  if (!s.used) return nullptr;
  return {{"gazetteer", s.gazetteer},
          {"rows", s.rows},
          {"village", s.village},
          {"township", s.township},
          {"county", s.county},
          {"none", s.none},
          {"ambiguous", s.ambiguous},
          {"via_newer_name", s.via_newer_name},
          {"at_village_point", s.at_village_point},
          {"spread_in_township", s.spread_in_township},
          {"outside_townships", s.outside_townships},
          {"unmatched_rows", s.unmatched_rows},
          {"ambiguous_rows", s.ambiguous_rows}};
}

}  // namespace sunplan::cli
