// `sunplan locate TABLE --address FIELD [--province F ...] -o OUT`: place a registry's rows from
// their addresses and division names with the gazetteer, offline.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/locate.hpp"

namespace sunplan::cli {

CLI::App* add_locate_command(CLI::App& app, LocateCommandOptions& o) {
  auto* cmd = app.add_subcommand(
      "locate",
      "Place a registry's rows from their addresses and division names, offline (gazetteer)");
  cmd->add_option("table", o.options.table,
                  "The registry: XLSX/XLS/ODS, CSV (UTF-8 or GBK) or any table GDAL reads")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--address", o.options.address, "The address column, e.g. 户籍地址");
  for (const char* level : {"province", "city", "county", "township", "village"})
    cmd->add_option(std::string("--") + level, o.divisions[level],
                    std::string("The column holding the ") + level + " name");
  cmd->add_option("-o,--output", o.options.output,
                  "The located table: .csv (UTF-8 with BOM, opens in Excel), .xlsx or .gpkg "
                  "(points in WGS84); holds every input column except the address, then "
                  "county_code, township_code, village_code, match_level, score, ambiguous, "
                  "candidates, note, point_source, lon, lat")
      ->required();
  cmd->add_option("--layer", o.options.layer, "Sheet or layer (default: the first)");
  cmd->add_option("--encoding", o.options.encoding,
                  "Text encoding of a CSV (default: UTF-8 when it decodes, else GBK/GB18030)");
  cmd->add_option("--gazetteer", o.options.gazetteer,
                  "Another gazetteer file (default: the one shipped with sunplan)");
  return cmd;
}

int run_locate(LocateCommandOptions& o, const CommonOptions& common) {
  for (const auto& [level, column] : o.divisions)
    if (!column.empty()) o.options.divisions[level] = column;
  o.options.force = common.force;
  TerminalProgress progress(common.json ? ProgressStyle::quiet : common.progress);
  const LocateTableResult r = locate_table(o.options, progress);
  const LocateSummary& s = r.summary;
  const std::int64_t placed = s.village + s.township;
  if (common.json) {
    nlohmann::json j = {{"table", o.options.table},
                        {"output", o.options.output},
                        {"gazetteer", s.gazetteer},
                        {"rows", s.rows},
                        {"village", s.village},
                        {"township", s.township},
                        {"county", s.county},
                        {"none", s.none},
                        {"ambiguous", s.ambiguous},
                        {"via_newer_name", s.via_newer_name},
                        {"unmatched_rows", s.unmatched_rows},
                        {"ambiguous_rows", s.ambiguous_rows},
                        {"notes", r.notes}};
    std::printf("%s\n", j.dump(2).c_str());
  } else {
    fmt::print("located {} rows of {}\n", s.rows, o.options.table);
    for (const auto& n : r.notes) fmt::print("  ({})\n", n);
    auto line = [&](const char* what, std::int64_t n, const char* tail) {
      fmt::print("  {:<9} {:>9}  {:5.1f} %{}\n", what, n, 100 * s.share(n), tail);
    };
    line("village", s.village, "");
    line("township", s.township, "");
    line("county", s.county, "   not placed (no township)");
    line("none", s.none, "   not placed");
    if (s.ambiguous) fmt::print("  of these, {} ambiguous (several places fit)\n", s.ambiguous);
    if (s.via_newer_name)
      fmt::print("  {} matched through a newer (2023) name\n", s.via_newer_name);
    if (const std::string rows = s.unplaced_rows_text(); !rows.empty())
      fmt::print("rows not placed: {}\n", rows);
    fmt::print("wrote {} ({} rows; the address column left out)\n", o.options.output,
               r.rows_written);
  }
  if (s.rows > 0 && placed == 0)
    throw InputError(o.options.table, "", -1, o.options.address,
                     "no row could be placed (see the note column of " + o.options.output + ")");
  return 0;
}

}  // namespace sunplan::cli
