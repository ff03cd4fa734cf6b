// The UI font: a CJK font from Debian with only the glyphs the data and the UI use.
//
//   FontReport r = build_fonts(&scene, 16.0f, m_glyph_ranges);   // before the backend makes the
//   texture if (r.missing > 0) warn(r.missing, "characters have no glyph");
//
// ImGui's GetGlyphRangesChineseSimplifiedCommon() lacks place-name characters such as
// 浦, so the ranges come from the data's own strings through ImFontGlyphRangesBuilder.
#pragma once

#include <imgui.h>

#include <cstddef>
#include <string>
#include <vector>

#include "sunplan/scene/scene.hpp"

namespace sunplan::viewer {

struct FontReport {
  std::string font_path;    // empty when no CJK font was found (ImGui's default font)
  std::size_t wanted = 0;   // distinct non-ASCII characters in the data and UI
  std::size_t missing = 0;  // of those, how many have no glyph in the built atlas
};

// Clears and rebuilds ImGui's font atlas; the caller re-creates the GL font texture.
// `ranges` must outlive the atlas (ImGui keeps a pointer to it).
FontReport build_fonts(const scene::Scene* scene, float size_px, std::vector<ImWchar>& ranges);

}  // namespace sunplan::viewer
