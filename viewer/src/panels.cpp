#include "panels.hpp"

#include <imgui.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "stats_text.hpp"
#include "sunplan/scene/disclosed.hpp"
#include "sunplan/scene/display_crs.hpp"
#include "sunplan/scene/export.hpp"
#include "sunplan/scene/pick.hpp"

namespace sunplan::viewer {

namespace {

ImU32 to_imgui(Rgba c) {
  return IM_COL32(c.r, c.g, c.b, c.a);
}

std::string format_number(double v) {
  char buf[64];
  if (std::isnan(v)) return "";
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.3g", v);
  }
  return buf;
}

// The layer whose choropleth the legend explains: the first visible polygon layer with
// one, from the top of the draw order.
int legend_layer(const AppState& s) {
  for (auto it = s.style.draw_order.rbegin(); it != s.style.draw_order.rend(); ++it) {
    const auto i = static_cast<std::size_t>(*it);
    if (s.style.layers[i].visible && s.style.layers[i].choropleth_column >= 0) return *it;
  }
  return -1;
}

void symbol(ImDrawList* dl, ImVec2 c, float r, int shape, ImU32 fill) {
  const ImU32 rim = IM_COL32(30, 30, 30, 255);
  if (shape == 0) {
    dl->AddCircleFilled(c, r, rim);
    dl->AddCircleFilled(c, r * 0.72f, fill);
  } else if (shape == 1) {
    dl->AddRectFilled({c.x - r, c.y - r}, {c.x + r, c.y + r}, rim);
    dl->AddRectFilled({c.x - r * 0.72f, c.y - r * 0.72f}, {c.x + r * 0.72f, c.y + r * 0.72f}, fill);
  } else {
    dl->AddQuadFilled({c.x, c.y - r}, {c.x + r, c.y}, {c.x, c.y + r}, {c.x - r, c.y}, rim);
    const float q = r * 0.72f;
    dl->AddQuadFilled({c.x, c.y - q}, {c.x + q, c.y}, {c.x, c.y + q}, {c.x - q, c.y}, fill);
  }
}

}  // namespace

void draw_labels(AppState& s) {
  if (!s.labels || !s.scene) return;
  ImDrawList* dl = ImGui::GetBackgroundDrawList();
  const Box view = s.camera.visible();
  std::size_t drawn = 0;
  constexpr std::size_t kMaxLabels = 1500;  // keeps a zoomed-out national view fluid
  for (int li : s.style.draw_order) {
    const auto i = static_cast<std::size_t>(li);
    const scene::Layer& l = s.scene->layers[i];
    if (!s.style.layers[i].visible || !s.style.layers[i].labels ||
        l.kind != scene::LayerKind::polygon)
      continue;
    const int name = l.column("name");
    if (name < 0) continue;
    for (std::size_t f = 0; f < l.size() && drawn < kMaxLabels; ++f) {
      const Vec2 a = l.anchors[f];
      if (!std::isfinite(a.x) || !view.contains(a)) continue;
      const Box& b = l.feature_bounds[f];
      const double width_px = (b.max_x - b.min_x) / s.camera.metres_per_px;
      const std::string& text = l.columns[static_cast<std::size_t>(name)].texts[f];
      if (text.empty()) continue;
      const ImVec2 size = ImGui::CalcTextSize(text.c_str());
      if (width_px < size.x + 4.0) continue;
      const Vec2 p = s.camera.to_screen(a);
      const ImVec2 at{static_cast<float>(p.x) - size.x / 2, static_cast<float>(p.y) - size.y / 2};
      dl->AddText({at.x + 1, at.y + 1}, IM_COL32(255, 255, 255, 200), text.c_str());
      dl->AddText(at, IM_COL32(20, 20, 20, 255), text.c_str());
      ++drawn;
    }
  }
}

