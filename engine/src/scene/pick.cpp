#include "sunplan/scene/pick.hpp"

#include <cmath>
#include <limits>

namespace sunplan::scene {

int pick_polygon(const Layer& layer, Vec2 p) {
  if (layer.kind != LayerKind::polygon) return -1;
  for (std::size_t f = layer.size(); f-- > 0;) {
    if (!layer.feature_bounds[f].contains(p)) continue;
    if (contains(layer.shapes[f], p)) return static_cast<int>(f);
  }
  return -1;
}

int pick_point(const Layer& layer, Vec2 p, double radius_m) {
  if (layer.kind != LayerKind::point) return -1;
  int best = -1;
  double best_d = radius_m;
  for (std::size_t f = 0; f < layer.anchors.size(); ++f) {
    const double d = distance(layer.anchors[f], p);
    if (d < best_d || (d == best_d && best < 0)) {
      best = static_cast<int>(f);
      best_d = d;
    }
  }
  return best;
}

namespace {
double segment_distance(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y;
  const double len2 = dx * dx + dy * dy;
  double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::fmax(0.0, std::fmin(1.0, t));
  return distance(p, {a.x + t * dx, a.y + t * dy});
}
}  // namespace

int pick_line(const Layer& layer, Vec2 p, double radius_m) {
  if (layer.kind != LayerKind::line) return -1;
  int best = -1;
  double best_d = radius_m;
  for (std::size_t f = 0; f < layer.size(); ++f) {
    const Box& b = layer.feature_bounds[f];
    if (b.empty() || p.x < b.min_x - radius_m || p.x > b.max_x + radius_m ||
        p.y < b.min_y - radius_m || p.y > b.max_y + radius_m)
      continue;
    const Span fp = layer.feature_parts[f];
    for (std::uint32_t k = fp.first; k < fp.first + fp.count; ++k) {
      const Span part = layer.line_parts[k];
      for (std::uint32_t v = part.first; v + 1 < part.first + part.count; ++v) {
        const double d = segment_distance(p, layer.line_vertices[v], layer.line_vertices[v + 1]);
        if (d < best_d) {
          best = static_cast<int>(f);
          best_d = d;
        }
      }
    }
  }
  return best;
}

}  // namespace sunplan::scene
