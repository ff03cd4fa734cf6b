// A weighted kernel density surface on a regular grid: youth per km² around points.
//
//   DensityOptions opts{.extent = view_box, .cols = 640, .rows = 400, .bandwidth_m = 2000};
//   DensityGrid g = sunplan::scene::density_grid(xs, ys, weights, opts, progress);
//   double peak = g.values[g.index(col, row)];       // row 0 is the bottom (min_y) row
//   mercator_to_ground_density(g);                   // display CRS -> true youth/km²
//
// Quartic (biweight) kernel K(d) = 3 / (pi h²) · (1 - d²/h²)² for d < h, evaluated at
// cell centres, so the surface integrates to the total weight when the grid covers every
// point's disc. Coordinates are planar metres; the output is weight per km² of those
// metres. Points are split into a fixed number of chunks summed in chunk order, so the
// result does not depend on the number of threads.
#pragma once

#include <cstddef>
#include <span>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::scene {

struct DensityOptions {
  Box extent;  // the grid's outer edges
  int cols = 256;
  int rows = 256;
  double bandwidth_m = 1000.0;  // kernel radius h; the kernel is zero beyond it
};

struct DensityGrid {
  Box extent;
  int cols = 0;
  int rows = 0;
  double bandwidth_m = 0.0;
  std::vector<double> values;  // rows * cols, row-major from the bottom row; per km²
  double max_value = 0.0;

  std::size_t index(int col, int row) const {
    return static_cast<std::size_t>(row) * static_cast<std::size_t>(cols) +
           static_cast<std::size_t>(col);
  }
  double cell_width_m() const { return (extent.max_x - extent.min_x) / cols; }
  double cell_height_m() const { return (extent.max_y - extent.min_y) / rows; }
  Vec2 cell_centre(int col, int row) const {
    return {extent.min_x + (col + 0.5) * cell_width_m(),
            extent.min_y + (row + 0.5) * cell_height_m()};
  }
};

// The quartic kernel value per m² at distance² d2 from a point, for bandwidth h.
double quartic_kernel(double d2, double h);

// `weights` may be empty (every point weighs 1). Points with a non-finite coordinate or
// weight are skipped. Throws CancelledError when the progress asks to stop.
DensityGrid density_grid(std::span<const double> xs, std::span<const double> ys,
                         std::span<const double> weights, const DensityOptions& options,
                         Progress& progress);

// Web Mercator stretches lengths by k = cosh(y / R) (= sec(latitude)), areas by k²: a
// density computed in display metres is divided by k² at each row's centre to give
// weight per km² on the ground.
void mercator_to_ground_density(DensityGrid& grid);

// A value for the top of a colour ramp: the q-quantile (0..1) of the non-zero cells, so a
// few very dense cells do not wash out the rest. 0 when every cell is zero.
double density_ramp_top(const DensityGrid& grid, double q = 0.99);

}  // namespace sunplan::scene