void draw_legend(AppState& s) {
  if (!s.scene) return;
  const int bases = s.scene->layer_index("bases");
  const bool bases_visible = bases >= 0 && s.style.layers[static_cast<std::size_t>(bases)].visible;
  if (legend_layer(s) < 0 && !bases_visible) return;  // nothing to explain
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({10.0f, io.DisplaySize.y - 10.0f}, ImGuiCond_Always, {0.0f, 1.0f});
  ImGui::SetNextWindowBgAlpha(0.9f);
  const std::string title = std::string(s.text(Key::legend)) + "###legend";
  ImGui::Begin(title.c_str(), nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  if (const int li = legend_layer(s); li >= 0) {
    const auto i = static_cast<std::size_t>(li);
    const scene::Layer& l = s.scene->layers[i];
    const scene::Column& c =
        l.columns[static_cast<std::size_t>(s.style.layers[i].choropleth_column)];
    const Choropleth ch = choropleth_for(c);
    ImGui::TextUnformatted((s.text.layer(l.name) + ": " + s.text.field(c.name)).c_str());
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    constexpr float kW = 220.0f, kH = 16.0f;
    const Rgba lo = ch.colour(ch.lo), mid = ch.colour((ch.lo + ch.hi) / 2), hi = ch.colour(ch.hi);
    dl->AddRectFilledMultiColor(p, {p.x + kW / 2, p.y + kH}, to_imgui(lo), to_imgui(mid),
                                to_imgui(mid), to_imgui(lo));
    dl->AddRectFilledMultiColor({p.x + kW / 2, p.y}, {p.x + kW, p.y + kH}, to_imgui(mid),
                                to_imgui(hi), to_imgui(hi), to_imgui(mid));
    ImGui::Dummy({kW, kH});
    ImGui::TextUnformatted(format_number(ch.lo).c_str());
    ImGui::SameLine(kW / 2);
    ImGui::TextUnformatted(format_number((ch.lo + ch.hi) / 2).c_str());
    ImGui::SameLine(kW - 20);
    ImGui::TextUnformatted(format_number(ch.hi).c_str());
    const ImVec2 q = ImGui::GetCursorScreenPos();
    dl->AddRectFilled(q, {q.x + 16, q.y + 14}, to_imgui(kNoDataColour));
    ImGui::Dummy({16, 14});
    ImGui::SameLine();
    ImGui::TextUnformatted(s.text(Key::no_data));
  }
  if (const int b = s.scene->layer_index("bases");
      b >= 0 && s.style.layers[static_cast<std::size_t>(b)].visible) {
    ImGui::Separator();
    ImGui::TextUnformatted(s.text.layer("bases").c_str());
    const Key names[] = {Key::base_existing, Key::base_candidate, Key::base_planned};
    for (int shape = 0; shape < 3; ++shape) {
      const ImVec2 q = ImGui::GetCursorScreenPos();
      symbol(ImGui::GetWindowDrawList(), {q.x + 8, q.y + 8}, 6.0f, shape,
             IM_COL32(230, 230, 230, 255));
      ImGui::Dummy({16, 16});
      ImGui::SameLine();
      ImGui::TextUnformatted(s.text(names[shape]));
    }
  }
  ImGui::End();
}

void draw_layers_panel(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x - 10.0f, 10.0f}, ImGuiCond_FirstUseEver, {1.0f, 0.0f});
  ImGui::SetNextWindowSize({330, 360}, ImGuiCond_FirstUseEver);
  const std::string title = std::string(s.text(Key::layers)) + "###layers";
  ImGui::Begin(title.c_str());
  int lang = s.text.lang() == Lang::zh ? 1 : 0;
  ImGui::TextUnformatted(s.text(Key::language));
  ImGui::SameLine();
  if (ImGui::RadioButton("English", &lang, 0)) s.text.set(Lang::en);
  ImGui::SameLine();
  if (ImGui::RadioButton("中文", &lang, 1)) s.text.set(Lang::zh);
  ImGui::Checkbox(s.text(Key::show_labels), &s.labels);
  ImGui::SameLine();
  if (ImGui::Button(s.text(Key::fit)) && s.scene) s.camera.fit(s.scene->bounds);
  ImGui::Separator();
  auto& order = s.style.draw_order;
  // Top of the draw order first, as map layer lists usually read.
  for (int k = static_cast<int>(order.size()) - 1; k >= 0; --k) {
    const auto i = static_cast<std::size_t>(order[static_cast<std::size_t>(k)]);
    const scene::Layer& l = s.scene->layers[i];
    LayerStyle& st = s.style.layers[i];
    ImGui::PushID(static_cast<int>(i));
    ImGui::Checkbox((s.text.layer(l.name) + " (" + std::to_string(l.size()) + ")").c_str(),
                    &st.visible);
    if (i < s.point_one_in.size() && s.point_one_in[i] > 1 && st.visible && !st.density) {
      ImGui::SameLine();
      ImGui::TextDisabled("%s%u", s.text(Key::showing_one_in), s.point_one_in[i]);
    }
    if (ImGui::TreeNode("##more", "%s", s.text(Key::opacity))) {
      ImGui::SliderFloat(s.text(Key::opacity), &st.opacity, 0.0f, 1.0f);
      if (ImGui::SmallButton(s.text(Key::up)) && k + 1 < static_cast<int>(order.size()))
        std::swap(order[static_cast<std::size_t>(k)], order[static_cast<std::size_t>(k + 1)]);
      ImGui::SameLine();
      if (ImGui::SmallButton(s.text(Key::down)) && k > 0)
        std::swap(order[static_cast<std::size_t>(k)], order[static_cast<std::size_t>(k - 1)]);
      if (l.kind == scene::LayerKind::polygon) {
        const std::string current =
            st.choropleth_column >= 0
                ? s.text.field(l.columns[static_cast<std::size_t>(st.choropleth_column)].name)
                : s.text(Key::none_field);
        if (ImGui::BeginCombo(s.text(Key::colour_by), current.c_str())) {
          if (ImGui::Selectable(s.text(Key::none_field), st.choropleth_column < 0))
            st.choropleth_column = -1;
          for (std::size_t c = 0; c < l.columns.size(); ++c) {
            if (!l.columns[c].numeric) continue;
            if (ImGui::Selectable(s.text.field(l.columns[c].name).c_str(),
                                  st.choropleth_column == static_cast<int>(c)))
              st.choropleth_column = static_cast<int>(c);
          }
          ImGui::EndCombo();
        }
        ImGui::Checkbox(s.text(Key::show_labels), &st.labels);
      }
      if (l.kind == scene::LayerKind::point) {
        // Points or a density surface (youth per km²).
        int mode = st.density ? 1 : 0;
        if (ImGui::RadioButton(s.text(Key::points), &mode, 0)) st.density = false;
        ImGui::SameLine();
        if (ImGui::RadioButton(s.text(Key::density), &mode, 1)) st.density = true;
        if (st.density)
          ImGui::SliderFloat((std::string(s.text(Key::bandwidth_px)) + "###bandwidth").c_str(),
                             &st.density_bandwidth_px, 4.0f, 40.0f, "%.0f");
      }
      ImGui::TreePop();
    }
    ImGui::PopID();
  }
  if (!s.scene->metadata.empty() && ImGui::CollapsingHeader(s.text(Key::metadata))) {
    for (const auto& [k, v] : s.scene->metadata) ImGui::Text("%s: %s", k.c_str(), v.c_str());
  }
  ImGui::End();
}

