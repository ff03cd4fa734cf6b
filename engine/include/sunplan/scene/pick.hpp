// Which feature is under a point, on the CPU from scene data (no GPU read-back).
//
//   int f = sunplan::scene::pick_polygon(*units, cursor_m);       // -1 when none
//   int b = sunplan::scene::pick_point(*bases, cursor_m, 6 * metres_per_pixel);
//
// Linear over feature bounds then an exact even-odd test: 35,256 townships take well
// under a millisecond, so the inspector can ask every frame.
#pragma once

#include "sunplan/core/geometry.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

// The last feature (drawn on top) whose shape contains p; -1 when none.
int pick_polygon(const Layer& layer, Vec2 p);
// The nearest anchor within radius_m of p (ties: the lowest index); -1 when none.
int pick_point(const Layer& layer, Vec2 p, double radius_m);
// The nearest line part within radius_m of p, as a feature index; -1 when none.
int pick_line(const Layer& layer, Vec2 p, double radius_m);

}  // namespace sunplan::scene
