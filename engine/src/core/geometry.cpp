#include "sunplan/core/geometry.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sunplan {

Box bounds(const Ring& ring) {
  Box b;
  for (const Vec2& p : ring) b.expand(p);
  return b;
}

Box bounds(const MultiPolygon& mp) {
  Box b;
  for (const Polygon& poly : mp)
    if (!poly.rings.empty()) b.expand(bounds(poly.rings.front()));
  return b;
}

Box bounds(const PointSet& pts) {
  Box b;
  for (std::size_t i = 0; i < pts.size(); ++i) b.expand(pts[i]);
  return b;
}

double signed_area(const Ring& ring) {
  if (ring.size() < 3) return 0.0;
  double twice = 0.0;
  // Shoelace relative to the first vertex keeps precision for large projected coordinates.
  const Vec2 o = ring.front();
  for (std::size_t i = 1; i + 1 < ring.size(); ++i) {
    const double ax = ring[i].x - o.x, ay = ring[i].y - o.y;
    const double bx = ring[i + 1].x - o.x, by = ring[i + 1].y - o.y;
    twice += ax * by - bx * ay;
  }
  return twice / 2.0;
}

double area(const MultiPolygon& mp) {
  double total = 0.0;
  for (const Polygon& poly : mp) {
    for (std::size_t r = 0; r < poly.rings.size(); ++r) {
      const double a = std::abs(signed_area(poly.rings[r]));
      total += (r == 0) ? a : -a;
    }
  }
  return total;
}

bool contains(const MultiPolygon& mp, Vec2 p) {
  bool inside = false;
  for (const Polygon& poly : mp) {
    for (const Ring& ring : poly.rings) {
      const std::size_t n = ring.size();
      for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
        const Vec2 a = ring[i], b = ring[j];
        if ((a.y > p.y) != (b.y > p.y)) {
          const double x_cross = a.x + (p.y - a.y) * (b.x - a.x) / (b.y - a.y);
          if (p.x < x_cross) inside = !inside;
        }
      }
    }
  }
  return inside;
}

double distance_to_edges(const MultiPolygon& mp, Vec2 p) {
  double best = std::numeric_limits<double>::infinity();
  for (const Polygon& poly : mp)
    for (const Ring& ring : poly.rings)
      for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
        const Vec2 a = ring[i], b = ring[i + 1];
        const double dx = b.x - a.x, dy = b.y - a.y;
        const double len2 = dx * dx + dy * dy;
        double t = len2 > 0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
        t = std::clamp(t, 0.0, 1.0);
        best = std::min(best, distance(p, {a.x + t * dx, a.y + t * dy}));
      }
  return best;
}

}  // namespace sunplan
