#include "camera.hpp"

#include <algorithm>

namespace sunplan::viewer {

Vec2 Camera::to_screen(Vec2 w) const {
  return {width_px / 2.0 + (w.x - centre.x) / metres_per_px,
          height_px / 2.0 - (w.y - centre.y) / metres_per_px};
}

Vec2 Camera::to_world(Vec2 s) const {
  return {centre.x + (s.x - width_px / 2.0) * metres_per_px,
          centre.y - (s.y - height_px / 2.0) * metres_per_px};
}

void Camera::zoom_at(Vec2 s, double factor) {
  const Vec2 before = to_world(s);
  metres_per_px = std::clamp(metres_per_px / factor, 0.01, 1e6);
  const Vec2 after = to_world(s);
  centre.x += before.x - after.x;
  centre.y += before.y - after.y;
}

void Camera::pan_by(Vec2 d) {
  centre.x -= d.x * metres_per_px;
  centre.y += d.y * metres_per_px;
}

void Camera::fit(const Box& box, double margin_px) {
  if (box.empty()) return;
  centre = {(box.min_x + box.max_x) / 2.0, (box.min_y + box.max_y) / 2.0};
  const double w = std::max(1.0, width_px - 2.0 * margin_px);
  const double h = std::max(1.0, height_px - 2.0 * margin_px);
  metres_per_px = std::max({(box.max_x - box.min_x) / w, (box.max_y - box.min_y) / h, 0.01});
}

Box Camera::visible() const {
  Box b;
  b.expand(to_world({0.0, 0.0}));
  b.expand(to_world({static_cast<double>(width_px), static_cast<double>(height_px)}));
  return b;
}

}  // namespace sunplan::viewer
