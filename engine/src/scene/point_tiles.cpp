#include "sunplan/scene/point_tiles.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace sunplan::scene {

std::uint32_t thinning_key(std::uint32_t feature) {
  std::uint64_t z = static_cast<std::uint64_t>(feature) + 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return static_cast<std::uint32_t>(z >> 32);
}

int thinning_band(std::uint32_t key, int max_level) {
  return std::min(max_level, std::countl_zero(key));
}

namespace {

// Column/row of a coordinate; the same formula for points and view edges keeps the
// view's tile range monotone with the points it contains.
int cell(double v, double origin, double size, int n) {
  const double c = std::floor((v - origin) / size);
  if (!(c > 0.0)) return 0;
  return c >= n - 1 ? n - 1 : static_cast<int>(c);
}

bool finite(Vec2 p) {
  return std::isfinite(p.x) && std::isfinite(p.y);
}

// The tile range [c0, c1] x [r0, r1] meeting `view`; false when it misses the grid.
bool tile_range(const PointTiles& t, const Box& view, int& c0, int& c1, int& r0, int& r1) {
  if (t.order.empty() || view.empty() || view.max_x < t.extent.min_x ||
      view.min_x > t.extent.max_x || view.max_y < t.extent.min_y || view.min_y > t.extent.max_y)
    return false;
  c0 = cell(view.min_x, t.extent.min_x, t.tile_w_m, t.cols);
  c1 = cell(view.max_x, t.extent.min_x, t.tile_w_m, t.cols);
  r0 = cell(view.min_y, t.extent.min_y, t.tile_h_m, t.rows);
  r1 = cell(view.max_y, t.extent.min_y, t.tile_h_m, t.rows);
  return true;
}

}  // namespace

PointTiles build_point_tiles(std::span<const Vec2> positions, const PointTileOptions& options) {
  PointTiles t;
  t.max_level = std::clamp(options.max_level, 0, 31);
  std::size_t n = 0;
  for (Vec2 p : positions)
    if (finite(p)) {
      t.extent.expand(p);
      ++n;
    }
  if (n == 0) {
    t.first.assign(1, 0);
    return t;
  }
  const double w = t.extent.max_x - t.extent.min_x, h = t.extent.max_y - t.extent.min_y;
  const int max_side = std::max(1, options.max_tiles_per_side);
  const double tiles =
      std::max(1.0, static_cast<double>(n) / std::max<std::uint32_t>(1, options.points_per_tile));
  // Square tiles in display metres, as many as the point count asks for.
  const double side = w > 0 && h > 0 ? std::sqrt(w * h / tiles) : std::max(w, h) / tiles;
  t.cols = side > 0 ? std::clamp(static_cast<int>(std::ceil(w / side)), 1, max_side) : 1;
  t.rows = side > 0 ? std::clamp(static_cast<int>(std::ceil(h / side)), 1, max_side) : 1;
  t.tile_w_m = w > 0 ? w / t.cols : 1.0;
  t.tile_h_m = h > 0 ? h / t.rows : 1.0;

  const std::size_t tile_n = t.tile_count();
  const std::size_t buckets = static_cast<std::size_t>(t.max_level + 1) * tile_n;
  std::vector<std::uint32_t> bucket_of(positions.size());
  t.first.assign(buckets + 1, 0);
  for (std::size_t f = 0; f < positions.size(); ++f) {
    const Vec2 p = positions[f];
    if (!finite(p)) continue;
    const int band = thinning_band(thinning_key(static_cast<std::uint32_t>(f)), t.max_level);
    const std::size_t tile =
        static_cast<std::size_t>(cell(p.y, t.extent.min_y, t.tile_h_m, t.rows)) * t.cols +
        static_cast<std::size_t>(cell(p.x, t.extent.min_x, t.tile_w_m, t.cols));
    const std::size_t b = static_cast<std::size_t>(t.max_level - band) * tile_n + tile;
    bucket_of[f] = static_cast<std::uint32_t>(b);
    ++t.first[b + 1];
  }
  for (std::size_t b = 0; b < buckets; ++b) t.first[b + 1] += t.first[b];
  std::vector<std::uint32_t> next(t.first.begin(), t.first.end() - 1);
  t.order.resize(n);
  for (std::size_t f = 0; f < positions.size(); ++f)
    if (finite(positions[f])) t.order[next[bucket_of[f]]++] = static_cast<std::uint32_t>(f);
  return t;
}

std::size_t visible_point_runs(const PointTiles& t, const Box& view, int level,
                               std::vector<Span>& runs) {
  runs.clear();
  int c0 = 0, c1 = 0, r0 = 0, r1 = 0;
  if (!tile_range(t, view, c0, c1, r0, r1)) return 0;
  level = std::clamp(level, 0, t.max_level);
  const std::size_t tile_n = t.tile_count();
  std::size_t total = 0;
  // Bands max_level .. level are positions 0 .. max_level - level of the buffer.
  for (int pos = 0; pos <= t.max_level - level; ++pos) {
    const std::size_t base = static_cast<std::size_t>(pos) * tile_n;
    for (int r = r0; r <= r1; ++r) {
      const std::size_t row = base + static_cast<std::size_t>(r) * t.cols;
      const std::uint32_t a = t.first[row + c0], b = t.first[row + c1 + 1];
      if (a == b) continue;
      total += b - a;
      if (!runs.empty() && runs.back().first + runs.back().count == a)
        runs.back().count += b - a;
      else
        runs.push_back({a, b - a});
    }
  }
  return total;
}

int choose_thinning_level(const PointTiles& t, const Box& view, std::size_t max_points) {
  int c0 = 0, c1 = 0, r0 = 0, r1 = 0;
  if (!tile_range(t, view, c0, c1, r0, r1)) return 0;
  const std::size_t tile_n = t.tile_count();
  // Points of the sample at `level` = the bands from max_level down to level.
  std::size_t sample = 0;
  for (int pos = 0; pos <= t.max_level; ++pos) {
    const std::size_t base = static_cast<std::size_t>(pos) * tile_n;
    for (int r = r0; r <= r1; ++r) {
      const std::size_t row = base + static_cast<std::size_t>(r) * t.cols;
      sample += t.first[row + c1 + 1] - t.first[row + c0];
    }
    if (sample > max_points) return std::max(0, std::min(t.max_level, t.max_level - pos + 1));
  }
  return 0;
}

}  // namespace sunplan::scene
