#include "gl_program.hpp"

#include <stdexcept>
#include <string>

#include "gl.hpp"

namespace sunplan::viewer {

namespace {

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

}  // namespace

unsigned link_program(const char* vertex_source, const char* fragment_source) {
  const unsigned p = glCreateProgram();
  const unsigned v = compile(GL_VERTEX_SHADER, vertex_source),
                 f = compile(GL_FRAGMENT_SHADER, fragment_source);
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

}  // namespace sunplan::viewer
