#include "textured_quad.hpp"

#include "gl.hpp"

namespace sunplan::viewer {

void upload_textured_quad(unsigned vao, unsigned vbo, const Box& e, Vec2 origin, TextureRows rows) {
  const auto fx = [&](double x) { return static_cast<float>(x - origin.x); };
  const auto fy = [&](double y) { return static_cast<float>(y - origin.y); };
  // v of the south and north edges.
  const float s = rows == TextureRows::south_first ? 0.0f : 1.0f, n = 1.0f - s;
  const float quad[] = {fx(e.min_x), fy(e.min_y), 0, s, fx(e.max_x), fy(e.min_y), 1, s,
                        fx(e.max_x), fy(e.max_y), 1, n, fx(e.min_x), fy(e.min_y), 0, s,
                        fx(e.max_x), fy(e.max_y), 1, n, fx(e.min_x), fy(e.max_y), 0, n};
  glBindVertexArray(vao);
  glBindBuffer(GL_ARRAY_BUFFER, vbo);
  glBufferData(GL_ARRAY_BUFFER, sizeof quad, quad, GL_DYNAMIC_DRAW);
  glEnableVertexAttribArray(0);
  glVertexAttribPointer(0, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float), nullptr);
  glEnableVertexAttribArray(1);
  glVertexAttribPointer(1, 2, GL_FLOAT, GL_FALSE, 4 * sizeof(float),
                        reinterpret_cast<const void*>(2 * sizeof(float)));
}

}  // namespace sunplan::viewer
