// sunplan-viewer: a thin main; the app lives in app.cpp.
#include <cstdio>

#include "app.hpp"
#include "args.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/version.hpp"

int main(int argc, char** argv) {
  try {
    const sunplan::viewer::Args args = sunplan::viewer::parse_args(argc, argv);
    if (args.help) {
      std::fputs(sunplan::viewer::usage_text(), stdout);
      return 0;
    }
    if (args.version) {
      std::printf("sunplan-viewer %s (%s)\n", sunplan::kVersion, sunplan::git_revision());
      return 0;
    }
    return sunplan::viewer::run_app(args);
  } catch (const sunplan::Error& e) {
    std::fprintf(stderr, "sunplan-viewer: %s\n", e.what());
    if (e.code() == sunplan::ExitCode::usage) std::fputs(sunplan::viewer::usage_text(), stderr);
    return static_cast<int>(e.code());
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sunplan-viewer: %s\n", e.what());
    return static_cast<int>(sunplan::ExitCode::failure);
  }
}
