// `sunplan init DIR`: a commented scenario template to fill in.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan::cli {

int run_init(const InitOptions& options) {
  namespace fs = std::filesystem;
  const fs::path folder(options.folder);
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw ResourceError("cannot create folder " + folder.string() + ": " + ec.message());
  const fs::path file = folder / "scenario.toml";
  if (fs::exists(file) && !options.force)
    throw UsageError(file.string() + " exists (use --force to overwrite)");
  const fs::path temp = folder / "scenario.toml.tmp";
  {
    std::ofstream out(temp, std::ios::binary);
    out << schema::scenario_template();
    if (!out) throw ResourceError("cannot write " + temp.string());
  }
  fs::rename(temp, file, ec);
  if (ec) throw ResourceError("cannot write " + file.string() + ": " + ec.message());
  std::printf("wrote %s\n", file.string().c_str());
  return 0;
}

int print_schema(const std::string& what) {
  std::fputs(
      (what == "markdown" ? schema::reference_markdown() : schema::scenario_template()).c_str(),
      stdout);
  if (what == "markdown") std::fputs("\n", stdout);
  return 0;
}

}  // namespace sunplan::cli
