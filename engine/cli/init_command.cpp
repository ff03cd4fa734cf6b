// `sunplan init DIR [--from FILE...]`: a scenario written from the user's files (then checked),
// or the commented template generated from the schema table.
#include <fmt/format.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/draft_scenario.hpp"
#include "sunplan/io/inspect.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan::cli {

namespace {

namespace fs = std::filesystem;

// Written to a temporary name and renamed, so a failed write leaves no half scenario.
void write_file(const fs::path& file, const std::string& text) {
  const fs::path temp = fs::path(file).concat(".tmp");
  {
    std::ofstream out(temp, std::ios::binary);
    out << text;
    if (!out) throw ResourceError("cannot write " + temp.string());
  }
  std::error_code ec;
  fs::rename(temp, file, ec);
  if (ec) throw ResourceError("cannot write " + file.string() + ": " + ec.message());
}

}  // namespace

int run_init(const InitOptions& options, const CommonOptions& common) {
  const fs::path folder(options.folder);
  const fs::path file = folder / "scenario.toml";
  // Never over an existing scenario without --force, and before anything is read or made.
  if (fs::exists(file) && !options.force)
    throw UsageError(file.string() + " exists (use --force to overwrite)");
  std::map<std::string, std::string> roles;
  for (const std::string& r : options.roles) {
    const auto eq = r.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == r.size())
      throw UsageError("--as " + r + ": give NAME=ROLE, e.g. --as poi_hospital=bases");
    roles[r.substr(0, eq)] = r.substr(eq + 1);
  }
  if (!roles.empty() && options.from.empty()) throw UsageError("--as needs --from");

  std::vector<std::string> skipped;
  const std::vector<std::string> sources = data_sources(options.from, skipped);
  if (!options.from.empty() && sources.empty())
    throw UsageError("--from: no data source among the files given");
  std::vector<LayerSummary> layers;
  for (const std::string& source : sources)
    for (LayerSummary& l : inspect_source(source)) layers.push_back(std::move(l));

  // Everything is decided before the folder is made: a failure leaves nothing behind.
  const std::optional<ScenarioDraft> draft =
      options.from.empty() ? std::nullopt
                           : std::optional(draft_scenario(layers, DraftOptions{folder, roles, ""}));
  std::error_code ec;
  fs::create_directories(folder, ec);
  if (ec) throw ResourceError("cannot create folder " + folder.string() + ": " + ec.message());
  if (!draft) {
    write_file(file, schema::scenario_template());
    std::printf("wrote %s\n", file.string().c_str());
    return 0;
  }
  write_file(file, draft->text);
  if (!common.json) {
    fmt::print("wrote {} from {} layers:\n", file.string(), draft->layers.size());
    for (const LayerChoice& c : draft->layers)
      fmt::print("  {:<28} {}\n", c.layer->layer,
                 c.role.empty() ? std::string("not used") : c.role + " — " + c.why);
    for (const std::string& s : skipped) fmt::print("  not read: {}\n", s);
    fmt::print("\n");
  }
  // Then the scenario is checked, as the user would next.
  CheckOptions check;
  check.scenario = file.string();
  return run_check(check, common);
}

int print_schema(const std::string& what) {
  std::fputs(
      (what == "markdown" ? schema::reference_markdown() : schema::scenario_template()).c_str(),
      stdout);
  if (what == "markdown") std::fputs("\n", stdout);
  return 0;
}

}  // namespace sunplan::cli
