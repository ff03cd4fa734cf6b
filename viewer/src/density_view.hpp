// Which density surface the current view needs, and computing it (no GL here).
//
//   DensityPlan plan = plan_density(camera, style.density_bandwidth_px);
//   if (!have || !density_covers(*have, camera)) {               // panned far or zoomed
//     DensityPoints pts = density_points(layer, style.weight_column);   // once per scene
//     scene::DensityGrid g = compute_density(pts, plan, progress);      // on a worker
//   }
//
// The grid covers the view plus a quarter of it on every side (so panning shows surface
// until the next one arrives) at 2 screen pixels per cell. The bandwidth is
// bandwidth_px × metres per pixel on the ground at the view centre, clamped to
// [200 m, 20 km]; values are youth per km² on the ground (Mercator's area stretch removed).
#pragma once

#include <vector>

#include "camera.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/scene/density_grid.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::viewer {

inline constexpr double kMinBandwidthM = 200.0;
inline constexpr double kMaxBandwidthM = 20000.0;
inline constexpr int kDensityCellPx = 2;
inline constexpr int kMaxDensityCells = 1024;  // per side

struct DensityPlan {
  Box extent;
  int cols = 0, rows = 0;
  double bandwidth_display_m = 0.0;  // kernel radius in display (Mercator) metres
  double bandwidth_ground_m = 0.0;   // the same on the ground at the view centre
  double metres_per_px = 0.0;        // of the camera it was planned for
};

DensityPlan plan_density(const Camera& camera, double bandwidth_px);
// True while `have` still serves the camera: it covers the whole view and was planned
// for a scale within a factor 1.5 of the camera's.
bool density_covers(const DensityPlan& have, const Camera& camera);

struct DensityPoints {
  std::vector<double> xs, ys, weights;  // weights empty: each point counts 1
  double total_weight = 0.0;
};
DensityPoints density_points(const scene::Layer& layer, int weight_column);

// The grid of `plan` in youth per km² on the ground.
scene::DensityGrid compute_density(const DensityPoints& points, const DensityPlan& plan,
                                   Progress& progress);

}  // namespace sunplan::viewer
