#include "basemap_drawer.hpp"

#include <chrono>
#include <cmath>
#include <stdexcept>
#include <string>

#include "density_view.hpp"
#include "gl.hpp"
#include "gl_program.hpp"
#include "textured_quad.hpp"
#include "worker.hpp"

namespace sunplan::viewer {

namespace {

constexpr const char* kVs = R"(#version 330 core
layout(location = 0) in vec2 a_pos;
layout(location = 1) in vec2 a_uv;
uniform vec2 u_scale;
out vec2 v_uv;
void main() {
  v_uv = a_uv;
  gl_Position = vec4(a_pos * u_scale, 0.0, 1.0);
})";

constexpr const char* kFs = R"(#version 330 core
in vec2 v_uv;
uniform sampler2D u_tiles;
out vec4 o_colour;
void main() {
  vec4 c = texture(u_tiles, v_uv);
  if (c.a <= 0.0) discard;
  o_colour = c;
})";

// The picture's extent and scale, in the density surface's terms (view + a quarter per side).
DensityPlan plan_tiles(const Camera& cam) {
  DensityPlan p;
  const Box v = cam.visible();
  const double mx = (v.max_x - v.min_x) / 4, my = (v.max_y - v.min_y) / 4;
  p.extent = Box{v.min_x - mx, v.min_y - my, v.max_x + mx, v.max_y + my};
  p.cols = static_cast<int>(std::lround((p.extent.max_x - p.extent.min_x) / cam.metres_per_px));
  p.rows = static_cast<int>(std::lround((p.extent.max_y - p.extent.min_y) / cam.metres_per_px));
  p.metres_per_px = cam.metres_per_px;
  return p;
}

constexpr double kBasemapSettleSeconds = 0.15;

}  // namespace

struct BasemapDrawer::State {
  scene::BasemapSource source;
  unsigned program = 0, texture = 0, vao = 0, vbo = 0;
  struct Result {
    DensityPlan plan;
    scene::RasterImage image;
  };
  Job<Result> job;
  DensityPlan plan;  // of the texture on the GPU
  bool have = false;
  int zoom = -1;
  Vec2 last_centre;
  double last_mpp = 0;
  std::chrono::steady_clock::time_point last_move;
};

BasemapDrawer::BasemapDrawer(scene::BasemapSource source) : m_state(std::make_unique<State>()) {
  State& s = *m_state;
  s.source = std::move(source);
  s.program = link_program(kVs, kFs);
  glGenTextures(1, &s.texture);
  glGenVertexArrays(1, &s.vao);
  glGenBuffers(1, &s.vbo);
}

BasemapDrawer::~BasemapDrawer() {
  m_state->job.cancel();
  m_state->job.wait();
  glDeleteTextures(1, &m_state->texture);
  glDeleteVertexArrays(1, &m_state->vao);
  glDeleteBuffers(1, &m_state->vbo);
  glDeleteProgram(m_state->program);
}

bool BasemapDrawer::busy() const {
  return m_state->job.running();
}
int BasemapDrawer::zoom() const {
  return m_state->have ? m_state->zoom : -1;
}

void BasemapDrawer::draw(const Camera& cam) {
  State& s = *m_state;
  if (cam.centre != s.last_centre || cam.metres_per_px != s.last_mpp) {
    s.last_centre = cam.centre;
    s.last_mpp = cam.metres_per_px;
    s.last_move = std::chrono::steady_clock::now();
  }
  auto task = [source = s.source, plan = plan_tiles(cam)](Progress&) {
    return State::Result{
        plan, scene::render_basemap(source, "EPSG:3857", plan.extent, plan.cols, plan.rows)};
  };
  std::optional<State::Result> fresh;
  const bool stale = !s.have || !density_covers(s.plan, cam);
  if (stale && m_synchronous) {
    NullProgress progress;
    fresh = task(progress);
  } else {
    fresh = s.job.take_result();
    const double still_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - s.last_move).count();
    if (!fresh && stale && !s.job.running() && (!s.have || still_s >= kBasemapSettleSeconds))
      s.job.start(task, "basemap");
  }
  if (fresh) {
    glBindTexture(GL_TEXTURE_2D, s.texture);
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA8, fresh->image.width, fresh->image.height, 0, GL_RGBA,
                 GL_UNSIGNED_BYTE, fresh->image.rgba.data());
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_NEAREST);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    s.plan = fresh->plan;
    s.zoom = fresh->image.zoom;
    s.have = true;
  }
  if (!s.have) return;
  // Corners relative to the camera centre; row 0 of the image is its north edge.
  upload_textured_quad(s.vao, s.vbo, s.plan.extent, cam.centre, TextureRows::north_first);
  glUseProgram(s.program);
  const float scale[2] = {static_cast<float>(2.0 / (cam.width_px * cam.metres_per_px)),
                          static_cast<float>(2.0 / (cam.height_px * cam.metres_per_px))};
  glUniform2fv(glGetUniformLocation(s.program, "u_scale"), 1, scale);
  glUniform1i(glGetUniformLocation(s.program, "u_tiles"), 0);
  glActiveTexture(GL_TEXTURE0);
  glBindTexture(GL_TEXTURE_2D, s.texture);
  glEnable(GL_BLEND);
  glBlendFunc(GL_SRC_ALPHA, GL_ONE_MINUS_SRC_ALPHA);
  glDrawArrays(GL_TRIANGLES, 0, 6);
  glBindVertexArray(0);
}

}  // namespace sunplan::viewer