namespace {

// The summary of the level shown, computed again after a drill-down or a change; rows in
// table order until sorted.
void refresh_stats_table(AppState& s, const scene::Layer& units) {
  StatsView& v = s.stats;
  if (!v.dirty && v.table) return;
  v.table =
      scene::disclosed_summary(*s.scene, units, stats_level(v), v.path.empty() ? "" : v.path.back(),
                               {"youth", "served", "unserved"}, s.disclosure);
  v.order.resize(v.table->rows.size());
  for (std::size_t r = 0; r < v.order.size(); ++r) v.order[r] = r;
  v.dirty = false;
}

int stats_field_index(const scene::StatTable& t, const char* name) {
  for (std::size_t k = 0; k < t.fields.size(); ++k)
    if (t.fields[k] == name) return static_cast<int>(k);
  return -1;
}

// A row's served rate (NaN without youth or the two columns).
struct StatsServedRate {
  int youth, served;
  double operator()(const scene::StatRow& r) const {
    if (youth < 0 || served < 0 || r.sums[static_cast<std::size_t>(youth)] <= 0)
      return std::nan("");
    return r.sums[static_cast<std::size_t>(served)] / r.sums[static_cast<std::size_t>(youth)];
  }
};

// Sorts the row order by the header clicked: name, code, features, a sum or the rate.
void sort_stats_rows(StatsView& v, const scene::StatTable& t, const StatsServedRate& rate,
                     int columns) {
  ImGuiTableSortSpecs* specs = ImGui::TableGetSortSpecs();
  if (!specs || !specs->SpecsDirty || specs->SpecsCount <= 0) return;
  const int col = specs->Specs[0].ColumnIndex;
  const bool asc = specs->Specs[0].SortDirection == ImGuiSortDirection_Ascending;
  auto key = [&](std::size_t r) -> double {
    const scene::StatRow& row = t.rows[r];
    if (col == 2) return static_cast<double>(row.features);
    if (col >= 3 && col < 3 + static_cast<int>(t.fields.size()))
      return row.sums[static_cast<std::size_t>(col - 3)];
    if (col == columns - 1) return rate(row);
    return 0.0;
  };
  std::stable_sort(v.order.begin(), v.order.end(), [&](std::size_t a, std::size_t b) {
    if (col == 0 || col == 1) {
      const std::string& x = col == 0 ? t.rows[a].name : t.rows[a].code;
      const std::string& y = col == 0 ? t.rows[b].name : t.rows[b].code;
      return asc ? x < y : y < x;
    }
    const double x = key(a), y = key(b);
    if (std::isnan(x) != std::isnan(y)) return std::isnan(y);  // NaN last
    return asc ? x < y : y < x;
  });
  specs->SpecsDirty = false;
}

// The visible rows; a click fits the view to the unit. Returns the code of a unit
// double-clicked to drill into (none at township level).
std::optional<std::string> draw_stats_rows(AppState& s, const scene::StatTable& t,
                                           const StatsServedRate& rate) {
  const StatsView& v = s.stats;
  ImGuiListClipper clipper;
  clipper.Begin(static_cast<int>(v.order.size()));
  std::optional<std::string> drill;
  while (clipper.Step()) {
    for (int n = clipper.DisplayStart; n < clipper.DisplayEnd; ++n) {
      const scene::StatRow& row = t.rows[v.order[static_cast<std::size_t>(n)]];
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      if (ImGui::Selectable(
              row.name.c_str(), false,
              ImGuiSelectableFlags_SpanAllColumns | ImGuiSelectableFlags_AllowDoubleClick)) {
        s.camera.fit(row.bounds);
        if (ImGui::IsMouseDoubleClicked(0) && t.level != AdminLevel::township) drill = row.code;
      }
      ImGui::TableNextColumn();
      ImGui::TextUnformatted(row.code.c_str());
      ImGui::TableNextColumn();
      ImGui::Text("%zu", row.features);
      for (double sum : row.sums) {
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.withheld ? s.text(Key::suppressed) : format_number(sum).c_str());
      }
      ImGui::TableNextColumn();
      const double r = rate(row);
      if (row.withheld)
        ImGui::TextUnformatted(s.text(Key::suppressed));
      else if (!std::isnan(r))
        ImGui::Text("%.1f%%", r * 100.0);
    }
  }
  return drill;
}

}  // namespace

