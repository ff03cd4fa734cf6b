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
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan::cli {

namespace {

namespace fs = std::filesystem;

// Written under the output rules: a temporary renamed at the end, never over an input, and an
// existing scenario (the user's work) replaced only with --force.
void write_file(OutputTransaction& out, const fs::path& file, const std::string& text) {
  const fs::path temp = out.plan(file, Existing::refuse);
  {
    std::ofstream stream(temp, std::ios::binary);
    stream << text;
    stream.close();
    if (!stream) throw ResourceError("cannot write " + temp.string());
  }
  out.commit();
}

}  // namespace

int run_init(const InitOptions& options, const CommonOptions& common) {
  const fs::path folder(options.folder);
  const fs::path file = folder / "scenario.toml";
  // Never over an existing scenario without --force, nor over a --from source, and before
  // anything is read or made.
  OutputTransaction out;
  out.force = common.force;
  for (const std::string& f : options.from) out.protect(f, "a --from source");
  out.check(file, Existing::refuse);
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
  if (!draft) {
    write_file(out, file, schema::scenario_template());
    std::printf("wrote %s\n", file.string().c_str());
    return 0;
  }
  write_file(out, file, draft->text);
  if (!common.json) {
    fmt::print("wrote {} from {} layers:\n", file.string(), draft->layers.size());
    for (const LayerChoice& c : draft->layers)
      fmt::print("  {:<28} {}\n", c.layer->layer,
                 c.role.empty() ? "not used" + (c.why.empty() ? "" : " — " + c.why)
                                : c.role + " — " + c.why);
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
