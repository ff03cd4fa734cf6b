#include "sunplan/scene/density_grid.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <numbers>

#include "sunplan/scene/display_crs.hpp"

namespace sunplan::scene {

namespace {

// Fixed, so the summation order (and the last bits of the result) never depends on how
// many threads ran.
constexpr std::size_t kChunks = 8;
constexpr double kM2PerKm2 = 1e6;

}  // namespace

double quartic_kernel(double d2, double h) {
  const double h2 = h * h;
  if (d2 >= h2) return 0.0;
  const double u = 1.0 - d2 / h2;
  return 3.0 / (std::numbers::pi * h2) * u * u;
}

DensityGrid density_grid(std::span<const double> xs, std::span<const double> ys,
                         std::span<const double> weights, const DensityOptions& o,
                         Progress& progress) {
  DensityGrid g;
  g.extent = o.extent;
  g.cols = std::max(0, o.cols);
  g.rows = std::max(0, o.rows);
  g.bandwidth_m = o.bandwidth_m;
  const std::size_t cells = static_cast<std::size_t>(g.cols) * static_cast<std::size_t>(g.rows);
  g.values.assign(cells, 0.0);
  if (cells == 0 || o.extent.empty() || !(o.bandwidth_m > 0.0)) return g;

  const double cw = g.cell_width_m(), ch = g.cell_height_m();
  const double h = o.bandwidth_m, h2 = h * h;
  const double norm = 3.0 / (std::numbers::pi * h2) * kM2PerKm2;
  const std::size_t n = std::min(xs.size(), ys.size());
  const bool weighted = !weights.empty();

  std::vector<std::vector<double>> partial(kChunks);
  report_or_cancel(progress, 0.0, "density");
  tbb::parallel_for(std::size_t{0}, kChunks, [&](std::size_t chunk) {
    std::vector<double>& acc = partial[chunk];
    acc.assign(cells, 0.0);
    const std::size_t begin = n * chunk / kChunks, end = n * (chunk + 1) / kChunks;
    for (std::size_t i = begin; i < end; ++i) {
      const double x = xs[i], y = ys[i];
      const double w = weighted ? (i < weights.size() ? weights[i] : 0.0) : 1.0;
      if (!std::isfinite(x) || !std::isfinite(y) || !std::isfinite(w) || w == 0.0) continue;
      // Cells whose centre can lie within h: centre_c = min_x + (c + 0.5) cw.
      const int c0 = std::max(0, static_cast<int>(std::ceil((x - h - o.extent.min_x) / cw - 0.5)));
      const int c1 =
          std::min(g.cols - 1, static_cast<int>(std::floor((x + h - o.extent.min_x) / cw - 0.5)));
      const int r0 = std::max(0, static_cast<int>(std::ceil((y - h - o.extent.min_y) / ch - 0.5)));
      const int r1 =
          std::min(g.rows - 1, static_cast<int>(std::floor((y + h - o.extent.min_y) / ch - 0.5)));
      for (int r = r0; r <= r1; ++r) {
        const double dy = o.extent.min_y + (r + 0.5) * ch - y;
        const double dy2 = dy * dy;
        if (dy2 >= h2) continue;
        double* row = acc.data() + static_cast<std::size_t>(r) * static_cast<std::size_t>(g.cols);
        for (int c = c0; c <= c1; ++c) {
          const double dx = o.extent.min_x + (c + 0.5) * cw - x;
          const double d2 = dx * dx + dy2;
          if (d2 >= h2) continue;
          const double u = 1.0 - d2 / h2;
          row[c] += w * u * u;
        }
      }
    }
  });
  report_or_cancel(progress, 0.9, "density");
  std::vector<double> total(cells, 0.0);
  for (const std::vector<double>& acc : partial)
    for (std::size_t k = 0; k < cells; ++k) total[k] += acc[k];
  for (std::size_t k = 0; k < cells; ++k) {
    g.values[k] = total[k] * norm;
    g.max_value = std::max(g.max_value, g.values[k]);
  }
  report_or_cancel(progress, 1.0, "density");
  return g;
}

void mercator_to_ground_density(DensityGrid& g) {
  g.max_value = 0.0;
  for (int r = 0; r < g.rows; ++r) {
    const double k = std::cosh(g.cell_centre(0, r).y / kEarthRadiusM);
    const double f = 1.0 / (k * k);
    for (int c = 0; c < g.cols; ++c) {
      double& v = g.values[g.index(c, r)];
      v *= f;
      g.max_value = std::max(g.max_value, v);
    }
  }
}

double density_ramp_top(const DensityGrid& g, double q) {
  std::vector<double> nz;
  for (double v : g.values)
    if (v > 0.0) nz.push_back(v);
  if (nz.empty()) return 0.0;
  const auto k = static_cast<std::size_t>(
      std::llround(std::clamp(q, 0.0, 1.0) * static_cast<double>(nz.size() - 1)));
  std::nth_element(nz.begin(), nz.begin() + static_cast<std::ptrdiff_t>(k), nz.end());
  return nz[k];
}

}  // namespace sunplan::scene