void draw_statistics_panel(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x - 10.0f, 380.0f}, ImGuiCond_FirstUseEver, {1.0f, 0.0f});
  ImGui::SetNextWindowSize({430, 330}, ImGuiCond_FirstUseEver);
  const std::string title = std::string(s.text(Key::statistics)) + "###statistics";
  ImGui::Begin(title.c_str());
  const scene::Layer* units = s.scene ? units_layer(*s.scene) : nullptr;
  if (!units) {
    ImGui::TextUnformatted(s.text(Key::no_units_layer));
    ImGui::End();
    return;
  }
  StatsView& v = s.stats;
  refresh_stats_table(s, *units);
  const scene::StatTable& t = *v.table;
  if (!v.path.empty()) {
    if (ImGui::SmallButton(s.text(Key::back))) {
      v.path.pop_back();
      v.dirty = true;
    }
    ImGui::SameLine();
  }
  const StatsText words = statistics_text(s.text, t);
  ImGui::TextUnformatted(words.level_line.c_str());
  ImGui::TextDisabled("%s", s.text(Key::zoom_hint));
  const StatsServedRate rate{stats_field_index(t, "youth"), stats_field_index(t, "served")};
  const int columns = 3 + static_cast<int>(t.fields.size()) + 1;
  constexpr ImGuiTableFlags kFlags = ImGuiTableFlags_Sortable | ImGuiTableFlags_RowBg |
                                     ImGuiTableFlags_Borders | ImGuiTableFlags_ScrollY |
                                     ImGuiTableFlags_Resizable;
  if (ImGui::BeginTable("stats", columns, kFlags)) {
    ImGui::TableSetupScrollFreeze(0, 1);
    for (std::size_t c = 0; c < words.columns.size(); ++c)
      ImGui::TableSetupColumn(words.columns[c].c_str(),
                              c == 0 ? ImGuiTableColumnFlags_DefaultSort : 0);
    ImGui::TableHeadersRow();
    sort_stats_rows(v, t, rate, columns);
    const std::optional<std::string> drill = draw_stats_rows(s, t, rate);
    ImGui::EndTable();
    if (drill) {
      v.path.push_back(*drill);
      v.dirty = true;
    }
  }
  ImGui::End();
}

