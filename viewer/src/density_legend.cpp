#include "density_legend.hpp"

#include <imgui.h>

#include <cstdio>
#include <string>

#include "colormap.hpp"

namespace sunplan::viewer {

namespace {

ImU32 opaque_imgui(Rgba c) {
  return IM_COL32(c.r, c.g, c.b, 255);
}

std::string format_density(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, v >= 100 ? "%.0f" : v >= 1 ? "%.1f" : "%.2g", v);
  return buf;
}

std::string format_distance(double m) {
  char buf[32];
  if (m >= 1000) {
    std::snprintf(buf, sizeof buf, "%.1f km", m / 1000.0);
  } else {
    std::snprintf(buf, sizeof buf, "%.0f m", m);
  }
  return buf;
}

}  // namespace

void draw_density_legend(const AppState& s, const std::vector<DensityLegend>& legends) {
  if (!s.scene || legends.empty()) return;
  const ImGuiIO& io = ImGui::GetIO();
  ImGui::SetNextWindowPos({io.DisplaySize.x - 10.0f, io.DisplaySize.y - 10.0f}, ImGuiCond_Always,
                          {1.0f, 1.0f});
  ImGui::SetNextWindowBgAlpha(0.9f);
  // Every string comes from I18n, whose text the font atlas is built from (fonts.cpp).
  const std::string title = std::string(s.text(Key::density_legend)) + "###density_legend";
  ImGui::Begin(title.c_str(), nullptr,
               ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoMove |
                   ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoCollapse |
                   ImGuiWindowFlags_NoFocusOnAppearing);
  for (const DensityLegend& d : legends) {
    const auto i = static_cast<std::size_t>(d.layer);
    if (i >= s.scene->layers.size() || !s.style.layers[i].visible || !s.style.layers[i].density)
      continue;
    ImGui::TextUnformatted(
        (s.text.layer(s.scene->layers[i].name) + ": " + s.text(Key::youth_per_km2)).c_str());
    constexpr float kW = 220.0f, kH = 16.0f;
    constexpr int kSteps = 22;
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    for (int k = 0; k < kSteps; ++k) {
      const float x0 = p.x + kW * k / kSteps, x1 = p.x + kW * (k + 1) / kSteps;
      dl->AddRectFilledMultiColor({x0, p.y}, {x1, p.y + kH},
                                  opaque_imgui(density_colour(static_cast<double>(k) / kSteps)),
                                  opaque_imgui(density_colour(static_cast<double>(k + 1) / kSteps)),
                                  opaque_imgui(density_colour(static_cast<double>(k + 1) / kSteps)),
                                  opaque_imgui(density_colour(static_cast<double>(k) / kSteps)));
    }
    ImGui::Dummy({kW, kH});
    ImGui::TextUnformatted("0");
    ImGui::SameLine(kW / 2);
    ImGui::TextUnformatted(format_density(d.ramp_top / 2).c_str());
    ImGui::SameLine(kW - 30);
    ImGui::TextUnformatted((">" + format_density(d.ramp_top)).c_str());
    ImGui::Text("%s, h = %s%s", s.text(Key::quartic_kernel),
                format_distance(d.bandwidth_ground_m).c_str(), d.computing ? " ..." : "");
  }
  ImGui::End();
}

}  // namespace sunplan::viewer
