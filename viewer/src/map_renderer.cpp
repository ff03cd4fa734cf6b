#include "map_renderer.hpp"

#include <cmath>
#include <stdexcept>
#include <string>

#include "gl.hpp"

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
out vec2 v_corner;
flat out int v_shape;
void main() {
  v_colour = a_colour;
  v_corner = a_corner;
  v_shape = int(a_shape + 0.5);
  vec2 centre = (a_pos - u_offset) * u_scale;
  gl_Position = vec4(centre + a_corner * 0.5 * u_size_px * u_px_to_ndc, 0.0, 1.0);
})";

// Shapes: 0 circle, 1 square, 2 diamond, 3 star (chosen sites); a dark rim when u_border is set.
constexpr const char* kPointFs = R"(#version 330 core
in vec4 v_colour;
in vec2 v_corner;
flat in int v_shape;
uniform int u_border;
out vec4 o_colour;
void main() {
  float d;
  if (v_shape == 1) d = max(abs(v_corner.x), abs(v_corner.y));
  else if (v_shape == 2) d = abs(v_corner.x) + abs(v_corner.y);
  else if (v_shape == 3) {
    // five-pointed star: the radius limit swings between 0.45 and 1 with the angle
    float a = atan(v_corner.y, v_corner.x) - 1.5707963;
    float k = pow(0.5 + 0.5 * cos(5.0 * a), 3.0);
    d = length(v_corner) / (0.42 + 0.58 * k);
  }
  else d = length(v_corner);
  if (d > 1.0) discard;
  if (u_border != 0 && d > 0.72) o_colour = vec4(0.12, 0.12, 0.12, v_colour.a);
  else o_colour = v_colour;
})";

unsigned compile(GLenum type, const char* src) {
  const unsigned s = glCreateShader(type);
  glShaderSource(s, 1, &src, nullptr);
  glCompileShader(s);
  GLint ok = 0;
  glGetShaderiv(s, GL_COMPILE_STATUS, &ok);
  if (!ok) {
    char log[2048];
    glGetShaderInfoLog(s, sizeof log, nullptr, log);
    throw std::runtime_error(std::string("shader: ") + log);
  }
  return s;
}

unsigned link(const char* vs, const char* fs) {
  const unsigned p = glCreateProgram();
  const unsigned v = compile(GL_VERTEX_SHADER, vs), f = compile(GL_FRAGMENT_SHADER, fs);
  glAttachShader(p, v);
  glAttachShader(p, f);
  glLinkProgram(p);
  glDeleteShader(v);
  glDeleteShader(f);
  GLint ok = 0;
  glGetProgramiv(p, GL_LINK_STATUS, &ok);
  if (!ok) throw std::runtime_error("shader program does not link");
  return p;
}

bool finite(Vec2 v) {
  return std::isfinite(v.x) && std::isfinite(v.y);
}

bool intersects(const Box& a, const Box& b) {
  return !a.empty() && a.min_x <= b.max_x && a.max_x >= b.min_x && a.min_y <= b.max_y &&
         a.max_y >= b.min_y;
}

}  // namespace

struct MapRenderer::GpuLayer {
  unsigned fill_vao = 0, fill_pos = 0, fill_col = 0, fill_ebo = 0;
  unsigned line_vao = 0, line_pos = 0, line_ebo = 0;
  unsigned point_vao = 0, point_pos = 0, point_col = 0, point_shape = 0;
  std::vector<scene::Span> segment_spans;  // per feature, into the GL_LINES index buffer
  std::vector<std::uint32_t> instance_feature;
  std::size_t fill_index_count = 0, segment_index_count = 0, instances = 0;
  // What the colour buffers hold now, to recolour only on change.
  int coloured_column = -2;
  float coloured_opacity = -1.0f;
  Rgba coloured_fill{0, 0, 0, 0};
  // Scratch for glMultiDrawElements.
  std::vector<GLsizei> counts;
  std::vector<const void*> offsets;
};

MapRenderer::MapRenderer() {
  m_area_program = link(kAreaVs, kAreaFs);
  m_point_program = link(kPointVs, kPointFs);
  const float quad[] = {-1, -1, 1, -1, 1, 1, -1, -1, 1, 1, -1, 1};
  glGenBuffers(1, &m_quad_vbo);
  glBindBuffer(GL_ARRAY_BUFFER, m_quad_vbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_STATIC_DRAW);
}

