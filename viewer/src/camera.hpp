// The map view: which display-CRS point is at the window centre and how many metres a
// pixel spans. Screen pixels have y down, the map y up.
//
//   Camera cam{.centre = lonlat_to_display({121.5, 31.2}), .metres_per_px = 50, .width_px = 1280,
//              .height_px = 800};
//   cam.zoom_at(cursor_px, 1.25);   // wheel: the map point under the cursor stays put
//   Vec2 m = cam.to_world(cursor_px);
#pragma once

#include "sunplan/core/geometry.hpp"

namespace sunplan::viewer {

struct Camera {
  Vec2 centre;
  double metres_per_px = 1000.0;
  int width_px = 1280;
  int height_px = 800;

  Vec2 to_screen(Vec2 world) const;
  Vec2 to_world(Vec2 screen_px) const;
  // factor > 1 zooms in.
  void zoom_at(Vec2 screen_px, double factor);
  void pan_by(Vec2 delta_px);
  // Shows the whole box with `margin_px` to spare on every side.
  void fit(const Box& box, double margin_px = 20.0);
  Box visible() const;
};

}  // namespace sunplan::viewer
