// Point layers ordered for drawing a view's points only, thinned by zoom: a million
// youth at the national view need a sample, at a city view only the points in view.
//
//   PointTiles tiles = build_point_tiles(layer.anchors, {});
//   // upload positions in tiles.order (buffer slot -> feature index), then per frame:
//   int level = choose_thinning_level(tiles, view, 50000);   // draw 1 in 2^level
//   std::vector<Span> runs;
//   visible_point_runs(tiles, view, level, runs);            // slots to draw
//
// Every point has a thinning key, a hash of its feature index, so the sample does not
// change from frame to frame and does not favour any region or attribute. Points fall in
// bands by their key's leading zero bits: band >= m exactly when key < 2^(32-m), i.e. the
// point belongs to the 1-in-2^m sample. The buffer holds the densest band first (band
// max_level, the 1-in-2^max_level sample), then band max_level-1, ..., band 0; within a band
// the points of a tile of a fixed grid are contiguous, tiles row by row. So a sample is a
// prefix of the buffer, and the points of one grid row of the view are one range per band:
// the fitted national view draws one range, a city view a few per band. (OpenGL 3.3 has no
// base instance for multi-draw, so fewer, longer ranges beat one range per tile.)
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

struct PointTileOptions {
  std::uint32_t points_per_tile = 256;  // average over the grid (empty tiles included)
  int max_tiles_per_side = 256;
  int max_level = 10;  // the thinnest sample is 1 in 2^max_level
};

struct PointTiles {
  Box extent;  // of the finite points; the grid covers it
  int cols = 0, rows = 0;
  double tile_w_m = 1.0, tile_h_m = 1.0;
  int max_level = 0;
  // Buffer slot -> feature index, for the finite points only.
  std::vector<std::uint32_t> order;
  // first[(max_level - band) * cols * rows + tile] = first slot of that band's tile
  // (tile = row * cols + col); one more entry at the end holds order.size().
  std::vector<std::uint32_t> first;

  std::size_t tile_count() const { return static_cast<std::size_t>(cols) * rows; }
};

// A 32-bit mix of the feature index (the splitmix64 finaliser).
std::uint32_t thinning_key(std::uint32_t feature);
// min(max_level, leading zero bits of key): the point is in the 1-in-2^m sample iff
// band >= m, iff key < 2^(32-m) (for m <= max_level).
int thinning_band(std::uint32_t key, int max_level);

// Orders the finite positions (NaN ones are left out) by band, tile and feature index.
PointTiles build_point_tiles(std::span<const Vec2> positions, const PointTileOptions& options);

// Appends to `runs` (cleared first) the slot ranges holding every point of band >= level in
// the tiles that meet `view`, adjacent ranges merged, in buffer order; returns their total.
// The ranges contain every such point inside `view` (and others of the same tiles).
std::size_t visible_point_runs(const PointTiles& tiles, const Box& view, int level,
                               std::vector<Span>& runs);

// The smallest level whose sample of the tiles meeting `view` holds at most max_points
// (max_level when none does): 0 = every point.
int choose_thinning_level(const PointTiles& tiles, const Box& view, std::size_t max_points);

}  // namespace sunplan::scene
