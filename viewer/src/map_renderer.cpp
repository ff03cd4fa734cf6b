#include "map_renderer.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "density_view.hpp"
#include "gl.hpp"
#include "gl_program.hpp"
#include "sunplan/scene/density_grid.hpp"
#include "sunplan/scene/lod.hpp"
#include "sunplan/scene/point_tiles.hpp"
#include "textured_quad.hpp"
#include "worker.hpp"

namespace sunplan::viewer {

namespace {

constexpr const char* kAreaVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec4 a_colour;
uniform vec2 u_offset;
uniform vec2 u_scale;
out vec4 v_colour;
void main() {
  v_colour = a_colour;
  gl_Position = vec4((a_pos - u_offset) * u_scale, 0.0, 1.0);
})";

constexpr const char* kAreaFs = R"(#version 330 core
in vec4 v_colour;
out vec4 o_colour;
void main() { o_colour = v_colour; })";

constexpr const char* kPointVs = R"(#version 330 core
layout(location = 0) in vec2 a_corner;
layout(location = 1) in vec2 a_pos;
layout(location = 2) in vec4 a_colour;
layout(location = 3) in float a_shape;
uniform vec2 u_offset;
uniform vec2 u_scale;
uniform vec2 u_px_to_ndc;
uniform float u_size_px;
out vec4 v_colour;
out vec2 v_corner_in;
flat out int v_shape;
void main() {
  v_colour = a_colour;
  v_corner_in = a_corner;
  v_shape = int(a_shape + 0.5);
  vec2 centre = (a_pos - u_offset) * u_scale;
  gl_Position = vec4(centre + a_corner * 0.5 * u_size_px * u_px_to_ndc, 0.0, 1.0);
  gl_PointSize = u_size_px;  // sprites: a_corner is (0, 0)
})";

// Shapes: 0 circle, 1 square, 2 diamond, 3 star (chosen sites); a dark rim when u_border is set.
// u_sprite: drawn as GL_POINTS, the corner comes from gl_PointCoord (y down).
constexpr const char* kPointFs = R"(#version 330 core
in vec4 v_colour;
in vec2 v_corner_in;
flat in int v_shape;
uniform int u_border;
uniform int u_sprite;
out vec4 o_colour;
void main() {
  vec2 v_corner = u_sprite != 0 ? vec2(2.0 * gl_PointCoord.x - 1.0, 1.0 - 2.0 * gl_PointCoord.y)
                                : v_corner_in;
  float d;
  if (v_shape == 1) d = max(abs(v_corner.x), abs(v_corner.y));
  else if (v_shape == 2) d = abs(v_corner.x) + abs(v_corner.y);
  else if (v_shape == 3) {
    // five-pointed star: the radius limit swings between 0.45 and 1 with the angle a from
    // straight up; cos(5a) = T5(cos a) with cos a = y / r, so no atan, cos or pow (llvmpipe
    // evaluates every branch for every fragment, and these made all points 4x slower).
    float r = length(v_corner);
    float c = r > 0.0 ? v_corner.y / r : 1.0;
    float c2 = c * c;
    float t = 0.5 + 0.5 * (((16.0 * c2 - 20.0) * c2 + 5.0) * c);
    d = r / (0.42 + 0.58 * t * t * t);
  }
  else d = length(v_corner);
  if (d > 1.0) discard;
  if (u_border != 0 && d > 0.72) o_colour = vec4(0.12, 0.12, 0.12, v_colour.a);
  else o_colour = v_colour;
})";

// The density grid (GL_R32F, youth/km²) through the colour ramp texture; t <= 0 is empty.
constexpr const char* kDensityVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
uniform vec2 u_offset;
uniform vec2 u_scale;
out vec2 v_uv;
void main() {
  v_uv = a_uv;
  gl_Position = vec4((a_pos - u_offset) * u_scale, 0.0, 1.0);
})";

constexpr const char* kDensityFs = R"(#version 330 core
in vec2 v_uv;
uniform sampler2D u_grid;
uniform sampler2D u_ramp;
uniform float u_top;
uniform float u_opacity;
out vec4 o_colour;
void main() {
  float t = texture(u_grid, v_uv).r / u_top;
  if (!(t > 0.0)) discard;
  vec4 c = texture(u_ramp, vec2(clamp(t, 0.0, 1.0) * (255.0 / 256.0) + 0.5 / 256.0, 0.5));
  o_colour = vec4(c.rgb, c.a * u_opacity);
})";

