#include "page_text.hpp"

#include <pango/pangocairo.h>

namespace sunplan::atlas {

namespace {

// Fontconfig picks the first installed: the package depends on one of the first two.
constexpr const char* kFamilies = "WenQuanYi Micro Hei, Noto Sans CJK SC, Noto Sans, sans";

PangoLayout* layout_for(cairo_t* cr, const std::string& text, const TextStyle& style) {
  PangoLayout* layout = pango_cairo_create_layout(cr);
  PangoFontDescription* font = pango_font_description_from_string(kFamilies);
  pango_font_description_set_absolute_size(font, style.size_pt * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description(layout, font);
  pango_font_description_free(font);
  if (style.width_pt > 0) {
    pango_layout_set_width(layout, static_cast<int>(style.width_pt * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(layout, style.align == Align::centre  ? PANGO_ALIGN_CENTER
                                       : style.align == Align::right ? PANGO_ALIGN_RIGHT
                                                                     : PANGO_ALIGN_LEFT);
  }
  pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
  return layout;
}

}  // namespace

double draw_text(cairo_t* cr, double x, double y, const std::string& text, const TextStyle& style) {
  PangoLayout* layout = layout_for(cr, text, style);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  double left = x;
  if (style.width_pt <= 0 && style.align == Align::centre) left -= w / 2.0 / PANGO_SCALE;
  if (style.width_pt <= 0 && style.align == Align::right)
    left -= static_cast<double>(w) / PANGO_SCALE;
  cairo_save(cr);
  cairo_set_source_rgb(cr, style.r, style.g, style.b);
  cairo_move_to(cr, left, y);
  pango_cairo_show_layout(cr, layout);
  cairo_restore(cr);
  g_object_unref(layout);
  return static_cast<double>(h) / PANGO_SCALE;
}

double text_width(cairo_t* cr, const std::string& text, const TextStyle& style) {
  TextStyle one_line = style;
  one_line.width_pt = -1;
  PangoLayout* layout = layout_for(cr, text, one_line);
  int w = 0, h = 0;
  pango_layout_get_size(layout, &w, &h);
  g_object_unref(layout);
  return static_cast<double>(w) / PANGO_SCALE;
}

}  // namespace sunplan::atlas
