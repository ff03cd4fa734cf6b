#include "density_view.hpp"

#include <algorithm>
#include <cmath>

#include "sunplan/scene/display_crs.hpp"

namespace sunplan::viewer {

namespace {

// Web Mercator's scale factor at display northing y: sec(latitude) = cosh(y / R).
double mercator_scale(double y) {
  return std::cosh(y / scene::kEarthRadiusM);
}

}  // namespace

DensityPlan plan_density(const Camera& cam, double bandwidth_px) {
  DensityPlan p;
  p.metres_per_px = cam.metres_per_px;
  const double k = mercator_scale(cam.centre.y);
  p.bandwidth_ground_m =
      std::clamp(bandwidth_px * cam.metres_per_px / k, kMinBandwidthM, kMaxBandwidthM);
  p.bandwidth_display_m = p.bandwidth_ground_m * k;
  const Box view = cam.visible();
  const double mx = 0.25 * (view.max_x - view.min_x), my = 0.25 * (view.max_y - view.min_y);
  p.extent = {view.min_x - mx, view.min_y - my, view.max_x + mx, view.max_y + my};
  const double cell_m = kDensityCellPx * cam.metres_per_px;
  // The 1e-6 keeps an exact fit from gaining a cell to rounding.
  p.cols =
      std::clamp(static_cast<int>(std::ceil((p.extent.max_x - p.extent.min_x) / cell_m - 1e-6)), 1,
                 kMaxDensityCells);
  p.rows =
      std::clamp(static_cast<int>(std::ceil((p.extent.max_y - p.extent.min_y) / cell_m - 1e-6)), 1,
                 kMaxDensityCells);
  return p;
}

bool density_covers(const DensityPlan& have, const Camera& cam) {
  if (have.cols == 0 || have.metres_per_px <= 0.0) return false;
  const double ratio = cam.metres_per_px / have.metres_per_px;
  if (ratio > 1.5 || ratio < 1.0 / 1.5) return false;
  const Box v = cam.visible();
  return v.min_x >= have.extent.min_x && v.max_x <= have.extent.max_x &&
         v.min_y >= have.extent.min_y && v.max_y <= have.extent.max_y;
}

DensityPoints density_points(const scene::Layer& layer, int weight_column) {
  DensityPoints p;
  const bool weighted = weight_column >= 0 &&
                        static_cast<std::size_t>(weight_column) < layer.columns.size() &&
                        layer.columns[static_cast<std::size_t>(weight_column)].numeric;
  p.xs.reserve(layer.anchors.size());
  p.ys.reserve(layer.anchors.size());
  for (std::size_t f = 0; f < layer.anchors.size(); ++f) {
    const Vec2 a = layer.anchors[f];
    if (!std::isfinite(a.x) || !std::isfinite(a.y)) continue;
    const double w =
        weighted ? layer.columns[static_cast<std::size_t>(weight_column)].numbers[f] : 1.0;
    if (!std::isfinite(w) || w <= 0.0) continue;
    p.xs.push_back(a.x);
    p.ys.push_back(a.y);
    if (weighted) p.weights.push_back(w);
    p.total_weight += w;
  }
  return p;
}

scene::DensityGrid compute_density(const DensityPoints& points, const DensityPlan& plan,
                                   Progress& progress) {
  scene::DensityOptions o;
  o.extent = plan.extent;
  o.cols = plan.cols;
  o.rows = plan.rows;
  o.bandwidth_m = plan.bandwidth_display_m;
  scene::DensityGrid g = scene::density_grid(points.xs, points.ys, points.weights, o, progress);
  scene::mercator_to_ground_density(g);
  return g;
}

}  // namespace sunplan::viewer