// Layers with this many points draw them as GL_POINTS sprites: one vertex and one
// primitive per symbol instead of two triangles (about 1.5x cheaper under llvmpipe on the
// city view) and one glMultiDrawArrays for all ranges. A sprite is clipped by its centre, so a
// symbol half off the view's edge vanishes; small layers (bases, sites) keep exact instanced quads.
constexpr std::size_t kSpriteMinPoints = 50000;

bool intersects(const Box& a, const Box& b) {
  return !a.empty() && a.min_x <= b.max_x && a.max_x >= b.min_x && a.min_y <= b.max_y &&
         a.max_y >= b.min_y;
}

}  // namespace

// One level of detail of a polygon layer (or the only geometry of a line layer).
struct MapRenderer::GpuGeometry {
  unsigned fill_vao = 0, fill_pos = 0, fill_col = 0, fill_ebo = 0;
  unsigned line_vao = 0, line_pos = 0, line_ebo = 0;
  const std::vector<scene::Span>* fill_vertex_spans = nullptr;
  const std::vector<scene::Span>* fill_index_spans = nullptr;
  std::size_t fill_vertex_count = 0;
  std::vector<scene::Span> segment_spans;  // per feature, into the GL_LINES index buffer
};

struct MapRenderer::DensityState {
  struct Result {
    DensityPlan plan;
    scene::DensityGrid grid;
    double top = 0.0;
    double ms = 0.0;
  };
  std::shared_ptr<const DensityPoints> points;
  int weight_column = -2;
  Job<Result> job;
  bool have = false;
  DensityPlan plan;  // of the texture on the GPU
  double top = 0.0;
  unsigned texture = 0, vao = 0, vbo = 0;
};

struct MapRenderer::GpuLayer {
  std::vector<GpuGeometry> levels;  // polygon: level 0 = full geometry; line: one
  unsigned point_vao = 0, point_pos = 0, point_col = 0, point_shape = 0;
  unsigned sprite_vao = 0;  // the same buffers per vertex, for GL_POINTS (big layers)
  std::vector<std::uint32_t> instance_feature;  // buffer slot -> feature (tiles.order)
  std::size_t instances = 0;
  scene::PointTiles tiles;
  std::vector<scene::Span> point_runs;  // scratch: the slot ranges drawn this frame
  std::unique_ptr<DensityState> density;
  // What the colour buffers hold now, to recolour only on change.
  int coloured_column = -2;
  float coloured_opacity = -1.0f;
  Rgba coloured_fill{0, 0, 0, 0};
  // Scratch for glMultiDrawElements.
  std::vector<GLsizei> counts;
  std::vector<const void*> offsets;
  std::vector<GLint> firsts;  // and glMultiDrawArrays
};

MapRenderer::MapRenderer() {
  m_area_program = link_program(kAreaVs, kAreaFs);
  m_point_program = link_program(kPointVs, kPointFs);
  m_density_program = link_program(kDensityVs, kDensityFs);
  const float quad[] = {-1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1};
  glGenBuffers(1, &m_quad_vbo);
  glBindBuffer(GL_ARRAY_BUFFER, m_quad_vbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
  // The density ramp as a 256-texel lookup, so the shader and the legend share colormap's.
  std::vector<Rgba> ramp(256);
  for (int i = 0; i < 256; ++i) ramp[static_cast<std::size_t>(i)] = density_colour(i / 255.0);
  glGenTextures(1, &m_ramp_texture);
  glBindTexture(GL_TEXTURE_2D, m_ramp_texture);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, 256, 1, 0, GL_RGBA, GL_UNSIGNED_BYTE, ramp.data());
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glBindTexture(GL_TEXTURE_2D, 0);
  m_last_move = std::chrono::steady_clock::now();
}

MapRenderer::~MapRenderer() {
  release();
  glDeleteBuffers(1, &m_quad_vbo);
  glDeleteTextures(1, &m_ramp_texture);
  glDeleteProgram(m_area_program);
  glDeleteProgram(m_point_program);
  glDeleteProgram(m_density_program);
}

