// The history of runs on disk (issue #20, part 2): a GeoPackage holding one record per run
// (`history_runs`) and its figures per unit (`history_units`), marked as a sunplan history by a
// `history_meta` table. Appending adds one run in one SQLite transaction, so a failure leaves
// the file as it was; earlier records are never rewritten. A file that exists but is no
// sunplan history (a result, an input) is refused before anything is written to it.
// `file` may also be a PostGIS connection ("PG:dbname=... active_schema=..."): the same three
// tables in that database (its active schema), made with the first run in one transaction; a
// database that has some of them but no mark is refused likewise.
#pragma once

#include <filesystem>
#include <vector>

#include "sunplan/monitor/history_record.hpp"

namespace sunplan::io {

// The runs recorded so far, in the order appended; empty when the file does not exist.
// Throws InputError naming the file when it exists but is no sunplan history.
std::vector<monitor::HistoryRun> read_history(const std::filesystem::path& file);

// Appends `run` (its run_id is ignored: the next number is given) and returns that run_id.
// Creates the file when missing (written under a temporary name and renamed). Throws
// InputError for a foreign file, ResourceError when the file cannot be written.
std::int64_t append_history(const std::filesystem::path& file, const monitor::HistoryRun& run);

}  // namespace sunplan::io
