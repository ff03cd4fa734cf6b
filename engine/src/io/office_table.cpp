#include "office_table.hpp"

#include <cpl_conv.h>
#include <cpl_vsi.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>

#include "sunplan/core/error.hpp"
#include "sunplan/gazetteer/text.hpp"
#include "sunplan/io/name_match.hpp"
#include "text_encoding.hpp"

namespace sunplan::io {

namespace {

constexpr std::size_t kScanRows = 50;

std::string lower_extension(const std::string& source) {
  return ascii_lower(std::filesystem::path(source).extension().string());
}

bool is_csv_like(const std::string& ext) {
  return ext == ".csv" || ext == ".tsv" || ext == ".txt";
}
bool is_sheet(const std::string& ext) {
  return ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".ods";
}

std::string trimmed(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t' || s[b] == '\r')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\r')) --e;
  std::string out(s.substr(b, e - b));
  // The ideographic space (U+3000) pads cells typed with a Chinese input method.
  while (out.rfind("\xE3\x80\x80", 0) == 0) out.erase(0, 3);
  while (out.size() >= 3 && out.compare(out.size() - 3, 3, "\xE3\x80\x80") == 0)
    out.resize(out.size() - 3);
  return out;
}

bool looks_numeric(const std::string& cell) {
  const std::string a = gazetteer::fullwidth_cell_to_ascii(cell);
  if (a.empty()) return false;
  bool digit = false;
  for (char c : a) {
    if (std::isdigit(static_cast<unsigned char>(c)))
      digit = true;
    else if (c != '.' && c != '-' && c != '+' && c != '/' && c != ':' && c != ' ' && c != 'e' &&
             c != 'E')
      return false;
  }
  return digit;
}

// One record of a delimited text starting at `pos` (RFC 4180 quoting); advances pos past it.
std::vector<std::string> next_record(std::string_view text, std::size_t& pos, char delimiter) {
  std::vector<std::string> cells(1);
  bool quoted = false;
  while (pos < text.size()) {
    const char c = text[pos++];
    if (quoted) {
      if (c == '"' && pos < text.size() && text[pos] == '"') {
        cells.back() += '"';
        ++pos;
      } else if (c == '"') {
        quoted = false;
      } else {
        cells.back() += c;
      }
    } else if (c == '"' && cells.back().empty()) {
      quoted = true;
    } else if (c == delimiter) {
      cells.emplace_back();
    } else if (c == '\n') {
      break;
    } else if (c != '\r') {
      cells.back() += c;
    }
  }
  return cells;
}

// The separator GDAL will find too: the most frequent of , ; tab | in the first lines.
char sniff_delimiter(std::string_view text) {
  const std::string_view head = text.substr(0, std::min<std::size_t>(text.size(), 64 * 1024));
  char best = ',';
  std::size_t best_count = 0;
  for (char d : {',', '\t', ';', '|'}) {
    const auto n = static_cast<std::size_t>(std::count(head.begin(), head.end(), d));
    if (n > best_count) {
      best = d;
      best_count = n;
    }
  }
  return best;
}

std::size_t filled(const std::vector<std::string>& row) {
  return static_cast<std::size_t>(std::count_if(
      row.begin(), row.end(), [](const std::string& c) { return !trimmed(c).empty(); }));
}

// Index (into rows) of the header: the rule in office_table.hpp.
std::size_t find_header(const std::vector<std::vector<std::string>>& rows,
                        const std::vector<std::string>& wanted) {
  if (!wanted.empty()) {
    for (std::size_t r = 0; r < rows.size(); ++r) {
      std::set<std::string> cells;
      for (const std::string& c : rows[r]) cells.insert(trimmed(c));
      if (std::all_of(wanted.begin(), wanted.end(),
                      [&](const std::string& w) { return cells.count(w) != 0; }))
        return r;
    }
  }
  std::size_t widest = 0;
  for (const auto& row : rows) widest = std::max(widest, filled(row));
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::size_t n = filled(rows[r]);
    if (n < 2 || n * 10 < widest * 6) continue;
    if (std::none_of(rows[r].begin(), rows[r].end(),
                     [](const std::string& c) { return looks_numeric(trimmed(c)); }))
      return r;
  }
  return 0;
}