void MapRenderer::release() {
  for (GpuLayer& g : m_layers) {
    for (GpuGeometry& lv : g.levels) {
      const unsigned vaos[] = {lv.fill_vao, lv.line_vao};
      const unsigned bufs[] = {lv.fill_pos, lv.fill_col, lv.fill_ebo, lv.line_pos, lv.line_ebo};
      glDeleteVertexArrays(2, vaos);
      glDeleteBuffers(5, bufs);
    }
    const unsigned bufs[] = {g.point_pos, g.point_col, g.point_shape};
    glDeleteVertexArrays(1, &g.point_vao);
    glDeleteVertexArrays(1, &g.sprite_vao);
    glDeleteBuffers(3, bufs);
    if (g.density) {
      g.density->job.cancel();
      g.density->job.wait();
      glDeleteTextures(1, &g.density->texture);
      glDeleteVertexArrays(1, &g.density->vao);
      glDeleteBuffers(1, &g.density->vbo);
    }
  }
  m_layers.clear();
}

// The arrays of one level, whether it is the layer itself (level 0) or a LodLevel.
struct MapRenderer::LevelArrays {
  template <class Level>
  explicit LevelArrays(const Level& l)
      : fill_vertices(l.fill_vertices),
        fill_indices(l.fill_indices),
        fill_vertex_spans(l.fill_vertex_spans),
        fill_index_spans(l.fill_index_spans),
        line_vertices(l.line_vertices),
        line_parts(l.line_parts),
        feature_parts(l.feature_parts) {}

  const std::vector<Vec2>& fill_vertices;
  const std::vector<std::uint32_t>& fill_indices;
  const std::vector<scene::Span>& fill_vertex_spans;
  const std::vector<scene::Span>& fill_index_spans;
  const std::vector<Vec2>& line_vertices;
  const std::vector<scene::Span>& line_parts;
  const std::vector<scene::Span>& feature_parts;
};

namespace {

// Vertices as x, y floats relative to the origin (float precision holds near it).
std::vector<float> map_relative_positions(const std::vector<Vec2>& vertices, Vec2 origin) {
  std::vector<float> pos;
  pos.reserve(vertices.size() * 2);
  for (Vec2 v : vertices) {
    pos.push_back(static_cast<float>(v.x - origin.x));
    pos.push_back(static_cast<float>(v.y - origin.y));
  }
  return pos;
}

// The GL_LINES index pairs of every feature's line parts, and each feature's span of them.
std::vector<std::uint32_t> map_line_segments(std::size_t features,
                                             const std::vector<scene::Span>& feature_parts,
                                             const std::vector<scene::Span>& line_parts,
                                             std::vector<scene::Span>& segment_spans) {
  std::vector<std::uint32_t> seg;
  segment_spans.reserve(features);
  for (std::size_t f = 0; f < features; ++f) {
    const auto first = static_cast<std::uint32_t>(seg.size());
    const scene::Span fp = feature_parts[f];
    for (std::uint32_t k = fp.first; k < fp.first + fp.count; ++k) {
      const scene::Span part = line_parts[k];
      for (std::uint32_t v = part.first; v + 1 < part.first + part.count; ++v) {
        seg.push_back(v);
        seg.push_back(v + 1);
      }
    }
    segment_spans.push_back({first, static_cast<std::uint32_t>(seg.size()) - first});
  }
  return seg;
}

// A new array buffer holding `bytes` of `data` (nullptr: storage to fill later), bound to the
// current vertex array as attribute `attribute` of `size` components of `type`.
GLuint attribute_buffer(std::size_t bytes, const void* data, GLenum usage, GLuint attribute,
                        GLint size, GLenum type, GLboolean normalized = GL_FALSE) {
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(GL_ARRAY_BUFFER, buffer);
  glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(bytes), data, usage);
  glEnableVertexAttribArray(attribute);
  glVertexAttribPointer(attribute, size, type, normalized, 0, nullptr);
  return buffer;
}

// A new element buffer of 32-bit indexes, bound to the current vertex array.
GLuint index_buffer(const std::vector<std::uint32_t>& indices) {
  GLuint buffer = 0;
  glGenBuffers(1, &buffer);
  glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, buffer);
  glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(indices.size() * 4), indices.data(),
               GL_STATIC_DRAW);
  return buffer;
}

}  // namespace

