// Draws a Scene with OpenGL 3.3 from our own buffers (never ImDrawList): triangles for
// polygon fills, GL_LINES for outlines and line layers, instanced quads for point symbols,
// and one textured quad per point layer drawn as a density surface.
//
//   MapRenderer map;                 // needs a current GL 3.3 context
//   map.upload(scene);               // once per scene: vertices relative to its centre
//   map.draw(scene, view_style, camera);   // every frame; recolours only what changed
//
// Culling: features whose bounds miss the view, or that are smaller than half a pixel,
// are skipped by drawing the remaining index ranges with one glMultiDrawElements.
// Levels of detail: a polygon layer with simplified levels (scene/lod.hpp) draws the
// coarsest one whose error stays under 1 px. Point layers are uploaded in the order of
// scene/point_tiles.hpp: only the grid tiles meeting the view are drawn, and when the view
// holds more points than the budget (about one symbol's area per screen pixel, at most
// kMaxPointsPerLayer) a stable 1-in-2^m sample of them, each kept point in its own colour
// and shape; point_thinning() tells the legend. Density surfaces are computed on a worker
// thread when the view has moved off the last grid (or zoomed by 1.5×) and stayed still
// for a moment, so panning never waits; set_synchronous(true) computes them in the frame
// (screenshots, benchmarks).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
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
  std::size_t triangles = 0;        // polygon fill triangles submitted
  int lod_level = 0;                // the coarsest level drawn this frame (0 = full geometry)
  std::size_t points_drawn = 0;     // point symbols submitted (instances)
  std::uint32_t points_one_in = 1;  // the thinnest point sample drawn: 1 in this many
};

// A point layer drawn as a sample this frame ("showing 1 in k").
struct PointThinning {
  int layer = -1;
  std::uint32_t one_in = 1;
  std::size_t drawn = 0;  // symbols submitted (tiles meeting the view)
};

// What the legend shows for a density layer.
struct DensityLegend {
  int layer = -1;
  double bandwidth_ground_m = 0.0;
  double ramp_top = 0.0;  // youth per km² at the ramp's high colour
  bool computing = false;
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
  void set_synchronous(bool on) { m_synchronous = on; }
  void set_lod(bool on) { m_lod = on; }
  // Off: every point layer draws every point in the tiles meeting the view.
  void set_point_thinning(bool on) { m_thin_points = on; }
  // Layers drawn as a sample in the last frame.
  const std::vector<PointThinning>& point_thinning() const { return m_thinning; }
  // A density job runs or waits for the view to settle: keep frames coming.
  bool busy() const;
  std::vector<DensityLegend> density_legends() const;
  // Milliseconds of the last density computation (0 before the first).
  double last_density_ms() const { return m_last_density_ms; }

 private:
  struct GpuGeometry;
  struct GpuLayer;
  struct DensityState;
  void recolour(const scene::Layer& layer, GpuLayer& gpu, const LayerStyle& style);
  void draw_density(const scene::Layer& layer, int index, GpuLayer& gpu, const LayerStyle& style,
                    const Camera& camera, const float* offset, const float* scale);
  // The steps of draw: the frame's state, then each layer's fill, outlines or points.
  struct Frame;
  Frame begin_frame(const Camera& camera);
  void draw_fill(const scene::Layer& layer, GpuLayer& gpu, GpuGeometry& level, const Frame& frame);
  void draw_outlines(const scene::Layer& layer, GpuLayer& gpu, GpuGeometry& level,
                     const LayerStyle& style, const Camera& camera, const Frame& frame);
  void draw_points(int index, GpuLayer& gpu, const LayerStyle& style, const Camera& camera,
                   const Frame& frame);
  void draw_point_runs(GpuLayer& gpu);
  // The steps of upload: each level of a polygon or line layer, a point layer's instances.
  struct LevelArrays;
  GpuGeometry upload_level(const scene::Layer& layer, const LevelArrays& arrays);
  void upload_points(const scene::Layer& layer, GpuLayer& gpu);
  void release();

  unsigned m_area_program = 0, m_point_program = 0, m_density_program = 0;
  unsigned m_quad_vbo = 0, m_ramp_texture = 0;
  Vec2 m_origin;
  std::vector<GpuLayer> m_layers;
  DrawStats m_stats;
  bool m_synchronous = false;
  bool m_lod = true;
  bool m_thin_points = true;
  std::vector<PointThinning> m_thinning;
  double m_last_density_ms = 0.0;
  // When the camera last moved, to start density work only once the view settles.
  Vec2 m_last_centre;
  double m_last_mpp = 0.0;
  std::chrono::steady_clock::time_point m_last_move;
};

}  // namespace sunplan::viewer
