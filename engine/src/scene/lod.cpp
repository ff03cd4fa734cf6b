#include "sunplan/scene/lod.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/geos_ops.hpp"

namespace sunplan::scene {

namespace {

constexpr std::size_t kLodChunk = 1024;
// A level must drop at least 30% of the previous level's vertices to earn its memory.
constexpr double kMinReduction = 0.7;

std::size_t vertex_count(const MultiPolygon& mp) {
  std::size_t n = 0;
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings) n += r.size();
  return n;
}

double segment_distance2(Vec2 p, Vec2 a, Vec2 b) {
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double ex = a.x + t * dx - p.x, ey = a.y + t * dy - p.y;
  return ex * ex + ey * ey;
}

// Douglas-Peucker on ring[first..last] (inclusive), marking the vertices to keep.
void douglas_peucker(const Ring& ring, std::size_t first, std::size_t last, double tol2,
                     std::vector<char>& keep) {
  std::vector<std::pair<std::size_t, std::size_t>> stack{{first, last}};
  while (!stack.empty()) {
    const auto [a, b] = stack.back();
    stack.pop_back();
    double worst = -1.0;
    std::size_t at = a;
    for (std::size_t i = a + 1; i < b; ++i) {
      const double d2 = segment_distance2(ring[i], ring[a], ring[b]);
      if (d2 > worst) {
        worst = d2;
        at = i;
      }
    }
    if (worst > tol2) {
      keep[at] = 1;
      stack.push_back({a, at});
      stack.push_back({at, b});
    }
  }
}

// A closed ring simplified so every dropped vertex lies within tolerance of the kept
// outline (so the Hausdorff distance is at most the tolerance); at least a triangle stays.
// Plain Douglas-Peucker, not GEOS's topology-preserving one: about ten times faster on the
// national layer, and a ring that self-intersects falls back to make_valid when triangulated.
Ring simplify_ring(const Ring& ring, double tolerance_m) {
  const std::size_t n = ring.size();
  if (n <= 4) return ring;
  std::vector<char> keep(n, 0);
  keep[0] = keep[n - 1] = 1;
  // Split the closed ring at the vertex farthest from the first one.
  std::size_t far = 1;
  double far_d2 = -1.0;
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double dx = ring[i].x - ring[0].x, dy = ring[i].y - ring[0].y;
    if (dx * dx + dy * dy > far_d2) {
      far_d2 = dx * dx + dy * dy;
      far = i;
    }
  }
  keep[far] = 1;
  const double tol2 = tolerance_m * tolerance_m;
  douglas_peucker(ring, 0, far, tol2, keep);
  douglas_peucker(ring, far, n - 1, tol2, keep);
  Ring out;
  for (std::size_t i = 0; i < n; ++i)
    if (keep[i]) out.push_back(ring[i]);
  if (out.size() < 4) {
    // Two vertices and the closing one: add the vertex farthest from their chord.
    std::size_t best = 1;
    double best_d2 = -1.0;
    for (std::size_t i = 1; i + 1 < n; ++i) {
      const double d2 = segment_distance2(ring[i], ring[0], ring[far]);
      if (i != far && d2 > best_d2) {
        best_d2 = d2;
        best = i;
      }
    }
    keep[best] = 1;
    out.clear();
    for (std::size_t i = 0; i < n; ++i)
      if (keep[i]) out.push_back(ring[i]);
  }
  return out;
}

