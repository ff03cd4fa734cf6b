// A GLSL program from its vertex and fragment shader sources, for every drawer of the
// viewer (map layers, density surfaces, basemap tiles).
//
//   const unsigned program = link_program(kVertexSource, kFragmentSource);
#pragma once

namespace sunplan::viewer {

// Throws std::runtime_error with the compiler's log when a shader does not compile, or
// when the program does not link.
unsigned link_program(const char* vertex_source, const char* fragment_source);

}  // namespace sunplan::viewer
