#include "map_frame.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <numbers>
#include <utility>

#include "page_text.hpp"
#include "sunplan/geo/transformer.hpp"

namespace sunplan::atlas {

namespace {

void path_of(cairo_t* cr, const MapProjection& p, const MultiPolygon& mp) {
  for (const Polygon& poly : mp)
    for (const Ring& ring : poly.rings) {
      for (std::size_t i = 0; i < ring.size(); ++i) {
        const Vec2 q = p.to_page(ring[i]);
        if (i == 0)
          cairo_move_to(cr, q.x, q.y);
        else
          cairo_line_to(cr, q.x, q.y);
      }
      cairo_close_path(cr);
    }
}

// A point inside the largest polygon for its label: the area centroid of its shell, or the
// middle of its box when the centroid falls outside (concave shapes).
Vec2 label_point(const MultiPolygon& mp) {
  const Polygon* best = nullptr;
  double best_area = -1;
  for (const Polygon& poly : mp) {
    const double a = std::abs(area(MultiPolygon{poly}));
    if (a > best_area) best_area = a, best = &poly;
  }
  if (!best || best->rings.empty()) return {std::nan(""), std::nan("")};
  const Ring& r = best->rings[0];
  double cx = 0, cy = 0, a2 = 0;
  for (std::size_t i = 0; i + 1 < r.size(); ++i) {
    const double c = r[i].x * r[i + 1].y - r[i + 1].x * r[i].y;
    a2 += c;
    cx += (r[i].x + r[i + 1].x) * c;
    cy += (r[i].y + r[i + 1].y) * c;
  }
  if (a2 != 0) {
    const Vec2 c{cx / (3 * a2), cy / (3 * a2)};
    if (contains(MultiPolygon{*best}, c)) return c;
  }
  const Box b = bounds(MultiPolygon{*best});
  return {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2};
}

void draw_basemap(cairo_t* cr, const MapProjection& p, const MapContent& content, int& zoom) {
  const int w = std::max(1, static_cast<int>(p.frame.width / 72.0 * content.basemap_dpi));
  const int h = std::max(1, static_cast<int>(p.frame.height / 72.0 * content.basemap_dpi));
  const scene::RasterImage img =
      scene::render_basemap(*content.basemap, content.data->crs, p.extent, w, h);
  zoom = img.zoom;
  if (img.zoom < 0) return;
  cairo_surface_t* s = cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h);
  cairo_surface_flush(s);
  unsigned char* px = cairo_image_surface_get_data(s);
  const int stride = cairo_image_surface_get_stride(s);
  for (int r = 0; r < h; ++r) {
    auto* row = reinterpret_cast<std::uint32_t*>(px + static_cast<std::ptrdiff_t>(r) * stride);
    for (int c = 0; c < w; ++c) {
      const std::uint8_t* q = &img.rgba[(static_cast<std::size_t>(r) * w + c) * 4];
      const std::uint32_t a = q[3];
      // Cairo's ARGB32 is premultiplied, native-endian 32-bit words.
      row[c] = (a << 24) | ((q[0] * a / 255) << 16) | ((q[1] * a / 255) << 8) | (q[2] * a / 255);
    }
  }
  cairo_surface_mark_dirty(s);
  cairo_save(cr);
  cairo_translate(cr, p.frame.x, p.frame.y);
  cairo_scale(cr, p.frame.width / w, p.frame.height / h);
  cairo_set_source_surface(cr, s, 0, 0);
  cairo_paint(cr);
  cairo_restore(cr);
  cairo_surface_destroy(s);
}

void hatch(cairo_t* cr, const MapProjection& p) {
  const double step = 4.0;
  cairo_save(cr);
  cairo_clip(cr);
  cairo_set_source_rgba(cr, 215 / 255.0, 25 / 255.0, 28 / 255.0, 0.9);
  cairo_set_line_width(cr, 0.6);
  const Frame& f = p.frame;
  for (double d = -f.height; d < f.width; d += step) {
    cairo_move_to(cr, f.x + d, f.y + f.height);
    cairo_line_to(cr, f.x + d + f.height, f.y);
  }
  cairo_stroke(cr);
  cairo_restore(cr);
}

}  // namespace