MapRenderer::~MapRenderer() {
  release();
  glDeleteBuffers(1, &m_quad_vbo);
  glDeleteProgram(m_area_program);
  glDeleteProgram(m_point_program);
}

void MapRenderer::release() {
  for (GpuLayer& g : m_layers) {
    const unsigned vaos[] = {g.fill_vao, g.line_vao, g.point_vao};
    const unsigned bufs[] = {g.fill_pos, g.fill_col,  g.fill_ebo,  g.line_pos,
                             g.line_ebo, g.point_pos, g.point_col, g.point_shape};
    glDeleteVertexArrays(3, vaos);
    glDeleteBuffers(8, bufs);
  }
  m_layers.clear();
}

void MapRenderer::upload(const scene::Scene& scene) {
  release();
  m_origin = scene.bounds.empty() ? Vec2{}
                                  : Vec2{(scene.bounds.min_x + scene.bounds.max_x) / 2,
                                         (scene.bounds.min_y + scene.bounds.max_y) / 2};
  auto rel = [&](Vec2 v, std::vector<float>& out) {
    out.push_back(static_cast<float>(v.x - m_origin.x));
    out.push_back(static_cast<float>(v.y - m_origin.y));
  };
  m_layers.resize(scene.layers.size());
  for (std::size_t li = 0; li < scene.layers.size(); ++li) {
    const scene::Layer& l = scene.layers[li];
    GpuLayer& g = m_layers[li];
    if (l.kind == scene::LayerKind::polygon && !l.fill_indices.empty()) {
      std::vector<float> pos;
      pos.reserve(l.fill_vertices.size() * 2);
      for (Vec2 v : l.fill_vertices) rel(v, pos);
      glGenVertexArrays(1, &g.fill_vao);
      glBindVertexArray(g.fill_vao);
      glGenBuffers(1, &g.fill_pos);
      glBindBuffer(GL_ARRAY_BUFFER, g.fill_pos);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(pos.size() * sizeof(float)), pos.data(),
                   GL_STATIC_DRAW);
      glEnableVertexAttribArray(0);
      glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
      glGenBuffers(1, &g.fill_col);
      glBindBuffer(GL_ARRAY_BUFFER, g.fill_col);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(l.fill_vertices.size() * 4), nullptr,
                   GL_DYNAMIC_DRAW);
      glEnableVertexAttribArray(1);
      glVertexAttribPointer(1, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
      glGenBuffers(1, &g.fill_ebo);
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.fill_ebo);
      glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(l.fill_indices.size() * 4),
                   l.fill_indices.data(), GL_STATIC_DRAW);
      g.fill_index_count = l.fill_indices.size();
    }
    if (!l.line_parts.empty()) {
      std::vector<float> pos;
      pos.reserve(l.line_vertices.size() * 2);
      for (Vec2 v : l.line_vertices) rel(v, pos);
      std::vector<std::uint32_t> seg;
      g.segment_spans.reserve(l.size());
      for (std::size_t f = 0; f < l.size(); ++f) {
        const auto first = static_cast<std::uint32_t>(seg.size());
        const scene::Span fp = l.feature_parts[f];
        for (std::uint32_t k = fp.first; k < fp.first + fp.count; ++k) {
          const scene::Span part = l.line_parts[k];
          for (std::uint32_t v = part.first; v + 1 < part.first + part.count; ++v) {
            seg.push_back(v);
            seg.push_back(v + 1);
          }
        }
        g.segment_spans.push_back({first, static_cast<std::uint32_t>(seg.size()) - first});
      }
      glGenVertexArrays(1, &g.line_vao);
      glBindVertexArray(g.line_vao);
      glGenBuffers(1, &g.line_pos);
      glBindBuffer(GL_ARRAY_BUFFER, g.line_pos);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(pos.size() * sizeof(float)), pos.data(),
                   GL_STATIC_DRAW);
      glEnableVertexAttribArray(0);
      glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
      glDisableVertexAttribArray(1);  // one colour per layer, set with glVertexAttrib4f
      glGenBuffers(1, &g.line_ebo);
      glBindBuffer(GL_ELEMENT_ARRAY_BUFFER, g.line_ebo);
      glBufferData(GL_ELEMENT_ARRAY_BUFFER, static_cast<GLsizeiptr>(seg.size() * 4), seg.data(),
                   GL_STATIC_DRAW);
      g.segment_index_count = seg.size();
    }
    if (l.kind == scene::LayerKind::point) {
      std::vector<float> pos;
      for (std::size_t f = 0; f < l.anchors.size(); ++f) {
        if (!finite(l.anchors[f])) continue;
        rel(l.anchors[f], pos);
        g.instance_feature.push_back(static_cast<std::uint32_t>(f));
      }
      g.instances = g.instance_feature.size();
      glGenVertexArrays(1, &g.point_vao);
      glBindVertexArray(g.point_vao);
      glBindBuffer(GL_ARRAY_BUFFER, m_quad_vbo);
      glEnableVertexAttribArray(0);
      glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
      glGenBuffers(1, &g.point_pos);
      glBindBuffer(GL_ARRAY_BUFFER, g.point_pos);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(pos.size() * sizeof(float)), pos.data(),
                   GL_STATIC_DRAW);
      glEnableVertexAttribArray(1);
      glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 0, nullptr);
      glVertexAttribDivisor(1, 1);
      glGenBuffers(1, &g.point_col);
      glBindBuffer(GL_ARRAY_BUFFER, g.point_col);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(g.instances * 4), nullptr,
                   GL_DYNAMIC_DRAW);
      glEnableVertexAttribArray(2);
      glVertexAttribPointer(2, 4, GL_UNSIGNED_BYTE, GL_TRUE, 0, nullptr);
      glVertexAttribDivisor(2, 1);
      const std::vector<float> all_shapes = feature_shapes(l);
      std::vector<float> shapes;
      for (std::uint32_t f : g.instance_feature) shapes.push_back(all_shapes[f]);
      glGenBuffers(1, &g.point_shape);
      glBindBuffer(GL_ARRAY_BUFFER, g.point_shape);
      glBufferData(GL_ARRAY_BUFFER, static_cast<GLsizeiptr>(shapes.size() * sizeof(float)),
                   shapes.data(), GL_STATIC_DRAW);
      glEnableVertexAttribArray(3);
      glVertexAttribPointer(3, 1, GL_FLOAT, GL_FALSE, 0, nullptr);
      glVertexAttribDivisor(3, 1);
    }
  }
  glBindVertexArray(0);
}

