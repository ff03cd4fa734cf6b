// OpenGL 3.3 core entry points. libGL (glvnd) exports every core function, so we call
// them directly with prototypes instead of a loader library.
#pragma once

#define GL_GLEXT_PROTOTYPES 1
#include <GL/glcorearb.h>
