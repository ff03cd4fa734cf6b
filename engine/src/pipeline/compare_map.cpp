// The map of the changes between two runs (DIFF-map.svg, shown in DIFF.md): townships by the
// change in youth served, the townships newly covered or uncovered outlined, the bases that
// changed marked by kind. Drawn in the comparison's CRS (metres), north up.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "sunplan/core/text_escape.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/pipeline/compare_results.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

using compare::Figure;

namespace {

// Diverging red (fewer served) - white - green (more served), by the share of the largest change.
std::string delta_colour(double delta, double largest) {
  if (delta == 0 || largest <= 0) return "rgb(247,247,247)";
  const double t = std::min(1.0, std::abs(delta) / largest);
  const auto mix = [t](int from, int to) {
    return static_cast<int>(std::lround(from + (to - from) * (0.25 + 0.75 * t)));
  };
  return delta < 0 ? fmt::format("rgb({},{},{})", mix(247, 215), mix(247, 48), mix(247, 39))
                   : fmt::format("rgb({},{},{})", mix(247, 26), mix(247, 152), mix(247, 80));
}

}  // namespace

std::string comparison_svg(const compare::Comparison& c, int width_px) {
  const auto served = static_cast<std::size_t>(Figure::served);
  Box extent;
  double largest = 0;
  for (const auto& u : c.units)
    if (u.level == "township") {
      extent.expand(bounds(u.geometry));
      if (u.delta[served]) largest = std::max(largest, std::abs(*u.delta[served]));
    }
  for (const auto& b : c.bases) {
    if (b.old_base) extent.expand(b.old_base->pos);
    if (b.new_base) extent.expand(b.new_base->pos);
  }
  // The comment marks the file as sunplan's, so a later compare may replace it.
  std::string svg = fmt::format("<!-- {} sunplan {} -->\n", kSunplanGeneratorMark, kVersion);
  if (extent.empty()) return svg + "<svg xmlns=\"http://www.w3.org/2000/svg\"/>\n";
  const double w = extent.max_x - extent.min_x, h = extent.max_y - extent.min_y;
  const double scale = width_px / std::max(w, 1.0);
  const int height_px = static_cast<int>(std::ceil(h * scale)) + 80;
  auto x_of = [&](Vec2 p) { return (p.x - extent.min_x) * scale; };
  auto y_of = [&](Vec2 p) { return (extent.max_y - p.y) * scale; };
  auto path = [&](const MultiPolygon& mp) {
    std::string s;
    for (const Polygon& poly : mp)
      for (const Ring& ring : poly.rings) {
        for (std::size_t i = 0; i < ring.size(); ++i)
          s += fmt::format("{}{:.1f},{:.1f}", i == 0 ? "M" : "L", x_of(ring[i]), y_of(ring[i]));
        s += "Z";
      }
    return s;
  };
  svg += fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
      "fill=\"white\"/>\n",
      width_px, height_px, width_px, height_px);
  for (const auto& u : c.units) {
    if (u.level != "township" || u.geometry.empty()) continue;
    const auto& d = u.delta[served];
    svg += fmt::format(
        "<path class=\"township\" d=\"{}\" fill=\"{}\" stroke=\"#777\" stroke-width=\"0.5\" "
        "fill-rule=\"evenodd\"><title>{} {}: served {}</title></path>\n",
        path(u.geometry), d ? delta_colour(*d, largest) : "rgb(210,210,210)", html_text(u.name),
        u.code,
        d ? fmt::format("{:+d}", static_cast<long long>(std::llround(*d)))
          : std::string("not compared"));
  }
  for (const auto& t : c.coverage)
    svg += fmt::format(
        "<path class=\"coverage\" d=\"{}\" fill=\"none\" stroke=\"{}\" "
        "stroke-width=\"2.5\"><title>{} {}: newly "
        "{}</title></path>\n",
        path(t.geometry), t.newly_covered ? "rgb(26,152,80)" : "rgb(215,48,39)", html_text(t.name),
        t.code, t.newly_covered ? "covered" : "uncovered");
  for (const auto& b : c.bases) {
    const compare::BaseRecord& at = b.new_base ? *b.new_base : *b.old_base;
    const double x = x_of(at.pos), y = y_of(at.pos);
    const std::string title =
        html_text(b.id + " " + at.name + ": " + compare::describe_base_change(b.what));
    if (b.what & compare::kBaseMoved)
      svg += fmt::format(
          "<line x1=\"{:.1f}\" y1=\"{:.1f}\" x2=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"#333\" "
          "stroke-dasharray=\"3,2\"/>\n",
          x_of(b.old_base->pos), y_of(b.old_base->pos), x, y);
    if (b.what & compare::kBaseRemoved)
      svg += fmt::format(
          "<path class=\"base\" d=\"M{0:.1f},{1:.1f}l8,8M{0:.1f},{2:.1f}l8,-8\" "
          "stroke=\"rgb(215,48,39)\" "
          "stroke-width=\"2.5\"><title>{3}</title></path>\n",
          x - 4, y - 4, y + 4, title);
    else if (b.what & compare::kBaseAdded)
      svg += fmt::format(
          "<path class=\"base\" d=\"M{0:.1f},{1:.1f}h10M{2:.1f},{3:.1f}v10\" "
          "stroke=\"rgb(26,152,80)\" "
          "stroke-width=\"2.5\"><title>{4}</title></path>\n",
          x - 5, y, x, y - 5, title);
    else
      svg += fmt::format(
          "<circle class=\"base\" cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"4\" fill=\"rgb(253,174,97)\" "
          "stroke=\"#222\" stroke-width=\"0.6\"><title>{}</title></circle>\n",
          x, y, title);
  }
  const int y0 = height_px - 62;
  svg += fmt::format(
      "<text x=\"10\" y=\"{}\">Townships: change in youth served (red fewer, green more; largest "
      "{:.0f}; grey "
      "not compared).</text>\n"
      "<text x=\"10\" y=\"{}\">Outlined: newly uncovered (red) or newly covered (green).</text>\n"
      "<text x=\"10\" y=\"{}\">Bases: × removed, + added, ● changed status, capacity or type; "
      "dashed: moved "
      "from.</text>\n",
      y0, largest, y0 + 18, y0 + 36);
  return svg + "</svg>\n";
}

}  // namespace sunplan
