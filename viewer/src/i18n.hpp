// UI text in English and Chinese.
//
//   I18n text(Lang::zh);
//   ImGui::Begin(text(Key::layers));                 // "图层###layers"-style ids stay stable
//   std::string label = text.field("served_rate");   // "服务率"
//   std::string bar = text.stage("siting: greedy");  // "选址：贪心"
//
// The language defaults from LC_ALL / LC_MESSAGES / LANG ("zh*" -> Chinese).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sunplan/core/dataset.hpp"

namespace sunplan::viewer {

enum class Lang { en, zh };

enum class Key {
  layers,
  statistics,
  inspector,
  targets,
  jobs,
  legend,
  visible,
  opacity,
  colour_by,
  none_field,
  up,
  down,
  fit,
  reload,
  cancel,
  running,
  done,
  failed,
  cancelled,
  level,
  back,
  code,
  name,
  youth,
  served,
  rate,
  features,
  nothing_under_cursor,
  overall_served,
  target,
  language,
  show_labels,
  loading,
  no_units_layer,
  metadata,
  zoom_hint,
  no_data,
  base_existing,
  base_candidate,
  base_planned,
  siting,
  model,
  new_bases,
  urban_first,
  run,
  objective,
  bound,
  gap,
  what_if,
  selected_base,
  click_base_hint,
  remove_base,
  capacity,
  set_capacity,
  add_base,
  base_type,
  edits,
  undo,
  clear_edits,
  click_map_hint,
  level_country,
  level_province,
  level_city,
  level_county,
  level_township,
  level_village,
  unserved,
  move_base,
  click_move_hint,
  outside_townships,
  export_,
  layer,
  format,
  path,
  export_button,
  exported,
  job_load,
  job_siting,
  job_whatif,
  job_export,
  unlimited,
  points,
  density,
  bandwidth_px,
  density_legend,
  youth_per_km2,
  quartic_kernel,
  siting_on_edits,
  showing_one_in,  // followed by k: the map draws a stable 1-in-k sample of a point layer
  standard_m,      // siting: one coverage radius for every facility
  standard_min,    // siting by travel time: one cutoff
  suppressed,      // a count aggregate privacy mode withholds
  count_           // count_ last
};

class I18n {
 public:
  explicit I18n(Lang lang = Lang::en) : m_lang(lang) {}
  Lang lang() const { return m_lang; }
  void set(Lang lang) { m_lang = lang; }
  const char* operator()(Key key) const;
  // A field or layer name for display ("served_rate" -> "服务率" / "served rate");
  // unknown names come back as they are.
  std::string field(std::string_view name) const;
  std::string layer(std::string_view name) const;
  // 省/市/县/乡镇街道 or Province/City/County/Township.
  const char* level(AdminLevel level) const;
  // A base type key ("warm_home") for display: 温馨家园 in Chinese, "warm home" in English.
  std::string base_type(std::string_view key) const;
  // An engine progress stage ("distance reach", "siting: greedy", "read townships") for the
  // progress bar: Chinese in Chinese; English and unknown names come back as they are.
  std::string stage(std::string_view name) const;

  // Every UI string in both languages, for building the font's glyph ranges.
  static std::vector<std::string> all_strings();

 private:
  Lang m_lang;
};

// From the environment (LC_ALL, LC_MESSAGES, LANG), Chinese when it starts with "zh".
Lang default_lang();
bool parse_lang(std::string_view text, Lang& out);

}  // namespace sunplan::viewer
