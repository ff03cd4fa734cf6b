// Registries without coordinates: rows placed from their address and division names through
// the gazetteer, offline (docs/registries.md).
//
//   // the verb: sunplan locate registry.xlsx --address 户籍地址 -o located.csv
//   LocateTableOptions o{.table = "registry.xlsx", .address = "户籍地址", .output = "located.csv"};
//   LocateSummary s = locate_table(o, progress);   // s.village, s.township, s.unmatched_rows ...
//
//   // the loader: a layer with `address = "户籍地址"` reads its rows' points this way
//   GazetteerSession gazetteer(gazetteer_path(scenario));
//   const gazetteer::AddressMatcher& m = gazetteer.matcher(progress);   // read once per run
//
// The address text is read, matched and forgotten: it is never written to an output, a log, a
// problem or a message. Rows are named by their row number only.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/gazetteer/address_matcher.hpp"

namespace sunplan {

struct Scenario;

// How a layer's rows were placed: rows per match level, and the rows that were not placed.
struct LocateSummary {
  static constexpr std::size_t kListedRows = 200;  // row numbers listed at most, per kind

  bool used = false;
  std::string gazetteer;  // the file used
  std::int64_t rows = 0;  // rows matched (rows rejected before matching are not counted)
  std::int64_t village = 0, township = 0, county = 0, none = 0;
  std::int64_t ambiguous = 0;                // of county and none: several places fit
  std::int64_t via_newer_name = 0;           // matched through a 2023 name
  std::int64_t at_village_point = 0;         // placed at their village's point
  std::int64_t spread_in_township = 0;       // placed inside their township by the spread rule
  std::int64_t outside_townships = 0;        // matched to a township the townships layer lacks
  std::vector<std::int64_t> unmatched_rows;  // none or county only, not ambiguous
  std::vector<std::int64_t> ambiguous_rows;
  std::int64_t unmatched_total = 0, ambiguous_total = 0;

  void count(const gazetteer::PlaceMatch& m, std::int64_t row);
  double share(std::int64_t n) const { return rows ? static_cast<double>(n) / rows : 0.0; }
  // "12 unmatched (rows 3, 17, ...); 2 ambiguous (rows 8, 40)" for messages and reports.
  std::string unplaced_rows_text(std::size_t listed = 20) const;
};

// The gazetteer a scenario uses: [locate] gazetteer (relative to its folder), else the one
// shipped with sunplan. Throws InputError when there is none.
std::filesystem::path gazetteer_path(const Scenario& scenario);

// Reads the gazetteer and builds its index on first use (about 2 s of CPU), once per run.
class GazetteerSession {
 public:
  explicit GazetteerSession(std::filesystem::path file);
  ~GazetteerSession();
  const gazetteer::AddressMatcher& matcher(Progress& progress);
  const std::filesystem::path& file() const { return m_file; }

 private:
  std::filesystem::path m_file;
  std::unique_ptr<gazetteer::Gazetteer> m_gazetteer;
  std::unique_ptr<gazetteer::AddressMatcher> m_matcher;
};

// `sunplan locate`.
struct LocateTableOptions {
  std::string table;  // any table GDAL reads; CSV and spreadsheets as office software writes them
  std::string layer;  // sheet or layer; empty = the first
  std::string encoding;  // empty = detected
  std::string address;   // the address column (may be empty when divisions are given)
  std::map<std::string, std::string> divisions;  // province/city/county/township/village → column
  std::string output;                            // .csv, .gpkg or .xlsx
  std::string gazetteer;                         // empty = the shipped one
  bool force = false;                            // replace an existing output
};

struct LocateTableResult {
  LocateSummary summary;
  std::int64_t rows_written = 0;
  std::vector<std::string> notes;  // reading notes (encoding, title rows, renamed columns)
};

// Writes OUT: every input column except the address, then the match columns (county_code,
// township_code, village_code, match_level, score, ambiguous, candidates, note, point_source,
// lon, lat). Throws UsageError for a bad option, InputError for an unreadable table or column.
LocateTableResult locate_table(const LocateTableOptions& options, Progress& progress);

}  // namespace sunplan
