// Levels of detail for big polygon layers: a national township layer drawn zoomed out
// needs a few vertices per unit, not thousands.
//
//   build_lods(layer, options, progress, 0.0, 1.0);    // after triangulating level 0
//   std::size_t k = choose_lod(layer, camera.metres_per_px);   // 0 = full geometry
//   const LodLevel& coarse = layer.lods[k - 1];                 // when k > 0
//
// Level k (1-based) is the full geometry simplified with Douglas-Peucker at
// base × 4^(k-1) display metres per ring (every ring keeps at least a triangle), then
// triangulated; every dropped vertex lies within the tolerance of the kept outline, so a
// level's Hausdorff distance to the full geometry (max_error_m) is at most its tolerance.
// A level that keeps more than 70% of the previous level's vertices is not worth its
// memory and is dropped. Per-feature simplification does not keep shared borders
// identical, but the gap between neighbours stays under the chosen pixel error; a ring
// that self-intersects after simplification is repaired (make_valid) before triangulation.
#pragma once

#include <cstddef>

#include "sunplan/core/progress.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

// Fills layer.lods from layer.shapes (display CRS) per options.lod_*; nothing for
// non-polygon or small layers. Reports progress in [f0, f1]; throws CancelledError.
void build_lods(Layer& layer, const SceneOptions& options, Progress& progress, double f0,
                double f1);

// The coarsest level whose error bound is at most max_error_px screen pixels at this
// scale (one pixel: the outline moves by less than a pixel): 0 for the full geometry, k for
// layer.lods[k - 1].
std::size_t choose_lod(const Layer& layer, double metres_per_px, double max_error_px = 1.0);

}  // namespace sunplan::scene
