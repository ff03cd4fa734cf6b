// Spreadsheets and CSV files as office software writes them, made readable by GDAL's CSV
// driver: text decoded to UTF-8 (GBK/GB18030 from Excel's "CSV" export on a Chinese system),
// title rows above the header skipped (a registry's "XX区持证残疾人名册" merged across the
// columns), empty header cells named. Internal to io.
//
//   auto t = prepare_office_table(spec, {"户籍地址", "姓名"});
//   if (t) open t->open_path instead of spec.source (t->memory keeps it alive), report t->note.
//
// Rules (docs/registries.md):
//  * Which files: .csv, .tsv, .txt (read as CSV) and .xlsx, .xlsm, .xls, .ods (each sheet read
//    with every cell as text, through GDAL's drivers with their own header guess turned off).
//  * Encoding of a CSV: the scenario's `encoding` when given; else UTF-8 when the bytes are
//    valid UTF-8 (a BOM is dropped), else the first of GBK, GB18030, BIG5 that decodes every
//    byte; the note says which. Bytes that decode in none are left to the per-value checks.
//  * The header row: among the first 50 non-empty rows, the first that holds every column the
//    scenario names (fields, x/y, address, divisions); when it names none, the first row with
//    at least two cells, at least 60 % as many as the widest row, none of them a number.
//    Rows above it are titles and are skipped; the note gives its row number.
//  * Empty header cells are named column_<n>; a repeated name gets _2, _3, ...
//  * Trailing empty rows are dropped; every other row is kept, so data row k (the row number
//    problems give) is the k-th row under the header.
// A source that needs none of this (UTF-8 CSV with its header on the first line) is opened
// as it is: nullopt.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/io/scenario.hpp"

namespace sunplan::io {

// A /vsimem/ file, removed when the last owner goes.
class MemoryFile {
 public:
  MemoryFile(std::string path, std::string contents);
  ~MemoryFile();
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  const std::string& path() const { return m_path; }

 private:
  std::string m_path;
  std::string m_contents;  // GDAL reads the buffer in place
};

struct OfficeTable {
  std::string open_path;               // a /vsimem/ CSV
  std::shared_ptr<MemoryFile> memory;  // keeps it alive as long as the dataset
  std::string note;                    // what was done, for the layer's report
  bool decoded = false;                // text is UTF-8 now: the layer's encoding is applied
  std::int64_t header_row = 1;         // 1-based row of the header in the original
};

bool is_office_table(const std::string& source);

// The columns a layer spec names (mapped fields, x/y, address, division columns).
std::vector<std::string> named_columns(const LayerSpec& spec);

// Throws InputError naming the file when it cannot be read.
std::optional<OfficeTable> prepare_office_table(const LayerSpec& spec);

}  // namespace sunplan::io