void draw_inspector(AppState& s, Vec2 cursor_px) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({10.0f, 10.0f}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({320, 300}, ImGuiCond_FirstUseEver);
  const std::string title = std::string(s.text(Key::inspector)) + "###inspector";
  ImGui::Begin(title.c_str());
  int hit_layer = -1, hit = -1;
  if (s.scene && !io.WantCaptureMouse) {
    const Vec2 w = s.camera.to_world(cursor_px);
    const double px = s.camera.metres_per_px;
    for (auto it = s.style.draw_order.rbegin(); it != s.style.draw_order.rend() && hit < 0; ++it) {
      const auto i = static_cast<std::size_t>(*it);
      if (!s.style.layers[i].visible) continue;
      const scene::Layer& l = s.scene->layers[i];
      switch (l.kind) {
        case scene::LayerKind::point:
          hit = scene::pick_point(l, w, px * s.style.layers[i].point_size_px / 2 + px);
          break;
        case scene::LayerKind::line:
          hit = scene::pick_line(l, w, 4 * px);
          break;
        case scene::LayerKind::polygon:
          hit = s.style.layers[i].fill ? scene::pick_polygon(l, w) : -1;
          break;
        case scene::LayerKind::table:
          break;
      }
      if (hit >= 0) hit_layer = *it;
    }
    const Vec2 ll = scene::display_to_lonlat(w);
    ImGui::Text("%.5f, %.5f  z%.1f", ll.x, ll.y, scene::zoom_for(px));
  }
  if (hit < 0) {
    ImGui::TextDisabled("%s", s.text(Key::nothing_under_cursor));
  } else {
    const scene::Layer& l = s.scene->layers[static_cast<std::size_t>(hit_layer)];
    ImGui::Text("%s #%lld", s.text.layer(l.name).c_str(),
                static_cast<long long>(l.fids[static_cast<std::size_t>(hit)]));
    if (ImGui::BeginTable("attrs", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_Borders)) {
      for (std::size_t c = 0; c < l.columns.size(); ++c) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(s.text.field(l.columns[c].name).c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(scene::disclosed_value_text(l, c, static_cast<std::size_t>(hit),
                                                           s.disclosure, s.text(Key::suppressed))
                                   .c_str());
      }
      ImGui::EndTable();
    }
  }
  ImGui::End();
}