MultiPolygon simplify_shape(const MultiPolygon& mp, double tolerance_m) {
  MultiPolygon out;
  out.reserve(mp.size());
  for (const Polygon& p : mp) {
    Polygon q;
    q.rings.reserve(p.rings.size());
    for (const Ring& r : p.rings) q.rings.push_back(simplify_ring(r, tolerance_m));
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

void build_lods(Layer& layer, const SceneOptions& options, Progress& progress, double f0,
                double f1) {
  layer.lods.clear();
  if (layer.kind != LayerKind::polygon || options.lod_levels <= 0 ||
      !(options.lod_base_tolerance_m > 0.0))
    return;
  const std::size_t n = layer.shapes.size();
  std::size_t previous_vertices = 0;
  for (const MultiPolygon& mp : layer.shapes) previous_vertices += vertex_count(mp);
  if (previous_vertices < options.lod_min_vertices) return;

  std::vector<MultiPolygon> shapes(n);
  for (int k = 0; k < options.lod_levels; ++k) {
    const double tolerance_m = options.lod_base_tolerance_m * std::pow(4.0, k);
    if (tolerance_m <= options.simplify_tolerance_m) continue;  // level 0 is already as coarse
    const double g0 = f0 + (f1 - f0) * k / options.lod_levels;
    const double g1 = f0 + (f1 - f0) * (k + 1) / options.lod_levels;
    // Simplify first (cheap) and triangulate only a level that is kept: the finest
    // tolerance often removes too little on real data.
    report_or_cancel(progress, g0, "levels of detail " + layer.name);
    tbb::parallel_for(std::size_t{0}, n, [&](std::size_t f) {
      shapes[f] =
          layer.shapes[f].empty() ? MultiPolygon{} : simplify_shape(layer.shapes[f], tolerance_m);
    });
    std::size_t vertices = 0;
    for (const MultiPolygon& mp : shapes) vertices += vertex_count(mp);
    if (static_cast<double>(vertices) > kMinReduction * static_cast<double>(previous_vertices))
      continue;
    previous_vertices = vertices;
    std::vector<geo::Triangulation> tris(n);
    for (std::size_t start = 0; start < n; start += kLodChunk) {
      report_or_cancel(progress,
                       g0 + (g1 - g0) * static_cast<double>(start) / static_cast<double>(n),
                       "levels of detail " + layer.name);
      tbb::parallel_for(start, std::min(n, start + kLodChunk), [&](std::size_t f) {
        if (shapes[f].empty()) return;
        try {
          tris[f] = geo::triangulate_robust(shapes[f]);
        } catch (const Error&) {
          tris[f] = {};  // the feature has no fill at this level; outlines still drawn
        }
      });
    }

    LodLevel level;
    level.tolerance_m = tolerance_m;
    level.max_error_m = tolerance_m;  // Douglas-Peucker from the full rings
    level.fill_vertex_spans.reserve(n);
    level.fill_index_spans.reserve(n);
    level.feature_parts.reserve(n);
    for (std::size_t f = 0; f < n; ++f) {
      geo::Triangulation& t = tris[f];
      const auto base = static_cast<std::uint32_t>(level.fill_vertices.size());
      level.fill_vertex_spans.push_back({base, static_cast<std::uint32_t>(t.vertices.size())});
      level.fill_index_spans.push_back({static_cast<std::uint32_t>(level.fill_indices.size()),
                                        static_cast<std::uint32_t>(t.indices.size())});
      level.fill_vertices.insert(level.fill_vertices.end(), t.vertices.begin(), t.vertices.end());
      for (std::uint32_t i : t.indices) level.fill_indices.push_back(base + i);
      t = {};
      const auto first_part = static_cast<std::uint32_t>(level.line_parts.size());
      if (options.outlines) {
        for (const Polygon& p : shapes[f])
          for (const Ring& r : p.rings) {
            level.line_parts.push_back({static_cast<std::uint32_t>(level.line_vertices.size()),
                                        static_cast<std::uint32_t>(r.size())});
            level.line_vertices.insert(level.line_vertices.end(), r.begin(), r.end());
          }
      }
      level.feature_parts.push_back(
          {first_part, static_cast<std::uint32_t>(level.line_parts.size()) - first_part});
    }
    layer.lods.push_back(std::move(level));
  }
  report_or_cancel(progress, f1, "levels of detail " + layer.name);
}

std::size_t choose_lod(const Layer& layer, double metres_per_px, double max_error_px) {
  std::size_t best = 0;
  for (std::size_t k = 0; k < layer.lods.size(); ++k)
    if (layer.lods[k].max_error_m <= max_error_px * metres_per_px) best = k + 1;
  return best;
}

}  // namespace sunplan::scene