void MapRenderer::upload(const scene::Scene& scene) {
  release();
  m_origin = scene.bounds.empty() ? Vec2{}
                                  : Vec2{(scene.bounds.min_x + scene.bounds.max_x) / 2,
                                         (scene.bounds.min_y + scene.bounds.max_y) / 2};
  m_layers.resize(scene.layers.size());
  for (std::size_t li = 0; li < scene.layers.size(); ++li) {
    const scene::Layer& l = scene.layers[li];
    GpuLayer& g = m_layers[li];
    if (l.kind == scene::LayerKind::polygon || l.kind == scene::LayerKind::line) {
      g.levels.push_back(upload_level(l, LevelArrays(l)));
      for (const scene::LodLevel& lod : l.lods)
        g.levels.push_back(upload_level(l, LevelArrays(lod)));
    }
    if (l.kind == scene::LayerKind::point) upload_points(l, g);
  }
  glBindVertexArray(0);
}

MapRenderer::GpuGeometry MapRenderer::upload_level(const scene::Layer& l, const LevelArrays& a) {
  GpuGeometry lv;
  lv.fill_vertex_spans = &a.fill_vertex_spans;
  lv.fill_index_spans = &a.fill_index_spans;
  if (l.kind == scene::LayerKind::polygon && !a.fill_indices.empty()) {
    const std::vector<float> pos = map_relative_positions(a.fill_vertices, m_origin);
    glGenVertexArrays(1, &lv.fill_vao);
    glBindVertexArray(lv.fill_vao);
    lv.fill_pos =
        attribute_buffer(pos.size() * sizeof(float), pos.data(), GL_STATIC_DRAW, 0, 2, GL_FLOAT);
    lv.fill_col = attribute_buffer(a.fill_vertices.size() * 4, nullptr, GL_DYNAMIC_DRAW, 1, 4,
                                   GL_UNSIGNED_BYTE, GL_TRUE);
    lv.fill_ebo = index_buffer(a.fill_indices);
    lv.fill_vertex_count = a.fill_vertices.size();
  }
  if (!a.line_parts.empty()) {
    const std::vector<float> pos = map_relative_positions(a.line_vertices, m_origin);
    const std::vector<std::uint32_t> seg =
        map_line_segments(l.size(), a.feature_parts, a.line_parts, lv.segment_spans);
    glGenVertexArrays(1, &lv.line_vao);
    glBindVertexArray(lv.line_vao);
    lv.line_pos =
        attribute_buffer(pos.size() * sizeof(float), pos.data(), GL_STATIC_DRAW, 0, 2, GL_FLOAT);
    glDisableVertexAttribArray(1);  // one colour per layer, set with glVertexAttrib4f
    lv.line_ebo = index_buffer(seg);
  }
  return lv;
}

void MapRenderer::upload_points(const scene::Layer& l, GpuLayer& g) {
  // Slots in tile and sample order; instance_feature keeps each slot's feature, so
  // colours, shapes and picking still refer to the layer's features.
  g.tiles = scene::build_point_tiles(l.anchors, {});
  g.instance_feature = g.tiles.order;
  std::vector<float> pos;
  pos.reserve(g.instance_feature.size() * 2);
  for (std::uint32_t f : g.instance_feature) {
    pos.push_back(static_cast<float>(l.anchors[f].x - m_origin.x));
    pos.push_back(static_cast<float>(l.anchors[f].y - m_origin.y));
  }
  g.instances = g.instance_feature.size();
  glGenVertexArrays(1, &g.point_vao);
  glBindVertexArray(g.point_vao);
  glBindBuffer(GL_ARRAY_BUFFER, m_quad_vbo);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
  g.point_pos =
      attribute_buffer(pos.size() * sizeof(float), pos.data(), GL_STATIC_DRAW, 1, 2, GL_FLOAT);
  glVertexAttribDivisor(1, 1);
  g.point_col =
      attribute_buffer(g.instances * 4, nullptr, GL_DYNAMIC_DRAW, 2, 4, GL_UNSIGNED_BYTE, GL_TRUE);
  glVertexAttribDivisor(2, 1);
  const std::vector<float> all_shapes = feature_shapes(l);
  std::vector<float> shapes;
  for (std::uint32_t f : g.instance_feature) shapes.push_back(all_shapes[f]);
  g.point_shape = attribute_buffer(shapes.size() * sizeof(float), shapes.data(), GL_STATIC_DRAW, 3,
                                   1, GL_FLOAT);
  glVertexAttribDivisor(3, 1);
  if (g.instances >= kSpriteMinPoints) {
    // The same buffers per vertex, for GL_POINTS.
    glGenVertexArrays(1, &g.sprite_vao);
    glBindVertexArray(g.sprite_vao);
    glBindBuffer(GL_ARRAY_BUFFER, g.point_pos);
    glEnableVertexAttribArray(1);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, g.point_col);
    glEnableVertexAttribArray(2);
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
    glBindBuffer(GL_ARRAY_BUFFER, g.point_shape);
    glEnableVertexAttribArray(3);
    glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, 0, nullptr);
  }
  g.density = std::make_unique<DensityState>();
}

