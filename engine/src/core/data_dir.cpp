#include "sunplan/core/data_dir.hpp"

#include <cstdlib>
#include <system_error>

#include "sunplan/core/error.hpp"

namespace sunplan {

namespace fs = std::filesystem;

std::vector<fs::path> data_dirs() {
  std::vector<fs::path> dirs;
  if (const char* env = std::getenv("SUNPLAN_DATA_DIR"); env && *env) dirs.emplace_back(env);
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) dirs.push_back((exe.parent_path() / ".." / "share" / "sunplan").lexically_normal());
#ifdef SUNPLAN_BUILD_DATA_DIR
  dirs.emplace_back(SUNPLAN_BUILD_DATA_DIR);
#endif
  return dirs;
}

fs::path find_data_file(const std::string& relative) {
  std::string tried;
  for (const fs::path& dir : data_dirs()) {
    std::error_code ec;
    const fs::path p = dir / relative;
    if (fs::is_regular_file(p, ec)) return p;
    tried += (tried.empty() ? "" : ", ") + p.string();
  }
  throw ResourceError("data file " + relative + " not found (tried " + tried +
                      "; set SUNPLAN_DATA_DIR to the folder holding it)");
}

}  // namespace sunplan
