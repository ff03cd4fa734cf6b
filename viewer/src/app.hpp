// The viewer application: window, ImGui, the map and the panels, interactive or one
// headless frame (--screenshot).
//
//   Args args = parse_args(argc, argv);
//   return run_app(args);   // exit code: 0 ok, 3 unreadable input, 4 no GL / cannot write PNG
#pragma once

#include "args.hpp"

namespace sunplan::viewer {

int run_app(const Args& args);

}  // namespace sunplan::viewer
