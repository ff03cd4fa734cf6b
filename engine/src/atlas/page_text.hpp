// Text on an atlas page: Pango layouts in a CJK font, so Chinese names print and stay
// searchable in the PDF.
#pragma once

#include <cairo.h>

#include <string>

namespace sunplan::atlas {

enum class Align { left, centre, right };

struct TextStyle {
  double size_pt = 9;
  bool bold = false;
  Align align = Align::left;
  double width_pt = -1;  // wrap (and align) within this width; -1 = one line, no wrap
  double r = 0.1, g = 0.1, b = 0.1;
};

// Draws `text` with its top-left (or top of the aligned box) at (x, y); returns its height.
double draw_text(cairo_t* cr, double x, double y, const std::string& text, const TextStyle& style);
// The width a one-line text takes.
double text_width(cairo_t* cr, const std::string& text, const TextStyle& style);

}  // namespace sunplan::atlas
