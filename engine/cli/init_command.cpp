// `sunplan init DIR`: a commented scenario template to fill in.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan::cli {

int run_init(const InitOptions& options) {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(options.folder) / "scenario.toml";
  OutputTransaction out;  // an existing scenario is the user's work: replaced only with --force
  out.force = options.force;
  const fs::path temp = out.plan(file, Existing::refuse);
  {
    std::ofstream text(temp, std::ios::binary);
    text << schema::scenario_template();
    text.close();
    if (!text) throw ResourceError("cannot write " + temp.string());
  }
  out.commit();
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