MapProjection fit(const Frame& frame, const Box& content) {
  MapProjection p;
  p.frame = frame;
  const double w = std::max(1.0, content.max_x - content.min_x) * 1.08;
  const double h = std::max(1.0, content.max_y - content.min_y) * 1.08;
  p.pt_per_m = std::min(frame.width / w, frame.height / h);
  const double cx = (content.min_x + content.max_x) / 2, cy = (content.min_y + content.max_y) / 2;
  const double half_w = frame.width / p.pt_per_m / 2, half_h = frame.height / p.pt_per_m / 2;
  p.extent = Box{cx - half_w, cy - half_h, cx + half_w, cy + half_h};
  return p;
}

void rate_rgb(double rate, double& r, double& g, double& b) {
  static const double ramp[5][3] = {
      {215, 25, 28}, {253, 174, 97}, {255, 255, 191}, {166, 217, 106}, {26, 150, 65}};
  if (!std::isfinite(rate)) {
    r = g = b = 220 / 255.0;
    return;
  }
  const int k = std::clamp(static_cast<int>(std::floor(rate * 5)), 0, 4);
  r = ramp[k][0] / 255, g = ramp[k][1] / 255, b = ramp[k][2] / 255;
}

void base_type_rgb(const std::string& type, double& r, double& g, double& b) {
  // The GeoPackage style's colours (pipeline/qgis_styles.cpp), by the type's English key.
  static const std::pair<const char*, std::array<int, 3>> colours[] = {
      {"warm_home", {228, 26, 28}},    {"work_therapy", {55, 126, 184}},
      {"rehab", {77, 175, 74}},        {"care", {152, 78, 163}},
      {"youth_centre", {255, 127, 0}}, {"community_station", {166, 86, 40}},
  };
  std::array<int, 3> c{120, 120, 120};
  for (const auto& [key, rgb] : colours)
    if (type == key) c = rgb;
  r = c[0] / 255.0, g = c[1] / 255.0, b = c[2] / 255.0;
}

int draw_map(cairo_t* cr, const MapProjection& p, const MapContent& content) {
  const AtlasData& d = *content.data;
  int zoom = -1;
  cairo_save(cr);
  cairo_rectangle(cr, p.frame.x, p.frame.y, p.frame.width, p.frame.height);
  cairo_clip(cr);
  if (content.basemap) draw_basemap(cr, p, content, zoom);
  const double alpha = zoom >= 0 ? 0.7 : 1.0;  // let the basemap show through
  cairo_set_line_join(cr, CAIRO_LINE_JOIN_ROUND);
  for (std::size_t t : content.context) {
    path_of(cr, p, d.towns[t].shape);
    cairo_set_source_rgba(cr, 0.93, 0.93, 0.93, alpha);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.7, 0.7, 0.7);
    cairo_set_line_width(cr, 0.4);
    cairo_stroke(cr);
  }
  for (std::size_t t : content.towns) {
    double r, g, b;
    rate_rgb(d.towns[t].youth > 0 ? d.towns[t].served_rate : std::nan(""), r, g, b);
    path_of(cr, p, d.towns[t].shape);
    cairo_set_source_rgba(cr, r, g, b, alpha);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  }
  for (const MultiPolygon& gap : d.gaps) {
    const Box gb = bounds(gap);
    if (gb.max_x < p.extent.min_x || gb.min_x > p.extent.max_x || gb.max_y < p.extent.min_y ||
        gb.min_y > p.extent.max_y)
      continue;
    path_of(cr, p, gap);
    cairo_set_fill_rule(cr, CAIRO_FILL_RULE_EVEN_ODD);
    hatch(cr, p);
    path_of(cr, p, gap);
    cairo_set_source_rgb(cr, 215 / 255.0, 25 / 255.0, 28 / 255.0);
    cairo_set_line_width(cr, 0.7);
    cairo_stroke(cr);
  }
  for (std::size_t c : content.outlines) {
    path_of(cr, p, d.counties[c].shape);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 1.6);
    cairo_stroke(cr);
  }
  for (const Base& base : d.bases) {
    if (!p.extent.contains(base.pos)) continue;
    const Vec2 q = p.to_page(base.pos);
    double r, g, b;
    base_type_rgb(base.type, r, g, b);
    cairo_new_path(cr);
    cairo_arc(cr, q.x, q.y, 2.6, 0, 2 * std::numbers::pi);
    cairo_set_source_rgba(cr, r, g, b, base.status == "candidate" ? 0.15 : 1.0);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.6);
    const double dash[] = {1.2, 0.8};
    if (base.status == "planned") cairo_set_dash(cr, dash, 2, 0);
    cairo_stroke(cr);
    cairo_set_dash(cr, nullptr, 0, 0);
  }
  if (content.labels) {
    const TextStyle label{6.5, false, Align::centre, -1, 0.05, 0.05, 0.05};
    for (std::size_t t : content.towns) {
      const Vec2 at = label_point(d.towns[t].shape);
      if (!std::isfinite(at.x)) continue;
      const Vec2 q = p.to_page(at);
      draw_text(cr, q.x, q.y - 4, d.towns[t].name, label);
    }
  }
  cairo_restore(cr);
  cairo_rectangle(cr, p.frame.x, p.frame.y, p.frame.width, p.frame.height);
  cairo_set_source_rgb(cr, 0.2, 0.2, 0.2);
  cairo_set_line_width(cr, 0.8);
  cairo_stroke(cr);
  return zoom;
}

