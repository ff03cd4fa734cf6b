// One textured rectangle for glDrawArrays(GL_TRIANGLES, 0, 6): a picture laid over the map
// (density surface, basemap tiles). Attribute 0 is the corner relative to `origin` (floats
// keep sub-pixel precision near it), attribute 1 the texture coordinate.
//
//   upload_textured_quad(vao, vbo, grid.extent, origin, TextureRows::south_first);
#pragma once

#include "sunplan/core/geometry.hpp"

namespace sunplan::viewer {

// Where the texture's row 0 lies: a grid computed south to north, or an image whose row 0
// is its north edge.
enum class TextureRows { south_first, north_first };

void upload_textured_quad(unsigned vao, unsigned vbo, const Box& extent, Vec2 origin,
                          TextureRows rows);

}  // namespace sunplan::viewer