void MapRenderer::recolour(const scene::Layer& l, GpuLayer& g, const LayerStyle& s) {
  if (g.coloured_column == s.choropleth_column && g.coloured_opacity == s.opacity &&
      g.coloured_fill == s.fill_colour)
    return;
  g.coloured_column = s.choropleth_column;
  g.coloured_opacity = s.opacity;
  g.coloured_fill = s.fill_colour;
  const std::vector<Rgba> colours = feature_colours(l, s);
  if (l.kind == scene::LayerKind::polygon) {
    for (GpuGeometry& lv : g.levels) {
      if (!lv.fill_col) continue;
      std::vector<Rgba> per_vertex(lv.fill_vertex_count);
      for (std::size_t f = 0; f < l.size(); ++f) {
        const scene::Span sp = (*lv.fill_vertex_spans)[f];
        for (std::uint32_t v = sp.first; v < sp.first + sp.count; ++v) per_vertex[v] = colours[f];
      }
      glBindBuffer(GL_ARRAY_BUFFER, lv.fill_col);
      glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(per_vertex.size() * 4),
                      per_vertex.data());
    }
  } else if (l.kind == scene::LayerKind::point && g.point_col) {
    std::vector<Rgba> per_instance;
    per_instance.reserve(g.instances);
    for (std::uint32_t f : g.instance_feature) per_instance.push_back(colours[f]);
    glBindBuffer(GL_ARRAY_BUFFER, g.point_col);
    glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(per_instance.size() * 4),
                    per_instance.data());
  }
}

namespace {

// Visible features' index ranges, adjacent ones merged, as glMultiDrawElements arguments.
// Returns how many features were kept; `indices` gets the number of indices submitted.
std::size_t visible_runs(const scene::Layer& l, const std::vector<scene::Span>& spans,
                         const Box& view, double min_size_m, std::vector<GLsizei>& counts,
                         std::vector<const void*>& offsets, std::size_t* indices = nullptr) {
  counts.clear();
  offsets.clear();
  std::size_t kept = 0, submitted = 0;
  std::uint64_t run_first = 0, run_end = 0;
  bool open = false;
  for (std::size_t f = 0; f < spans.size(); ++f) {
    const scene::Span s = spans[f];
    if (s.count == 0) continue;
    const Box& b = l.feature_bounds[f];
    if (!intersects(b, view)) continue;
    if (b.max_x - b.min_x < min_size_m && b.max_y - b.min_y < min_size_m) continue;
    ++kept;
    submitted += s.count;
    if (open && s.first == run_end) {
      run_end += s.count;
      continue;
    }
    if (open) {
      counts.push_back(static_cast<GLsizei>(run_end - run_first));
      offsets.push_back(reinterpret_cast<const void*>(run_first * 4));
    }
    run_first = s.first;
    run_end = static_cast<std::uint64_t>(s.first) + s.count;
    open = true;
  }
  if (open) {
    counts.push_back(static_cast<GLsizei>(run_end - run_first));
    offsets.push_back(reinterpret_cast<const void*>(run_first * 4));
  }
  if (indices) *indices = submitted;
  return kept;
}

// Points drawn at once per layer, at most: under llvmpipe a 4 px sprite costs about
// 0.5 µs (2 shared cores), so this keeps a frame's points near 25 ms.
constexpr std::size_t kMaxPointsPerLayer = 50000;
// Symbols' total area over the view's pixels: above about one the map is a solid smear
// that more points do not change.
constexpr double kPointCoverage = 1.0;

std::size_t point_budget(const Camera& cam, float size_px) {
  const double area_px = std::max(1.0, 0.785 * size_px * size_px);  // the disc in its quad
  const double fit = kPointCoverage * cam.width_px * cam.height_px / area_px;
  return static_cast<std::size_t>(std::min(static_cast<double>(kMaxPointsPerLayer), fit));
}

// How long the view must stay still before a density job starts.
constexpr double kDensitySettleSeconds = 0.15;

}  // namespace