double draw_scale_bar(cairo_t* cr, const MapProjection& p, bool zh) {
  const double target_m = p.frame.width / 4 / p.pt_per_m;
  const double decade = std::pow(10.0, std::floor(std::log10(target_m)));
  double metres = decade;
  for (double m : {2.0, 5.0, 10.0})
    if (m * decade <= target_m) metres = m * decade;
  const double len = metres * p.pt_per_m;
  const double x = p.frame.x + 12, y = p.frame.y + p.frame.height - 18;
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_rectangle(cr, x - 6, y - 12, len + 40, 26);
  cairo_fill(cr);
  for (int k = 0; k < 4; ++k) {
    cairo_rectangle(cr, x + len * k / 4, y, len / 4, 4);
    if (k % 2 == 0)
      cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    else
      cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill_preserve(cr);
    cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
    cairo_set_line_width(cr, 0.5);
    cairo_stroke(cr);
  }
  const bool km = metres >= 1000;
  const std::string unit = km ? (zh ? " 公里" : " km") : (zh ? " 米" : " m");
  const TextStyle small{6.5, false, Align::centre};
  draw_text(cr, x, y - 9, "0", small);
  draw_text(cr, x + len, y - 9, fmt::format("{:g}", km ? metres / 1000 : metres) + unit, small);
  const double n = p.scale_denominator();
  const double rounded = std::round(n / std::pow(10.0, std::floor(std::log10(n)) - 2)) *
                         std::pow(10.0, std::floor(std::log10(n)) - 2);
  draw_text(cr, x + len / 2, y + 5, fmt::format("1 : {:.0f}", rounded), small);
  return metres;
}

double draw_north_arrow(cairo_t* cr, const MapProjection& p, const std::string& crs) {
  // Grid convergence: where true north points in the working CRS at the frame centre.
  double angle_deg = 0;
  try {
    const geo::Transformer to_ll(crs, "EPSG:4326"), from_ll("EPSG:4326", crs);
    double x = (p.extent.min_x + p.extent.max_x) / 2, y = (p.extent.min_y + p.extent.max_y) / 2;
    const double x0 = x, y0 = y;
    if (to_ll.transform(x, y)) {
      double nx = x, ny = y + 0.01;
      if (from_ll.transform(nx, ny))
        angle_deg = std::atan2(nx - x0, ny - y0) * 180 / std::numbers::pi;
    }
  } catch (const std::exception&) {
    angle_deg = 0;  // an unknown CRS: grid north
  }
  const double cx = p.frame.x + p.frame.width - 22, cy = p.frame.y + 26;
  cairo_save(cr);
  cairo_translate(cr, cx, cy);
  cairo_set_source_rgba(cr, 1, 1, 1, 0.85);
  cairo_arc(cr, 0, 0, 15, 0, 2 * std::numbers::pi);
  cairo_fill(cr);
  cairo_rotate(cr, angle_deg * std::numbers::pi / 180);
  cairo_move_to(cr, 0, -12);
  cairo_line_to(cr, 5, 8);
  cairo_line_to(cr, 0, 4);
  cairo_close_path(cr);
  cairo_set_source_rgb(cr, 0.1, 0.1, 0.1);
  cairo_fill(cr);
  cairo_move_to(cr, 0, -12);
  cairo_line_to(cr, -5, 8);
  cairo_line_to(cr, 0, 4);
  cairo_close_path(cr);
  cairo_set_line_width(cr, 0.7);
  cairo_stroke(cr);
  cairo_restore(cr);
  draw_text(cr, cx, cy + 13, "N", TextStyle{7, true, Align::centre});
  return angle_deg;
}

}  // namespace sunplan::atlas
