#include "fonts.hpp"

#include <imgui.h>
#include <imgui_internal.h>  // ImTextCharFromUtf8

#include <filesystem>
#include <set>

#include "i18n.hpp"

namespace sunplan::viewer {

namespace {

constexpr const char* kCjkFonts[] = {
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
};

void collect(const std::string& text, std::set<ImWchar>& out) {
  const char* s = text.c_str();
  const char* end = s + text.size();
  while (s < end) {
    unsigned int c = 0;
    const int n = ImTextCharFromUtf8(&c, s, end);
    if (n <= 0) break;
    s += n;
    if (c >= 0x80 && c <= 0xFFFF) out.insert(static_cast<ImWchar>(c));
  }
}

}  // namespace

FontReport build_fonts(const scene::Scene* scene, float size_px, std::vector<ImWchar>& ranges) {
  FontReport report;
  ImGuiIO& io = ImGui::GetIO();
  io.Fonts->Clear();

  std::set<ImWchar> wanted;
  for (const std::string& s : I18n::all_strings()) collect(s, wanted);
  if (scene) {
    for (const scene::Layer& l : scene->layers) {
      collect(l.name, wanted);
      for (const scene::Column& c : l.columns) {
        collect(c.name, wanted);
        if (c.numeric) continue;
        std::string last;
        for (const std::string& v : c.texts)
          if (v != last) {  // ids and repeated names: most rows add nothing new
            collect(v, wanted);
            last = v;
          }
      }
    }
    for (const auto& [k, v] : scene->metadata) {
      collect(k, wanted);
      collect(v, wanted);
    }
  }
  report.wanted = wanted.size();

  for (const char* path : kCjkFonts) {
    if (std::filesystem::exists(path)) {
      report.font_path = path;
      break;
    }
  }
  if (report.font_path.empty()) {
    io.Fonts->AddFontDefault();
    io.Fonts->Build();
    report.missing = wanted.size();
    return report;
  }

  ImFontGlyphRangesBuilder builder;
  builder.AddRanges(io.Fonts->GetGlyphRangesDefault());
  for (ImWchar c : wanted) builder.AddChar(c);
  ImVector<ImWchar> built;
  builder.BuildRanges(&built);
  ranges.assign(built.begin(), built.end());
  ImFontConfig config;
  config.OversampleH = 1;  // CJK glyphs are dense; 1x keeps the atlas small
  config.OversampleV = 1;
  ImFont* font =
      io.Fonts->AddFontFromFileTTF(report.font_path.c_str(), size_px, &config, ranges.data());
  if (!font) {
    io.Fonts->AddFontDefault();
    report.font_path.clear();
  }
  io.Fonts->Build();
  if (font) {
    for (ImWchar c : wanted)
      if (!font->FindGlyphNoFallback(c)) ++report.missing;
  } else {
    report.missing = wanted.size();
  }
  return report;
}

}  // namespace sunplan::viewer