// Header cells as GDAL will name the fields: trimmed, empty ones named, repeats numbered.
std::vector<std::string> header_names(const std::vector<std::string>& cells) {
  std::vector<std::string> out;
  std::map<std::string, int> seen;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    std::string name = trimmed(cells[i]);
    if (name.empty()) name = "column_" + std::to_string(i + 1);
    if (int& n = seen[name]; n++ > 0) name += "_" + std::to_string(n);
    out.push_back(name);
  }
  return out;
}

std::string csv_cell(const std::string& cell) {
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string csv_line(const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + csv_cell(cells[i]);
  return line + "\n";
}

std::string memory_path(const std::string& stem) {
  static std::atomic<int> serial{0};
  return "/vsimem/sunplan-" + std::to_string(::getpid()) + "-" + std::to_string(serial++) + "/" +
         stem + ".csv";
}

std::string read_bytes(const LayerSpec& spec) {
  std::ifstream in(spec.source, std::ios::binary);
  if (!in) throw InputError(spec.display_source(), spec.layer, -1, "", "cannot open: unreadable");
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Decodes the whole text, line block by line block (a newline byte is never inside a GBK or
// GB18030 character, so blocks can be cut there); nullopt when some byte does not decode.
std::optional<std::string> decode_blocks(std::string_view bytes, const std::string& encoding) {
  std::string out;
  out.reserve(bytes.size() + bytes.size() / 2);
  for (std::size_t pos = 0; pos < bytes.size();) {
    std::size_t end = std::min(bytes.size(), pos + (1u << 20));
    if (end < bytes.size()) {
      const std::size_t nl = bytes.find('\n', end);
      end = nl == std::string_view::npos ? bytes.size() : nl + 1;
    }
    auto piece = decode_strict(bytes.substr(pos, end - pos), encoding);
    if (!piece) return std::nullopt;
    out += *piece;
    pos = end;
  }
  return out;
}

std::optional<OfficeTable> prepare_csv(const LayerSpec& spec) {
  std::string bytes = read_bytes(spec);
  OfficeTable t;
  std::vector<std::string> notes;
  std::string text;
  if (bytes.rfind("\xEF\xBB\xBF", 0) == 0) bytes.erase(0, 3);
  std::string upper;
  for (char c : spec.encoding)
    upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  const bool declared_utf8 = upper.empty() || upper == "UTF-8" || upper == "UTF8";
  if (!has_non_ascii(bytes)) {
    text = std::move(bytes);
  } else if (!declared_utf8) {
    auto decoded = decode_blocks(bytes, spec.encoding);
    if (!decoded) return std::nullopt;  // the per-value checks say where and what it is likely in
    text = std::move(*decoded);
    t.decoded = true;
    notes.push_back("read as " + spec.encoding);
  } else if (is_utf8(bytes)) {
    text = std::move(bytes);
  } else if (!spec.encoding.empty()) {
    return std::nullopt;  // declared UTF-8 but is not: reported per value
  } else {
    std::optional<std::string> decoded;
    std::string used;
    for (const char* e : {"GBK", "GB18030", "BIG5"})
      if ((decoded = decode_blocks(bytes, e))) {
        used = e;
        break;
      }
    if (!decoded) return std::nullopt;
    text = std::move(*decoded);
    t.decoded = true;
    notes.push_back("not UTF-8: read as " + used + " (set encoding to override)");
  }
  const char delimiter = sniff_delimiter(text);
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> starts;
  std::vector<std::int64_t> line_of;
  for (std::size_t pos = 0, line = 1; pos < text.size() && rows.size() < kScanRows;) {
    const std::size_t start = pos;
    auto record = next_record(text, pos, delimiter);
    const std::size_t first_line = line;
    line += static_cast<std::size_t>(std::count(text.begin() + static_cast<long>(start),
                                                text.begin() + static_cast<long>(pos), '\n'));
    if (filled(record) == 0) continue;
    rows.push_back(std::move(record));
    starts.push_back(start);
    line_of.push_back(static_cast<std::int64_t>(first_line));
  }
  if (rows.empty()) return std::nullopt;
  const std::size_t h = find_header(rows, named_columns(spec));
  const auto names = header_names(rows[h]);
  std::vector<std::string> gdal_names;  // what GDAL would make of the header as it is
  for (const auto& c : rows[h]) gdal_names.push_back(c);
  const bool renamed = names != gdal_names;
  if (h == 0 && starts[0] == 0 && !t.decoded && !renamed) return std::nullopt;
  if (h > 0 || starts[h] > 0)
    notes.push_back("header on line " + std::to_string(line_of[h]) + "; the " +
                    std::to_string(line_of[h] - 1) + " line(s) above it are titles, skipped");
  if (renamed)
    notes.push_back(
        "column names cleaned (spaces trimmed, empty ones named column_<n>, repeats _2)");
  t.header_row = line_of[h];
  std::size_t body = starts[h];
  next_record(text, body, delimiter);  // past the header
  std::string out;
  out.reserve(text.size() - body + 256);
  std::vector<std::string> quoted_names;
  for (const auto& n : names) quoted_names.push_back(n);
  if (delimiter == ',') {
    out = csv_line(quoted_names);
  } else {
    for (std::size_t i = 0; i < names.size(); ++i)
      out += (i ? std::string(1, delimiter) : "") + csv_cell(names[i]);
    out += "\n";
  }
  out.append(text, body, std::string::npos);
  text.clear();
  text.shrink_to_fit();
  const std::string stem = std::filesystem::path(spec.source).stem().string();
  t.memory = std::make_shared<MemoryFile>(memory_path(stem), std::move(out));
  t.open_path = t.memory->path();
  for (const auto& n : notes) t.note += (t.note.empty() ? "" : "; ") + n;
  return t;
}

// Sets a GDAL configuration option for this thread while it lives.
class ScopedConfig {
 public:
  ScopedConfig(const char* key, const char* value) : m_key(key) {
    const char* old = CPLGetThreadLocalConfigOption(key, nullptr);
    if (old) m_old = old;
    m_had = old != nullptr;
    CPLSetThreadLocalConfigOption(key, value);
  }
  ~ScopedConfig() { CPLSetThreadLocalConfigOption(m_key, m_had ? m_old.c_str() : nullptr); }
  ScopedConfig(const ScopedConfig&) = delete;
  ScopedConfig& operator=(const ScopedConfig&) = delete;

 private:
  const char* m_key;
  std::string m_old;
  bool m_had = false;
};

std::optional<OfficeTable> prepare_sheet(const LayerSpec& spec, const std::string& ext) {
  const std::string prefix = ext == ".xls" ? "OGR_XLS_" : ext == ".ods" ? "OGR_ODS_" : "OGR_XLSX_";
  const std::string headers = prefix + "HEADERS", types = prefix + "FIELD_TYPES";
  ScopedConfig no_headers(headers.c_str(), "DISABLE");
  ScopedConfig as_text(types.c_str(), "STRING");
  GDALDatasetUniquePtr ds(GDALDataset::Open(spec.source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                            nullptr, nullptr, nullptr));
  if (!ds) {
    std::string why = CPLGetLastErrorMsg();
    throw InputError(spec.display_source(), spec.layer, -1, "",
                     "cannot open the spreadsheet" + (why.empty() ? std::string() : ": " + why));
  }
  OGRLayer* sheet = spec.layer.empty() ? ds->GetLayer(0) : ds->GetLayerByName(spec.layer.c_str());
  if (!sheet) {
    std::string names;
    for (auto* l : ds->GetLayers())
      names += (names.empty() ? "" : ", ") + std::string(l->GetName());
    throw InputError(spec.display_source(), spec.layer, -1, "",
                     "no such sheet (the workbook has: " + (names.empty() ? "none" : names) + ")");
  }
  std::vector<std::vector<std::string>> rows;  // every row, empty ones included
  for (auto& f : *sheet) {
    std::vector<std::string> cells(static_cast<std::size_t>(f->GetFieldCount()));
    for (int i = 0; i < f->GetFieldCount(); ++i)
      if (f->IsFieldSetAndNotNull(i)) cells[static_cast<std::size_t>(i)] = f->GetFieldAsString(i);
    rows.push_back(std::move(cells));
  }
  while (!rows.empty() && filled(rows.back()) == 0) rows.pop_back();
  std::vector<std::vector<std::string>> scan;
  std::vector<std::size_t> scan_index;
  for (std::size_t r = 0; r < rows.size() && scan.size() < kScanRows; ++r)
    if (filled(rows[r]) > 0) {
      scan.push_back(rows[r]);
      scan_index.push_back(r);
    }
  OfficeTable t;
  t.decoded = true;
  std::string out;
  std::size_t h = 0;
  if (!scan.empty()) {
    h = scan_index[find_header(scan, named_columns(spec))];
    auto names = header_names(rows[h]);
    // Data cells beyond the header's width would have no name: give them one.
    std::size_t width = names.size();
    for (std::size_t r = h + 1; r < rows.size(); ++r) width = std::max(width, rows[r].size());
    while (names.size() < width) names.push_back("column_" + std::to_string(names.size() + 1));
    out = csv_line(names);
    for (std::size_t r = h + 1; r < rows.size(); ++r) {
      rows[r].resize(width);
      out += csv_line(rows[r]);
    }
  }
  t.header_row = static_cast<std::int64_t>(h) + 1;
  t.note = "sheet '" + std::string(sheet->GetName()) + "', header on row " + std::to_string(h + 1);
  if (h > 0) t.note += "; the " + std::to_string(h) + " row(s) above it are titles, skipped";
  t.memory = std::make_shared<MemoryFile>(memory_path(sheet->GetName()), std::move(out));
  t.open_path = t.memory->path();
  return t;
}

}  // namespace

MemoryFile::MemoryFile(std::string path, std::string contents)
    : m_path(std::move(path)), m_contents(std::move(contents)) {
  VSILFILE* f = VSIFileFromMemBuffer(m_path.c_str(), reinterpret_cast<GByte*>(m_contents.data()),
                                     static_cast<vsi_l_offset>(m_contents.size()), FALSE);
  if (f) VSIFCloseL(f);
}

MemoryFile::~MemoryFile() {
  VSIUnlink(m_path.c_str());
}

bool is_office_table(const std::string& source) {
  if (source.rfind("PG:", 0) == 0 || source.rfind("/vsi", 0) == 0) return false;
  const std::string ext = lower_extension(source);
  return is_csv_like(ext) || is_sheet(ext);
}

std::vector<std::string> named_columns(const LayerSpec& spec) {
  std::vector<std::string> out;
  for (const auto& [key, column] : spec.fields)
    if (!column.empty() && column != "@fid") out.push_back(column);
  for (const std::string* c : {&spec.x_field, &spec.y_field, &spec.address_field})
    if (!c->empty()) out.push_back(*c);
  for (const auto& [level, column] : spec.division_fields) out.push_back(column);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::optional<OfficeTable> prepare_office_table(const LayerSpec& spec) {
  if (!is_office_table(spec.source)) return std::nullopt;
  const std::string ext = lower_extension(spec.source);
  return is_sheet(ext) ? prepare_sheet(spec, ext) : prepare_csv(spec);
}

}  // namespace sunplan::io