void draw_targets_panel(AppState& s) {
  const scene::Layer* units = s.scene ? units_layer(*s.scene) : nullptr;
  if (!units || units->column("youth") < 0 || units->column("served") < 0) return;
  ImGui::SetNextWindowPos({10.0f, 320.0f}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({320, 140}, ImGuiCond_FirstUseEver);
  const std::string title = std::string(s.text(Key::targets)) + "###targets";
  ImGui::Begin(title.c_str());
  // Aggregate mode: the whole area's figures as the run publishes them, or none.
  const scene::OverallFigures all = scene::overall_figures(*s.scene, *units, s.disclosure);
  if (all.withheld) {
    ImGui::TextUnformatted(s.text(Key::overall_served));
    ImGui::TextDisabled("%s", s.text(Key::suppressed));
    ImGui::End();
    return;
  }
  const double youth = all.youth, served = all.served;
  const double rate = youth > 0 ? served / youth : 0.0;
  char overlay[64];
  std::snprintf(overlay, sizeof overlay, "%.1f%% (%.0f / %.0f)", rate * 100, served, youth);
  ImGui::TextUnformatted(s.text(Key::overall_served));
  ImGui::ProgressBar(static_cast<float>(rate), {-1, 0}, overlay);
  // Targets written by the run, e.g. target_served_rate = 0.9.
  for (const auto& [k, v] : s.scene->metadata) {
    if (k.rfind("target", 0) != 0) continue;
    const double target = std::atof(v.c_str());
    if (target <= 0) continue;
    std::snprintf(overlay, sizeof overlay, "%.1f%% / %.1f%%", rate * 100, target * 100);
    ImGui::Text("%s %s", s.text(Key::target), k.c_str());
    ImGui::ProgressBar(static_cast<float>(std::min(1.0, rate / target)), {-1, 0}, overlay);
  }
  ImGui::End();
}

namespace {

// The job's name in the UI language (jobs are started with English names).
const char* job_label(const I18n& text, const std::string& name) {
  if (name == "siting") return text(Key::job_siting);
  if (name == "what-if") return text(Key::job_whatif);
  if (name == "export") return text(Key::job_export);
  return text(Key::job_load);
}

}  // namespace

void draw_jobs_panel(AppState& s) {
  ImGui::SetNextWindowPos({10.0f, 470.0f}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({320, 110}, ImGuiCond_FirstUseEver);
  const std::string title = std::string(s.text(Key::jobs)) + "###jobs";
  ImGui::Begin(title.c_str());
  Job<scene::ScenarioRun>& job = s.load_job;
  if (job.running()) {
    ImGui::Text("%s: %s %s", s.text(Key::running), job_label(s.text, job.name()),
                s.text.stage(job.stage()).c_str());
    ImGui::ProgressBar(static_cast<float>(job.fraction()));
    if (ImGui::Button(s.text(Key::cancel))) job.cancel();
  } else {
    if (ImGui::Button(s.text(Key::reload))) {
      s.job_kind = JobKind::load;
      job.start(load_task(s.args), "reload");
    }
    switch (job.status()) {
      case JobStatus::failed:
        ImGui::TextColored({0.8f, 0.1f, 0.1f, 1}, "%s: %s", s.text(Key::failed),
                           job.error().c_str());
        break;
      case JobStatus::cancelled:
        ImGui::TextUnformatted(s.text(Key::cancelled));
        break;
      default:
        break;
    }
  }
  if (!s.status_line.empty()) ImGui::TextWrapped("%s", s.status_line.c_str());
  ImGui::End();
}

void map_click(AppState& s, Vec2 cursor_px) {
  if (!s.scene || !s.run || !s.run->base) return;
  const Vec2 w = s.camera.to_world(cursor_px);
  WhatIfPanel& wi = s.whatif;
  if (wi.adding || wi.moving) {
    if (s.load_job.running()) return;  // one job at a time; the click is ignored
    if (!inside_units(*s.scene, w)) {
      s.status_line = s.text(Key::outside_townships);
      return;
    }
    s.status_line.clear();
    if (wi.adding) {
      const std::vector<std::string> types = scene::base_type_names();
      const std::string id = "NEW" + std::to_string(wi.next_id++);
      s.edits.push_back(
          scene::BaseEdit::add(id, w, types[static_cast<std::size_t>(wi.add_type)], wi.capacity));
      wi.selected_base = id;
    } else {
      s.edits.push_back(scene::BaseEdit::move(wi.selected_base, w));
    }
    wi.adding = wi.moving = false;
    start_whatif(s);
    return;
  }
  const scene::Layer* bases = s.scene->find("bases");
  if (!bases || bases->column("id") < 0) return;
  const int hit = scene::pick_point(*bases, w, 8 * s.camera.metres_per_px);
  if (hit >= 0)
    wi.selected_base = bases->value_text(static_cast<std::size_t>(bases->column("id")),
                                         static_cast<std::size_t>(hit));
}

namespace {

// Progress and Cancel for the running job, or false when none runs.
bool job_progress(AppState& s) {
  Job<scene::ScenarioRun>& job = s.load_job;
  if (!job.running()) return false;
  ImGui::Text("%s: %s %s", s.text(Key::running), job_label(s.text, job.name()),
              s.text.stage(job.stage()).c_str());
  ImGui::ProgressBar(static_cast<float>(job.fraction()));
  if (ImGui::Button(s.text(Key::cancel))) job.cancel();
  return true;
}

}  // namespace

void draw_siting_panel(AppState& s) {
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({340.0f, 10.0f}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({300, 210}, ImGuiCond_FirstUseEver);
  (void)io;
  const std::string title = std::string(s.text(Key::siting)) + "###siting";
  ImGui::Begin(title.c_str());
  SitingPanel& p = s.siting;
  int count = 0;
  while (siting_models()[count]) ++count;
  ImGui::Combo(s.text(Key::model), &p.model, siting_models(), count);
  ImGui::InputInt(s.text(Key::new_bases), &p.k);
  p.k = std::clamp(p.k, 1, 100000);
  ImGui::Checkbox(s.text(Key::urban_first), &p.urban_first);
  // One coverage standard for the siting (0 = the scenario's [catchment] radii or cutoff).
  const bool minutes = s.run && s.run->by_travel_time;
  ImGui::InputInt(s.text(minutes ? Key::standard_min : Key::standard_m), &p.standard);
  p.standard = std::clamp(p.standard, 0, minutes ? 600 : 200000);
  if (!job_progress(s)) {
    if (ImGui::Button(s.text(Key::run))) {
      scene::SitingRequest req;
      req.model = siting_models()[p.model];
      req.k = static_cast<std::size_t>(p.k);
      req.urban_first = p.urban_first;
      (minutes ? req.cutoff_min : req.radius_m) = p.standard;
      start_siting(s, req);
    }
  }
  // The siting runs on the edited plan: the what-if edits stay applied.
  if (!s.edits.empty())
    ImGui::TextDisabled("%s: %zu", s.text(Key::siting_on_edits), s.edits.size());
  // The figures of the run the map shows (a what-if after a siting run reruns the siting).
  const auto& sited = s.shown ? s.shown : s.run;
  if (sited && sited->siting) {
    const scene::SitingFigures& f = *sited->siting;
    ImGui::Separator();
    ImGui::Text("%s: %s, %zu", s.text(Key::model), f.model.c_str(), f.chosen);
    if (f.withheld) {  // weighted counts of youth the run withholds
      ImGui::Text("%s: %s", s.text(Key::objective), s.text(Key::suppressed));
      ImGui::Text("%s: %s", s.text(Key::bound), s.text(Key::suppressed));
      ImGui::Text("%s: %s", s.text(Key::gap), s.text(Key::suppressed));
    } else {
      ImGui::Text("%s: %.6g", s.text(Key::objective), f.objective);
      ImGui::Text("%s: %.6g (%s)", s.text(Key::bound), f.bound, f.bound_method.c_str());
      ImGui::Text("%s: %.3g%%", s.text(Key::gap), f.gap * 100.0);
    }
  }
  ImGui::End();
}

void draw_whatif_panel(AppState& s) {
  ImGui::SetNextWindowPos({340.0f, 230.0f}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({300, 320}, ImGuiCond_FirstUseEver);
  const std::string title = std::string(s.text(Key::what_if)) + "###whatif";
  ImGui::Begin(title.c_str());
  WhatIfPanel& w = s.whatif;
  drop_failed_edits(s);
  const bool busy = job_progress(s);
  ImGui::InputInt(s.text(Key::capacity), &w.capacity);
  w.capacity = std::max(w.capacity, -1);  // -1: unlimited
  if (w.capacity < 0) {
    ImGui::SameLine();
    ImGui::TextDisabled("%s", s.text(Key::unlimited));
  }
  if (w.selected_base.empty()) {
    ImGui::TextDisabled("%s", s.text(Key::click_base_hint));
  } else {
    ImGui::Text("%s: %s", s.text(Key::selected_base), w.selected_base.c_str());
    if (!busy && ImGui::Button(s.text(Key::remove_base))) {
      s.edits.push_back(scene::BaseEdit::remove(w.selected_base));
      w.selected_base.clear();
      w.moving = false;
      start_whatif(s);
    }
    ImGui::SameLine();
    if (!busy && !w.selected_base.empty() && ImGui::Button(s.text(Key::set_capacity))) {
      s.edits.push_back(scene::BaseEdit::set_capacity(w.selected_base, w.capacity));
      start_whatif(s);
    }
    if (!busy && !w.selected_base.empty() && ImGui::Checkbox(s.text(Key::move_base), &w.moving))
      w.adding = w.adding && !w.moving;
    if (w.moving) ImGui::TextDisabled("%s", s.text(Key::click_move_hint));
  }
  ImGui::Separator();
  const std::vector<std::string> types = scene::base_type_names();
  if (ImGui::BeginCombo(s.text(Key::base_type),
                        s.text.base_type(types[static_cast<std::size_t>(w.add_type)]).c_str())) {
    for (std::size_t t = 0; t < types.size(); ++t)
      if (ImGui::Selectable(s.text.base_type(types[t]).c_str(), static_cast<int>(t) == w.add_type))
        w.add_type = static_cast<int>(t);
    ImGui::EndCombo();
  }
  if (ImGui::Checkbox(s.text(Key::add_base), &w.adding)) w.moving = w.moving && !w.adding;
  if (w.adding) ImGui::TextDisabled("%s", s.text(Key::click_map_hint));
  ImGui::Separator();
  ImGui::Text("%s: %zu", s.text(Key::edits), s.edits.size());
  for (const scene::BaseEdit& e : s.edits) {
    switch (e.kind) {
      case scene::BaseEdit::Kind::remove:
        ImGui::BulletText("- %s", e.base_id.c_str());
        break;
      case scene::BaseEdit::Kind::set_capacity:
        if (e.capacity < 0) {
          ImGui::BulletText("%s = %s", e.base_id.c_str(), s.text(Key::unlimited));
        } else {
          ImGui::BulletText("%s = %d", e.base_id.c_str(), e.capacity);
        }
        break;
      case scene::BaseEdit::Kind::add:
        ImGui::BulletText("+ %s (%s)", e.base_id.c_str(), s.text.base_type(e.type).c_str());
        break;
      case scene::BaseEdit::Kind::move: {
        const Vec2 ll = scene::display_to_lonlat(e.display_pos);
        ImGui::BulletText("%s -> %.4f, %.4f", e.base_id.c_str(), ll.x, ll.y);
        break;
      }
    }
  }
  if (!busy && !s.edits.empty()) {
    if (ImGui::Button(s.text(Key::undo))) {
      s.edits.pop_back();
      start_whatif(s);
    }
    ImGui::SameLine();
    if (ImGui::Button(s.text(Key::clear_edits))) {
      s.edits.clear();
      start_whatif(s);
    }
  }
  if (!s.status_line.empty()) ImGui::TextWrapped("%s", s.status_line.c_str());
  ImGui::End();
}

void draw_export_panel(AppState& s) {
  if (!s.scene || s.scene->layers.empty()) return;
  ImGui::SetNextWindowPos({340.0f, 560.0f}, ImGuiCond_FirstUseEver);
  ImGui::SetNextWindowSize({300, 190}, ImGuiCond_FirstUseEver);
  const std::string title = std::string(s.text(Key::export_)) + "###export";
  ImGui::Begin(title.c_str());
  ExportPanel& p = s.export_panel;
  const auto& layers = s.scene->layers;
  p.layer = std::clamp(p.layer, 0, static_cast<int>(layers.size()) - 1);
  const std::vector<scene::LayerFormat> formats = scene::layer_formats();
  bool changed = false;
  if (ImGui::BeginCombo(s.text(Key::layer),
                        s.text.layer(layers[static_cast<std::size_t>(p.layer)].name).c_str())) {
    for (std::size_t i = 0; i < layers.size(); ++i)
      if (ImGui::Selectable((s.text.layer(layers[i].name) + "##" + layers[i].name).c_str(),
                            static_cast<int>(i) == p.layer)) {
        p.layer = static_cast<int>(i);
        changed = true;
      }
    ImGui::EndCombo();
  }
  if (ImGui::BeginCombo(
          s.text(Key::format),
          std::string(scene::format_label(formats[static_cast<std::size_t>(p.format)])).c_str())) {
    for (std::size_t i = 0; i < formats.size(); ++i)
      if (ImGui::Selectable(std::string(scene::format_label(formats[i])).c_str(),
                            static_cast<int>(i) == p.format)) {
        p.format = static_cast<int>(i);
        changed = true;
      }
    ImGui::EndCombo();
  }
  if (p.path.empty() || (changed && !p.path_edited)) p.path = default_export_path(s);
  char buf[1024];
  std::snprintf(buf, sizeof buf, "%s", p.path.c_str());
  if (ImGui::InputText(s.text(Key::path), buf, sizeof buf)) {
    p.path = buf;
    p.path_edited = true;
  }
  if (p.job.running()) {
    ImGui::ProgressBar(static_cast<float>(p.job.fraction()));
    if (ImGui::Button(s.text(Key::cancel))) p.job.cancel();
  } else {
    if (auto r = p.job.take_result()) {
      p.failed = false;
      p.message = std::string(s.text(Key::exported)) + " (" + std::to_string(r->features) + "):";
      for (const std::string& f : r->files) p.message += "\n" + f;
    } else if (p.job.status() == JobStatus::failed && p.message.empty()) {
      p.failed = true;
      p.message = std::string(s.text(Key::failed)) + ": " + p.job.error();
    } else if (p.job.status() == JobStatus::cancelled && p.message.empty()) {
      p.message = s.text(Key::cancelled);
    }
    if (ImGui::Button(s.text(Key::export_button))) start_export(s);
  }
  if (!p.message.empty()) {
    if (p.failed) {
      ImGui::PushStyleColor(ImGuiCol_Text, ImVec4{0.8f, 0.1f, 0.1f, 1.0f});
      ImGui::TextWrapped("%s", p.message.c_str());
      ImGui::PopStyleColor();
    } else {
      ImGui::TextWrapped("%s", p.message.c_str());
    }
  }
  ImGui::End();
}

}  // namespace sunplan::viewer