bool MapRenderer::busy() const {
  for (const GpuLayer& g : m_layers)
    if (g.density && g.density->job.running()) return true;
  return false;
}

std::vector<DensityLegend> MapRenderer::density_legends() const {
  std::vector<DensityLegend> out;
  for (std::size_t i = 0; i < m_layers.size(); ++i) {
    const DensityState* d = m_layers[i].density.get();
    if (!d || (!d->have && !d->job.running())) continue;
    out.push_back({static_cast<int>(i), d->plan.bandwidth_ground_m, d->top, d->job.running()});
  }
  return out;
}

void MapRenderer::draw_density(const scene::Layer& l, int index, GpuLayer& g, const LayerStyle& s,
                               const Camera& cam, const float* offset, const float* scale) {
  (void)index;
  DensityState& d = *g.density;
  if (!d.points || d.weight_column != s.weight_column) {
    d.points = std::make_shared<const DensityPoints>(density_points(l, s.weight_column));
    d.weight_column = s.weight_column;
    d.have = false;
  }
  using Result = DensityState::Result;
  auto task = [points = d.points, plan = plan_density(cam, s.density_bandwidth_px)](Progress& p) {
    const auto t0 = std::chrono::steady_clock::now();
    Result r;
    r.plan = plan;
    r.grid = compute_density(*points, plan, p);
    r.top = scene::density_ramp_top(r.grid);
    r.ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    return r;
  };
  std::optional<Result> fresh;
  const bool stale = !d.have || !density_covers(d.plan, cam) ||
                     std::abs(d.plan.bandwidth_ground_m -
                              plan_density(cam, s.density_bandwidth_px).bandwidth_ground_m) >
                         0.5 * d.plan.bandwidth_ground_m;
  if (stale && m_synchronous) {
    NullProgress progress;
    fresh = task(progress);
  } else {
    fresh = d.job.take_result();
    const double still_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - m_last_move).count();
    if (!fresh && stale && !d.job.running() && (!d.have || still_s >= kDensitySettleSeconds))
      d.job.start(task, "density");
  }
  if (fresh) {
    const scene::DensityGrid& grid = fresh->grid;
    std::vector<float> texels(grid.values.begin(), grid.values.end());
    if (!d.texture) {
      glGenTextures(1, &d.texture);
      glGenVertexArrays(1, &d.vao);
      glGenBuffers(1, &d.vbo);
    }
    glBindTexture(GL_TEXTURE_2D, d.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 4);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_R32F, grid.cols, grid.rows, 0, GL_RED, GL_FLOAT,
                 texels.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    upload_textured_quad(d.vao, d.vbo, grid.extent, m_origin, TextureRows::south_first);
    d.plan = fresh->plan;
    d.top = fresh->top;
    d.have = true;
    m_last_density_ms = fresh->ms;
  }
  if (!d.have || !(d.top > 0.0)) return;
  glUseProgram(m_density_program);
  glUniform2fv(glGetUniformLocation(m_density_program, "u_offset"), 1, offset);
  glUniform2fv(glGetUniformLocation(m_density_program, "u_scale"), 1, scale);
  glUniform1f(glGetUniformLocation(m_density_program, "u_top"), static_cast<float>(d.top));
  glUniform1f(glGetUniformLocation(m_density_program, "u_opacity"), s.opacity);
  glUniform1i(glGetUniformLocation(m_density_program, "u_grid"), 0);
  glUniform1i(glGetUniformLocation(m_density_program, "u_ramp"), 1);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, d.texture);
  glActiveTexture(GL_TEXTURE1);
  glBindTexture(GL_TEXTURE_2D, m_ramp_texture);
  glBindVertexArray(d.vao);
  glDrawArrays(GL_TRIANGLES, 0, 6);
  glActiveTexture(GL_TEXTURE0);
  ++m_stats.draw_calls;
  m_stats.features_drawn += l.size();
}

// What every layer of one frame is drawn with: the camera as the shaders take it, and the
// view features are culled against.
struct MapRenderer::Frame {
  float offset[2];
  float scale[2];
  Box view;
  double min_size_m;  // features smaller than this on both axes are not drawn
};

