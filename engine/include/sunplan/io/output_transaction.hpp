// Every file one command writes, under one set of rules, committed together.
//
//   OutputTransaction out;                      // out.force = true for --force
//   out.protect_scenario(scenario);             // the scenario, every layer source, targets file
//   const auto gpkg = out.plan("out/r.gpkg");   // checked now; returns the temporary to write
//   const auto md = out.plan("out/r-report.md");
//   write(gpkg); write(md);                     // nothing under a final name yet
//   out.commit();                               // every temporary renamed into place, as a set
//   // leaving the scope without commit() (an error, Ctrl-C) removes every temporary
//
// The rules (docs/reliability.md, "Outputs"):
// * An output never resolves to an input: real paths and device/inode are compared, so
//   "./sub/../in.gpkg", symlinks and hard links are caught; an input's side files (a
//   Shapefile's .dbf/.shx/..., SQLite's -wal/-shm) count as the input, and nothing is written
//   into a folder that is itself an input source. --force does not lift this.
// * An existing file is replaced only when it is a sunplan output of the same kind
//   (is_sunplan_output); anything else is refused unless `force`. Files added to a folder
//   (Existing::refuse) never replace an existing name without `force`.
// * Temporaries are named "<stem>.tmp-<pid>-<random><ext>" beside their final name (same file
//   system, so the rename is atomic; the extension is kept because GDAL picks a driver by it).
// * commit() renames the whole set; when one rename fails the files already renamed are put
//   back as they were. Nothing is deleted that this transaction did not create: folders it
//   made are removed again on failure only when still empty.
// * Every live temporary is also in a process-wide registry, so a signal handler can remove
//   them (discard_all_temporaries) when the command cannot unwind in time.
//
// Refusals are UsageError (exit 2): the command line or scenario names the wrong path.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sunplan {

struct Scenario;

// What an existing file under the final name may be replaced by this output.
enum class Existing {
  replace_sunplan_output,  // a sunplan output of the same kind is replaced; anything else refused
  refuse,                  // an existing name is refused (folder members, `init`'s scenario)
};

class OutputTransaction {
 public:
  OutputTransaction();
  ~OutputTransaction();  // rolls back unless committed
  OutputTransaction(const OutputTransaction&) = delete;
  OutputTransaction& operator=(const OutputTransaction&) = delete;

  bool force = false;  // --force: replace existing files that are not inputs

  // An input of the command, never to be written over or into. `what` names it in messages
  // ("layers.youth source"). Paths that do not exist are remembered by name.
  void protect(const std::filesystem::path& input, const std::string& what);
  // The scenario file and every file-based input it names (layer sources, [targets] file).
  void protect_scenario(const Scenario& scenario);
  // A sunplan result being read (export, atlas) and the files it was made from, as its
  // run_metadata records them (scenario_file, input_file.<role>).
  void protect_result(const std::filesystem::path& result);

  // Checks `final_path` against the rules and returns the temporary path to write it at.
  // Missing parent folders are created (and removed on rollback when still empty).
  std::filesystem::path plan(const std::filesystem::path& final_path,
                             Existing existing = Existing::replace_sunplan_output);
  // A private folder beside `near` for tools that write several files of their own naming
  // (GDAL's Shapefile side files); removed with its content when the transaction ends.
  std::filesystem::path work_folder(const std::filesystem::path& near);
  // A file written in a work folder, to be renamed to `final_path` on commit (checked as plan).
  void adopt(const std::filesystem::path& written, const std::filesystem::path& final_path,
             Existing existing = Existing::refuse);
  // Checks a final path without planning it (e.g. before a long computation).
  void check(const std::filesystem::path& final_path,
             Existing existing = Existing::replace_sunplan_output) const;

  // Renames every planned file into place; throws ResourceError (after putting back what it
  // had renamed) when the set cannot be completed.
  void commit();
  // Final paths, in the order they were planned.
  std::vector<std::filesystem::path> final_paths() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Is `path` an output sunplan wrote (a result or problems GeoPackage with sunplan's
// run_metadata table, a report, map, KML or GeoTIFF carrying sunplan's generator mark, a PDF
// whose Creator is sunplan)?
// How each kind is recognised is in docs/reliability.md.
bool is_sunplan_output(const std::filesystem::path& path);

// Removes every temporary of every live transaction and refuses new ones; for a signal
// handler that gives up waiting for the command to unwind (see engine/cli/signals.cpp).
void discard_all_temporaries() noexcept;

// The marks that make a file recognisable as a sunplan output (see is_sunplan_output).
constexpr const char* kSunplanGeneratorMark = "sunplan-generator";  // html meta, svg, kml
constexpr const char* kSunplanReportTitle = "# sunplan report";     // first line of the .md
constexpr const char* kSunplanTiffSoftware = "sunplan";             // TIFFTAG_SOFTWARE prefix

}  // namespace sunplan
