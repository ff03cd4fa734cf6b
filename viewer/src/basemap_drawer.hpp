// The tile basemap under the map: one RGBA texture on a quad, made by the engine's
// scene::render_basemap (GDAL, in the scene library) for the view plus a quarter of it on
// every side, one texel per screen pixel. Like the density surface it is redone on a worker
// when the view leaves it or the scale changes by 1.5×, and the old picture keeps drawing
// (stretched) until the new one arrives; set_synchronous(true) renders in the frame
// (screenshots).
//
//   BasemapDrawer basemap({"tiles.mbtiles", scene::TileDatum::gcj02});  // GL context current
//   basemap.draw(camera);                                             // before the layers
#pragma once

#include <memory>

#include "camera.hpp"
#include "sunplan/scene/basemap.hpp"

namespace sunplan::viewer {

class BasemapDrawer {
 public:
  explicit BasemapDrawer(scene::BasemapSource source);
  ~BasemapDrawer();
  BasemapDrawer(const BasemapDrawer&) = delete;
  BasemapDrawer& operator=(const BasemapDrawer&) = delete;

  void set_synchronous(bool on) { m_synchronous = on; }
  void draw(const Camera& camera);
  bool busy() const;
  int zoom() const;  // tile zoom of the picture on screen (-1: none yet)

 private:
  struct State;
  std::unique_ptr<State> m_state;
  bool m_synchronous = false;
};

}  // namespace sunplan::viewer