MapRenderer::Frame MapRenderer::begin_frame(const Camera& cam) {
  m_stats = {};
  m_thinning.clear();
  if (cam.centre != m_last_centre || cam.metres_per_px != m_last_mpp) {
    m_last_centre = cam.centre;
    m_last_mpp = cam.metres_per_px;
    m_last_move = std::chrono::steady_clock::now();
  }
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  const Frame f{{static_cast<float>(cam.centre.x - m_origin.x),
                 static_cast<float>(cam.centre.y - m_origin.y)},
                {static_cast<float>(2.0 / (cam.width_px * cam.metres_per_px)),
                 static_cast<float>(2.0 / (cam.height_px * cam.metres_per_px))},
                cam.visible(),
                0.5 * cam.metres_per_px};

  glUseProgram(m_area_program);
  glUniform2fv(glGetUniformLocation(m_area_program, "u_offset"), 1, f.offset);
  glUniform2fv(glGetUniformLocation(m_area_program, "u_scale"), 1, f.scale);
  glUseProgram(m_point_program);
  glUniform2fv(glGetUniformLocation(m_point_program, "u_offset"), 1, f.offset);
  glUniform2fv(glGetUniformLocation(m_point_program, "u_scale"), 1, f.scale);
  const float px_to_ndc[2] = {2.0f / static_cast<float>(cam.width_px),
                              2.0f / static_cast<float>(cam.height_px)};
  glUniform2fv(glGetUniformLocation(m_point_program, "u_px_to_ndc"), 1, px_to_ndc);
  return f;
}

void MapRenderer::draw_fill(const scene::Layer& l, GpuLayer& g, GpuGeometry& lv, const Frame& f) {
  glUseProgram(m_area_program);
  glBindVertexArray(lv.fill_vao);
  std::size_t indices = 0;
  const std::size_t kept =
      visible_runs(l, *lv.fill_index_spans, f.view, f.min_size_m, g.counts, g.offsets, &indices);
  m_stats.features_drawn += kept;
  m_stats.features_culled += l.size() - kept;
  m_stats.triangles += indices / 3;
  if (!g.counts.empty()) {
    glMultiDrawElements(GL_TRIANGLES, g.counts.data(), GL_UNSIGNED_INT, g.offsets.data(),
                        static_cast<GLsizei>(g.counts.size()));
    ++m_stats.draw_calls;
  }
}

void MapRenderer::draw_outlines(const scene::Layer& l, GpuLayer& g, GpuGeometry& lv,
                                const LayerStyle& s, const Camera& cam, const Frame& f) {
  // Outlines of many small units turn into noise when zoomed out: skip them below
  // ~6 px per unit on average.
  const bool outlines_readable =
      l.kind != scene::LayerKind::polygon || !s.fill ||
      std::sqrt((l.bounds.max_x - l.bounds.min_x) * (l.bounds.max_y - l.bounds.min_y) /
                static_cast<double>(std::max<std::size_t>(1, l.size()))) /
              cam.metres_per_px >
          6.0;
  if (!outlines_readable) return;
  glUseProgram(m_area_program);
  glBindVertexArray(lv.line_vao);
  const float a =
      l.kind == scene::LayerKind::polygon && s.fill ? 0.55f : std::min(1.0f, s.opacity + 0.3f);
  glVertexAttrib4f(1, s.line_colour.r / 255.0f, s.line_colour.g / 255.0f, s.line_colour.b / 255.0f,
                   l.kind == scene::LayerKind::line ? s.opacity : a);
  visible_runs(l, lv.segment_spans, f.view, f.min_size_m, g.counts, g.offsets);
  if (!g.counts.empty()) {
    glMultiDrawElements(GL_LINES, g.counts.data(), GL_UNSIGNED_INT, g.offsets.data(),
                        static_cast<GLsizei>(g.counts.size()));
    ++m_stats.draw_calls;
  }
  if (l.kind == scene::LayerKind::line) m_stats.features_drawn += l.size();
}