void MapRenderer::recolour(const scene::Layer& l, GpuLayer& g, const LayerStyle& s) {
  if (g.coloured_column == s.choropleth_column && g.coloured_opacity == s.opacity &&
      g.coloured_fill == s.fill_colour)
    return;
  g.coloured_column = s.choropleth_column;
  g.coloured_opacity = s.opacity;
  g.coloured_fill = s.fill_colour;
  const std::vector<Rgba> colours = feature_colours(l, s);
  if (l.kind == scene::LayerKind::polygon && g.fill_col) {
    std::vector<Rgba> per_vertex(l.fill_vertices.size());
    for (std::size_t f = 0; f < l.size(); ++f) {
      const scene::Span sp = l.fill_vertex_spans[f];
      for (std::uint32_t v = sp.first; v < sp.first + sp.count; ++v) per_vertex[v] = colours[f];
    }
    glBindBuffer(GL_ARRAY_BUFFER, g.fill_col);
    glBufferSubData(GL_ARRAY_BUFFER, 0, static_cast<GLsizeiptr>(per_vertex.size() * 4),
                    per_vertex.data());
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
// Returns how many features were kept.
std::size_t visible_runs(const scene::Layer& l, const std::vector<scene::Span>& spans,
                         const Box& view, double min_size_m, std::vector<GLsizei>& counts,
                         std::vector<const void*>& offsets) {
  counts.clear();
  offsets.clear();
  std::size_t kept = 0;
  std::uint64_t run_first = 0, run_end = 0;
  bool open = false;
  for (std::size_t f = 0; f < spans.size(); ++f) {
    const scene::Span s = spans[f];
    if (s.count == 0) continue;
    const Box& b = l.feature_bounds[f];
    if (!intersects(b, view)) continue;
    if (b.max_x - b.min_x < min_size_m && b.max_y - b.min_y < min_size_m) continue;
    ++kept;
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
  return kept;
}

}  // namespace

void MapRenderer::draw(const scene::Scene& scene, const ViewStyle& style, const Camera& cam) {
  m_stats = {};
  glDisable(GL_DEPTH_TEST);
  glDisable(GL_CULL_FACE);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  const float offset[2] = {static_cast<float>(cam.centre.x - m_origin.x),
                           static_cast<float>(cam.centre.y - m_origin.y)};
  const float scale[2] = {static_cast<float>(2.0 / (cam.width_px * cam.metres_per_px)),
                          static_cast<float>(2.0 / (cam.height_px * cam.metres_per_px))};
  const Box view = cam.visible();
  const double min_size_m = 0.5 * cam.metres_per_px;

  glUseProgram(m_area_program);
  glUniform2fv(glGetUniformLocation(m_area_program, "u_offset"), 1, offset);
  glUniform2fv(glGetUniformLocation(m_area_program, "u_scale"), 1, scale);
  glUseProgram(m_point_program);
  glUniform2fv(glGetUniformLocation(m_point_program, "u_offset"), 1, offset);
  glUniform2fv(glGetUniformLocation(m_point_program, "u_scale"), 1, scale);
  const float px_to_ndc[2] = {2.0f / static_cast<float>(cam.width_px),
                              2.0f / static_cast<float>(cam.height_px)};
  glUniform2fv(glGetUniformLocation(m_point_program, "u_px_to_ndc"), 1, px_to_ndc);

  for (int li : style.draw_order) {
    const auto idx = static_cast<std::size_t>(li);
    if (idx >= scene.layers.size() || idx >= m_layers.size()) continue;
    const scene::Layer& l = scene.layers[idx];
    const LayerStyle& s = style.layers[idx];
    GpuLayer& g = m_layers[idx];
    if (!s.visible) continue;
    recolour(l, g, s);
    if (l.kind == scene::LayerKind::polygon && s.fill && g.fill_vao) {
      glUseProgram(m_area_program);
      glBindVertexArray(g.fill_vao);
      const std::size_t kept =
          visible_runs(l, l.fill_index_spans, view, min_size_m, g.counts, g.offsets);
      m_stats.features_drawn += kept;
      m_stats.features_culled += l.size() - kept;
      if (!g.counts.empty()) {
        glMultiDrawElements(GL_TRIANGLES, g.counts.data(), GL_UNSIGNED_INT, g.offsets.data(),
                            static_cast<GLsizei>(g.counts.size()));
        ++m_stats.draw_calls;
      }
    }
    if (g.line_vao) {
      // Outlines of many small units turn into noise when zoomed out: skip them below
      // ~6 px per unit on average.
      const bool outlines_readable =
          l.kind != scene::LayerKind::polygon || !s.fill ||
          std::sqrt((l.bounds.max_x - l.bounds.min_x) * (l.bounds.max_y - l.bounds.min_y) /
                    static_cast<double>(std::max<std::size_t>(1, l.size()))) /
                  cam.metres_per_px >
              6.0;
      if (outlines_readable) {
        glUseProgram(m_area_program);
        glBindVertexArray(g.line_vao);
        const float a = l.kind == scene::LayerKind::polygon && s.fill
                            ? 0.55f
                            : std::min(1.0f, s.opacity + 0.3f);
        glVertexAttrib4f(1, s.line_colour.r / 255.0f, s.line_colour.g / 255.0f,
                         s.line_colour.b / 255.0f,
                         l.kind == scene::LayerKind::line ? s.opacity : a);
        visible_runs(l, g.segment_spans, view, min_size_m, g.counts, g.offsets);
        if (!g.counts.empty()) {
          glMultiDrawElements(GL_LINES, g.counts.data(), GL_UNSIGNED_INT, g.offsets.data(),
                              static_cast<GLsizei>(g.counts.size()));
          ++m_stats.draw_calls;
        }
        if (l.kind == scene::LayerKind::line) m_stats.features_drawn += l.size();
      }
    }
    if (l.kind == scene::LayerKind::point && g.point_vao && g.instances > 0) {
      glUseProgram(m_point_program);
      glUniform1f(glGetUniformLocation(m_point_program, "u_size_px"), s.point_size_px);
      glUniform1i(glGetUniformLocation(m_point_program, "u_border"),
                  s.point_size_px >= 6.0f ? 1 : 0);
      glBindVertexArray(g.point_vao);
      glDrawArraysInstanced(GL_TRIANGLES, 0, 6, static_cast<GLsizei>(g.instances));
      ++m_stats.draw_calls;
      m_stats.features_drawn += g.instances;
    }
  }
  glBindVertexArray(0);
  glUseProgram(0);
}

}  // namespace sunplan::viewer
