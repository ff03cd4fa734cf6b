// Plain geometry types shared by every engine module.
//
//   sunplan::PointSet youth;            // projected metres, structure of arrays
//   youth.push_back({x_m, y_m});
//   sunplan::MultiPolygon unit = ...;   // rings closed (first == last), ring 0 is the shell
//
// Inside the engine all coordinates are metres in the run's projected working CRS
// (see geo/working_crs.hpp); lon/lat appear only at the I/O edges. These types carry
// no GEOS/GDAL/PROJ dependency so algorithms and the viewer can use them freely.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace sunplan {

struct Vec2 {
  double x = 0.0;
  double y = 0.0;
  friend bool operator==(const Vec2&, const Vec2&) = default;
};

struct Box {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return min_x > max_x; }
  void expand(Vec2 p) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }
  void expand(const Box& b) {
    if (b.empty()) return;
    expand(Vec2{b.min_x, b.min_y});
    expand(Vec2{b.max_x, b.max_y});
  }
  bool contains(Vec2 p) const {
    return p.x >= min_x && p.x <= max_x && p.y >= min_y && p.y <= max_y;
  }
};

using Ring = std::vector<Vec2>;

struct Polygon {
  std::vector<Ring> rings;  // rings[0] is the shell, the rest are holes
};

using MultiPolygon = std::vector<Polygon>;

struct PointSet {
  std::vector<double> x;
  std::vector<double> y;

  std::size_t size() const { return x.size(); }
  bool empty() const { return x.empty(); }
  void reserve(std::size_t n) {
    x.reserve(n);
    y.reserve(n);
  }
  void push_back(Vec2 p) {
    x.push_back(p.x);
    y.push_back(p.y);
  }
  Vec2 operator[](std::size_t i) const { return {x[i], y[i]}; }
};

Box bounds(const Ring& ring);
Box bounds(const MultiPolygon& mp);
Box bounds(const PointSet& pts);

// Signed area by the shoelace formula: positive for counter-clockwise rings.
double signed_area(const Ring& ring);
// Area of shells minus holes, in square units of the coordinates.
double area(const MultiPolygon& mp);

// Even-odd point-in-polygon over all rings; points on the boundary may fall either way.
bool contains(const MultiPolygon& mp, Vec2 p);

// Distance from p to the nearest edge of any ring (0 on an edge); for a point outside the
// polygon, its distance to the polygon.
double distance_to_edges(const MultiPolygon& mp, Vec2 p);

inline double distance(Vec2 a, Vec2 b) {
  const double dx = a.x - b.x;
  const double dy = a.y - b.y;
  return std::sqrt(dx * dx + dy * dy);
}

}  // namespace sunplan