void MapRenderer::draw_point_runs(GpuLayer& g) {
  if (g.sprite_vao) {
    glUniform1i(glGetUniformLocation(m_point_program, "u_sprite"), 1);
    glEnable(GL_PROGRAM_POINT_SIZE);
    glBindVertexArray(g.sprite_vao);
    glVertexAttrib2f(0, 0.0f, 0.0f);
    g.firsts.clear();
    g.counts.clear();
    for (const scene::Span& run : g.point_runs) {
      g.firsts.push_back(static_cast<GLint>(run.first));
      g.counts.push_back(static_cast<GLsizei>(run.count));
    }
    if (!g.counts.empty()) {
      glMultiDrawArrays(GL_POINTS, g.firsts.data(), g.counts.data(),
                        static_cast<GLsizei>(g.counts.size()));
      ++m_stats.draw_calls;
    }
    glDisable(GL_PROGRAM_POINT_SIZE);
    glUniform1i(glGetUniformLocation(m_point_program, "u_sprite"), 0);
    return;
  }
  // GL 3.3 has no base instance: point the instanced attributes at each range.
  for (const scene::Span& run : g.point_runs) {
    glBindBuffer(GL_ARRAY_BUFFER, g.point_pos);
    glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 0,
                          reinterpret_cast<const void*>(std::uintptr_t{run.first} * 8));
    glBindBuffer(GL_ARRAY_BUFFER, g.point_col);
    glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0,
                          reinterpret_cast<const void*>(std::uintptr_t{run.first} * 4));
    glBindBuffer(GL_ARRAY_BUFFER, g.point_shape);
    glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, 0,
                          reinterpret_cast<const void*>(std::uintptr_t{run.first} * 4));
    glDrawArraysInstanced(GL_TRIANGLES, 0, 6, static_cast<GLsizei>(run.count));
    ++m_stats.draw_calls;
  }
}

void MapRenderer::draw_points(int index, GpuLayer& g, const LayerStyle& s, const Camera& cam,
                              const Frame& f) {
  glUseProgram(m_point_program);
  glUniform1f(glGetUniformLocation(m_point_program, "u_size_px"), s.point_size_px);
  glUniform1i(glGetUniformLocation(m_point_program, "u_border"), s.point_size_px >= 6.0f ? 1 : 0);
  glBindVertexArray(g.point_vao);
  // A symbol whose centre is just outside the view still shows its edge.
  const double pad_m = 0.5 * s.point_size_px * cam.metres_per_px;
  const Box padded{f.view.min_x - pad_m, f.view.min_y - pad_m, f.view.max_x + pad_m,
                   f.view.max_y + pad_m};
  const int level = m_thin_points ? scene::choose_thinning_level(g.tiles, padded,
                                                                 point_budget(cam, s.point_size_px))
                                  : 0;
  const std::size_t drawn = scene::visible_point_runs(g.tiles, padded, level, g.point_runs);
  draw_point_runs(g);
  const auto one_in = std::uint32_t{1} << level;
  if (level > 0) m_thinning.push_back({index, one_in, drawn});
  m_stats.points_drawn += drawn;
  m_stats.points_one_in = std::max(m_stats.points_one_in, one_in);
  m_stats.features_drawn += drawn;
  m_stats.features_culled += g.instances - std::min(g.instances, drawn);
}

void MapRenderer::draw(const scene::Scene& scene, const ViewStyle& style, const Camera& cam) {
  const Frame f = begin_frame(cam);
  for (int li : style.draw_order) {
    const auto idx = static_cast<std::size_t>(li);
    if (idx >= scene.layers.size() || idx >= m_layers.size()) continue;
    const scene::Layer& l = scene.layers[idx];
    const LayerStyle& s = style.layers[idx];
    GpuLayer& g = m_layers[idx];
    if (!s.visible) continue;
    if (l.kind == scene::LayerKind::point && s.density && g.density) {
      draw_density(l, li, g, s, cam, f.offset, f.scale);
      continue;
    }
    recolour(l, g, s);
    std::size_t level = 0;
    if (m_lod && l.kind == scene::LayerKind::polygon) {
      level = std::min(scene::choose_lod(l, cam.metres_per_px), g.levels.size() - 1);
      m_stats.lod_level = std::max(m_stats.lod_level, static_cast<int>(level));
    }
    GpuGeometry* lv = g.levels.empty() ? nullptr : &g.levels[level];
    if (l.kind == scene::LayerKind::polygon && s.fill && lv && lv->fill_vao)
      draw_fill(l, g, *lv, f);
    if (lv && lv->line_vao) draw_outlines(l, g, *lv, s, cam, f);
    if (l.kind == scene::LayerKind::point && g.point_vao && g.instances > 0)
      draw_points(li, g, s, cam, f);
  }
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace sunplan::viewer
