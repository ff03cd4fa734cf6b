// Draws a Scene with OpenGL 3.3 from our own buffers (never ImDrawList): triangles for
// polygon fills, GL_LINES for outlines and line layers, instanced quads for point symbols.
//
//   MapRenderer map;                 // needs a current GL 3.3 context
//   map.upload(scene);               // once per scene: vertices relative to its centre
//   map.draw(scene, view_style, camera);   // every frame; recolours only what changed
//
// Culling: features whose bounds miss the view, or that are smaller than half a pixel,
// are skipped by drawing the remaining index ranges with one glMultiDrawElements.
#pragma once

#include <cstdint>
#include <vector>

#include "camera.hpp"
#include "colormap.hpp"
#include "layer_style.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::viewer {

struct DrawStats {
  std::size_t features_drawn = 0;
  std::size_t features_culled = 0;
  std::size_t draw_calls = 0;
};

class MapRenderer {
 public:
  MapRenderer();
  ~MapRenderer();
  MapRenderer(const MapRenderer&) = delete;
  MapRenderer& operator=(const MapRenderer&) = delete;

  void upload(const scene::Scene& scene);
  void draw(const scene::Scene& scene, const ViewStyle& style, const Camera& camera);
  const DrawStats& stats() const { return m_stats; }

 private:
  struct GpuLayer;
  void recolour(const scene::Layer& layer, GpuLayer& gpu, const LayerStyle& style);
  void release();

  unsigned m_area_program = 0, m_point_program = 0;
  unsigned m_quad_vbo = 0;
  Vec2 m_origin;
  std::vector<GpuLayer> m_layers;
  DrawStats m_stats;
};

}  // namespace sunplan::viewer
