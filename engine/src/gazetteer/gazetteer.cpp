#include "sunplan/gazetteer/gazetteer.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <map>
#include <unordered_map>

#include "sunplan/core/error.hpp"
#include "sunplan/gazetteer/name_variants.hpp"

namespace sunplan::gazetteer {

const char* to_string(PointSource s) {
  switch (s) {
    case PointSource::none:
      return "none";
    case PointSource::village:
      return "village";
    case PointSource::seat:
      return "township_seat";
    case PointSource::villages_mean:
      return "township_villages_mean";
  }
  return "?";
}

std::string Gazetteer::code(std::int32_t p) const {
  return std::to_string(m_code[idx(p)]);
}

std::string_view Gazetteer::name(std::int32_t p) const {
  const std::size_t i = idx(p);
  return std::string_view(m_text).substr(m_name_begin[i], m_name_begin[i + 1] - m_name_begin[i]);
}

std::string_view Gazetteer::alias_name(std::uint32_t alias) const {
  return std::string_view(m_text).substr(m_alias_begin[alias],
                                         m_alias_end[alias] - m_alias_begin[alias]);
}

std::int32_t Gazetteer::find(std::string_view code) const {
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(code.data(), code.data() + code.size(), value);
  if (ec != std::errc() || end != code.data() + code.size()) return kNone;
  auto it = std::lower_bound(m_by_code.begin(), m_by_code.end(), value,
                             [&](std::int32_t p, std::uint64_t v) { return m_code[idx(p)] < v; });
  if (it == m_by_code.end() || m_code[idx(*it)] != value) return kNone;
  // Codes of different lengths never collide as numbers: 11 (2 digits) vs 110000000011 differ.
  return *it;
}

std::string Gazetteer::path(std::int32_t p) const {
  std::vector<std::string_view> parts;
  for (; p != kNone; p = parent(p))
    if (!is_virtual_name(name(p))) parts.push_back(name(p));
  std::string out;
  for (auto it = parts.rbegin(); it != parts.rend(); ++it) {
    if (!out.empty()) out += '/';
    out += *it;
  }
  return out;
}

namespace {

AdminLevel level_of_digits(std::size_t n) {
  switch (n) {
    case 2:
      return AdminLevel::province;
    case 4:
      return AdminLevel::city;
    case 6:
      return AdminLevel::county;
    case 9:
      return AdminLevel::township;
    case 12:
      return AdminLevel::village;
    default:
      return AdminLevel::country;
  }
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Up to kMaxColumns tab-separated fields; returns how many the line has.
constexpr std::size_t kMaxColumns = 16;
std::size_t split_tabs(std::string_view line, std::array<std::string_view, kMaxColumns>& out) {
  std::size_t n = 0, start = 0;
  for (;;) {
    const std::size_t tab = line.find('\t', start);
    if (n < kMaxColumns)
      out[n] = line.substr(start, tab == std::string_view::npos ? tab : tab - start);
    ++n;
    if (tab == std::string_view::npos) return std::min(n, kMaxColumns);
    start = tab + 1;
  }
}

enum class Column { code, name, parent, lon, lat, point, ur, vintage };
constexpr std::array<const char*, 8> kColumns{"code", "name",  "parent", "lon",
                                              "lat",  "point", "ur",     "vintage"};

struct RawRow {
  std::uint64_t code = 0;
  AdminLevel level = AdminLevel::country;
  std::string_view code_text, name, parent;
  Vec2 lonlat{NAN, NAN};
  PointSource point = PointSource::none;
  std::uint16_t ur = 0;
  bool newer_only = false;
  std::int64_t line = 0;
};

struct RawAlias {
  std::string_view code, name;
  std::int64_t line = 0;
};

[[noreturn]] void gazetteer_fail(const std::string& source, std::int64_t line,
                                 const std::string& field, const std::string& why) {
  throw InputError(source, "", line, field, why);
}

// Where each known column sits in a line (SIZE_MAX: absent), from the column header line.
using GazetteerColumnAt = std::array<std::size_t, kColumns.size()>;

GazetteerColumnAt read_gazetteer_column_header(
    const std::array<std::string_view, kMaxColumns>& cols, std::size_t ncols, std::int64_t line_no,
    const std::string& source) {
  std::map<std::string, std::size_t> column;
  for (std::size_t i = 0; i < ncols; ++i) column[std::string(cols[i])] = i;
  if (!column.count("code") || !column.count("name"))
    gazetteer_fail(source, line_no, "", "the column header must name at least 'code' and 'name'");
  GazetteerColumnAt at{};
  for (std::size_t k = 0; k < kColumns.size(); ++k) {
    auto it = column.find(kColumns[k]);
    at[k] = it == column.end() ? SIZE_MAX : it->second;
  }
  return at;
}

// One data line's cells, looked up by column (empty when the line is short of it).
struct GazetteerCells {
  const std::array<std::string_view, kMaxColumns>& cols;
  std::size_t ncols;
  const GazetteerColumnAt& at;

  std::string_view operator()(Column c) const {
    const std::size_t i = at[static_cast<std::size_t>(c)];
    return i < ncols ? cols[i] : std::string_view();
  }
};

// The unit's point (lon, lat and its kind), when the line gives one.
void read_gazetteer_point(const GazetteerCells& col, std::int64_t line_no,
                          const std::string& source, RawRow& r) {
  const std::string_view lon = col(Column::lon), lat = col(Column::lat);
  if (lon.empty() && lat.empty()) return;
  double x = NAN, y = NAN;
  auto [e1, ec1] = std::from_chars(lon.data(), lon.data() + lon.size(), x);
  auto [e2, ec2] = std::from_chars(lat.data(), lat.data() + lat.size(), y);
  if (ec1 != std::errc() || ec2 != std::errc() || e1 != lon.data() + lon.size() ||
      e2 != lat.data() + lat.size() || !(x >= -180 && x <= 180) || !(y >= -90 && y <= 90))
    gazetteer_fail(source, line_no, "lon",
                   "coordinates '" + std::string(lon) + "', '" + std::string(lat) +
                       "' are not a longitude and latitude");
  r.lonlat = {x, y};
  const std::string_view kind = col(Column::point);
  r.point = kind == "village"    ? PointSource::village
            : kind == "seat"     ? PointSource::seat
            : kind == "villages" ? PointSource::villages_mean
                                 : PointSource::none;
  if (r.point == PointSource::none)
    gazetteer_fail(source, line_no, "point",
                   "point kind '" + std::string(kind) + "' is not village, seat or villages");
}

RawRow read_gazetteer_unit(const GazetteerCells& col, std::int64_t line_no,
                           const std::string& source) {
  const std::string_view code = col(Column::code);
  RawRow r;
  r.line = line_no;
  r.code_text = code;
  r.level = level_of_digits(code.size());
  if (!all_digits(code) || r.level == AdminLevel::country)
    gazetteer_fail(source, line_no, "code",
                   "'" + std::string(code) + "' is not a 2, 4, 6, 9 or 12-digit code");
  std::from_chars(code.data(), code.data() + code.size(), r.code);
  r.name = col(Column::name);
  if (r.name.empty())
    gazetteer_fail(source, line_no, "name", "unit " + std::string(code) + " has no name");
  r.parent = col(Column::parent);
  read_gazetteer_point(col, line_no, source, r);
  if (const std::string_view ur = col(Column::ur); !ur.empty()) {
    unsigned v = 0;
    auto [e, ec] = std::from_chars(ur.data(), ur.data() + ur.size(), v);
    if (ec != std::errc() || e != ur.data() + ur.size() || v < 100 || v >= 300)
      gazetteer_fail(source, line_no, "ur",
                     "urban-rural code '" + std::string(ur) + "' is not 1xx or 2xx");
    r.ur = static_cast<std::uint16_t>(v);
  }
  r.newer_only = !col(Column::vintage).empty();
  return r;
}

// The first line: the format's name and version.
void check_gazetteer_magic(std::string_view line, const std::string& source) {
  if (line.rfind("#sunplan-gazetteer\t", 0) != 0)
    gazetteer_fail(source, 1, "",
                   "not a sunplan gazetteer (the first line must be '#sunplan-gazetteer<TAB>1')");
  if (line.substr(19) != "1")
    gazetteer_fail(source, 1, "",
                   "gazetteer format version '" + std::string(line.substr(19)) +
                       "' is not supported (this sunplan reads version 1)");
}

// The text's lines, each checked on its own: units, aliases ('@' codes) and '#' comments.
struct GazetteerLines {
  std::vector<RawRow> rows;
  std::vector<RawAlias> aliases;
  std::string header;
  std::int64_t last_line = 0;  // for the messages about the file as a whole
};

GazetteerLines read_gazetteer_lines(std::string_view text, const std::string& source) {
  GazetteerLines out;
  out.rows.reserve(text.size() / 40);
  GazetteerColumnAt at{};
  bool have_columns = false;
  std::int64_t& line_no = out.last_line;
  bool magic = false;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if (line_no == 1) {
      check_gazetteer_magic(line, source);
      magic = true;
      continue;
    }
    if (line.front() == '#') {
      out.header += std::string(line.substr(1)) + "\n";
      continue;
    }
    std::array<std::string_view, kMaxColumns> cols;
    const std::size_t ncols = split_tabs(line, cols);
    if (!have_columns) {
      at = read_gazetteer_column_header(cols, ncols, line_no, source);
      have_columns = true;
      continue;
    }
    const GazetteerCells col{cols, ncols, at};
    const std::string_view code = col(Column::code);
    if (!code.empty() && code.front() == '@') {
      out.aliases.push_back({code.substr(1), ncols > 1 ? cols[1] : std::string_view(), line_no});
      if (out.aliases.back().name.empty())
        gazetteer_fail(source, line_no, "name", "alias without a name");
      continue;
    }
    out.rows.push_back(read_gazetteer_unit(col, line_no, source));
  }
  if (!magic) gazetteer_fail(source, 1, "", "empty file");
  if (out.rows.empty()) gazetteer_fail(source, line_no, "", "no units");
  return out;
}

// The row of each (code, level): 11 (2 digits) and 000000000011 are different units.
class GazetteerRowIndex {
 public:
  GazetteerRowIndex(const std::vector<RawRow>& rows, const std::string& source) {
    m_row.reserve(rows.size() * 2);
    for (std::size_t i = 0; i < rows.size(); ++i)
      if (!m_row.emplace(rows[i].code * 16 + static_cast<std::uint64_t>(rows[i].level), i).second)
        gazetteer_fail(source, rows[i].line, "code",
                       "code " + std::string(rows[i].code_text) + " appears twice");
  }

  // The row with this code, or -1.
  std::int64_t find(std::string_view code) const {
    if (!all_digits(code)) return -1;
    const AdminLevel lv = level_of_digits(code.size());
    if (lv == AdminLevel::country) return -1;
    std::uint64_t v = 0;
    std::from_chars(code.data(), code.data() + code.size(), v);
    auto it = m_row.find(v * 16 + static_cast<std::uint64_t>(lv));
    return it == m_row.end() ? -1 : static_cast<std::int64_t>(it->second);
  }

 private:
  std::unordered_map<std::uint64_t, std::size_t> m_row;
};

// Parent row of each row (-1: a root): the explicit one, else the longest shorter code prefix
// that exists.
std::vector<std::int64_t> gazetteer_parent_rows(const std::vector<RawRow>& rows,
                                                const GazetteerRowIndex& index,
                                                const std::string& source) {
  std::vector<std::int64_t> parent(rows.size(), -1);
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const RawRow& r = rows[i];
    if (!r.parent.empty()) {
      parent[i] = index.find(r.parent);
      if (parent[i] < 0 || rows[static_cast<std::size_t>(parent[i])].level >= r.level)
        gazetteer_fail(source, r.line, "parent",
                       "parent '" + std::string(r.parent) + "' of " + std::string(r.code_text) +
                           " is not a unit of a higher level");
      continue;
    }
    for (std::size_t digits : {9, 6, 4, 2})
      if (digits < r.code_text.size())
        if (auto p = index.find(r.code_text.substr(0, digits)); p >= 0) {
          parent[i] = p;
          break;
        }
  }
  return parent;
}

// The rows in depth-first order, children by code: order[k] is a row, order_of[row] its place.
struct GazetteerOrder {
  std::vector<std::size_t> order;
  std::vector<std::int32_t> order_of;
};

GazetteerOrder gazetteer_depth_first(const std::vector<RawRow>& rows,
                                     const std::vector<std::int64_t>& parent) {
  // Children lists in one array (counting sort by parent), roots under slot 0.
  std::vector<std::size_t> first_child(rows.size() + 2, 0);
  for (std::size_t i = 0; i < rows.size(); ++i)
    ++first_child[static_cast<std::size_t>(parent[i] + 1) + 1];
  for (std::size_t k = 1; k < first_child.size(); ++k) first_child[k] += first_child[k - 1];
  std::vector<std::size_t> kids(rows.size());
  {
    std::vector<std::size_t> fill(first_child.begin(), first_child.end() - 1);
    for (std::size_t i = 0; i < rows.size(); ++i)
      kids[fill[static_cast<std::size_t>(parent[i] + 1)]++] = i;
  }
  auto by_code_order = [&](std::size_t a, std::size_t b) {
    return rows[a].code_text.size() != rows[b].code_text.size()
               ? rows[a].code_text < rows[b].code_text
               : rows[a].code < rows[b].code;
  };
  for (std::size_t k = 0; k + 1 < first_child.size(); ++k)
    std::sort(kids.begin() + static_cast<std::ptrdiff_t>(first_child[k]),
              kids.begin() + static_cast<std::ptrdiff_t>(first_child[k + 1]), by_code_order);
  GazetteerOrder out;
  out.order_of.assign(rows.size(), kNone);
  out.order.reserve(rows.size());
  std::vector<std::size_t> stack(kids.rend() - static_cast<std::ptrdiff_t>(first_child[1]),
                                 kids.rend());
  while (!stack.empty()) {
    const std::size_t i = stack.back();
    stack.pop_back();
    out.order_of[i] = static_cast<std::int32_t>(out.order.size());
    out.order.push_back(i);
    for (std::size_t k = first_child[i + 2]; k-- > first_child[i + 1];) stack.push_back(kids[k]);
  }
  return out;
}

// Each place's ancestors at every level; parents come before their children in the order.
std::vector<std::array<std::int32_t, 5>> gazetteer_lineage(const std::vector<std::int32_t>& parent,
                                                           const std::vector<AdminLevel>& level) {
  const std::size_t n = parent.size();
  std::vector<std::array<std::int32_t, 5>> lineage(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::int32_t p = parent[k];
    if (p != kNone)
      lineage[k] = lineage[static_cast<std::size_t>(p)];
    else
      lineage[k].fill(kNone);
    lineage[k][static_cast<std::size_t>(level[k]) - 1] = static_cast<std::int32_t>(k);
  }
  return lineage;
}

// The end of each place's subtree, children (later in the order) before their parents.
std::vector<std::int32_t> gazetteer_subtree_ends(const std::vector<std::int32_t>& parent) {
  const std::size_t n = parent.size();
  std::vector<std::int32_t> end(n);
  for (std::size_t k = 0; k < n; ++k) end[k] = static_cast<std::int32_t>(k) + 1;
  for (std::size_t k = n; k-- > 0;) {
    const std::int32_t p = parent[k];
    if (p != kNone)
      end[static_cast<std::size_t>(p)] = std::max(end[static_cast<std::size_t>(p)], end[k]);
  }
  return end;
}

// The aliases grouped by place: their names appended to the text, and the offsets.
struct GazetteerAliases {
  std::vector<std::uint32_t> first;  // places + 1 offsets into begin/end
  std::vector<std::uint32_t> begin, end;
};

GazetteerAliases group_gazetteer_aliases(const std::vector<RawAlias>& aliases,
                                         const GazetteerRowIndex& index,
                                         const std::vector<std::int32_t>& order_of,
                                         std::size_t places, std::string& text,
                                         const std::string& source) {
  std::vector<std::pair<std::int32_t, std::size_t>> alias_order;
  alias_order.reserve(aliases.size());
  for (std::size_t a = 0; a < aliases.size(); ++a) {
    const std::int64_t row = index.find(aliases[a].code);
    if (row < 0)
      gazetteer_fail(source, aliases[a].line, "code",
                     "alias of an unknown unit '" + std::string(aliases[a].code) + "'");
    alias_order.emplace_back(order_of[static_cast<std::size_t>(row)], a);
  }
  std::stable_sort(alias_order.begin(), alias_order.end(),
                   [](const auto& x, const auto& y) { return x.first < y.first; });
  GazetteerAliases out;
  out.first.assign(places + 1, 0);
  for (const auto& [place, a] : alias_order) {
    out.begin.push_back(static_cast<std::uint32_t>(text.size()));
    text += aliases[a].name;
    out.end.push_back(static_cast<std::uint32_t>(text.size()));
    ++out.first[static_cast<std::size_t>(place) + 1];
  }
  for (std::size_t k = 0; k < places; ++k) out.first[k + 1] += out.first[k];
  return out;
}

// Places sorted by code, for find().
std::vector<std::int32_t> gazetteer_by_code(const std::vector<std::uint64_t>& code) {
  std::vector<std::int32_t> by_code(code.size());
  for (std::size_t k = 0; k < code.size(); ++k) by_code[k] = static_cast<std::int32_t>(k);
  std::sort(by_code.begin(), by_code.end(), [&](std::int32_t a, std::int32_t b) {
    return code[static_cast<std::size_t>(a)] < code[static_cast<std::size_t>(b)];
  });
  return by_code;
}

}  // namespace

Gazetteer parse_gazetteer(std::string_view text, const std::string& source_name) {
  Gazetteer g;
  g.source = source_name;
  GazetteerLines lines = read_gazetteer_lines(text, source_name);
  g.header = std::move(lines.header);
  const std::vector<RawRow>& rows = lines.rows;
  const GazetteerRowIndex index(rows, source_name);
  const std::vector<std::int64_t> parent = gazetteer_parent_rows(rows, index, source_name);
  const GazetteerOrder order = gazetteer_depth_first(rows, parent);

  // The units' columns, in the depth-first order.
  const std::size_t n = order.order.size();
  g.m_code.resize(n);
  g.m_level.resize(n);
  g.m_parent.resize(n);
  g.m_point.resize(n);
  g.m_lonlat.resize(n);
  g.m_ur.resize(n);
  g.m_newer_only.resize(n);
  g.m_name_begin.reserve(n + 1);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t row = order.order[k];
    const RawRow& r = rows[row];
    g.m_code[k] = r.code;
    g.m_level[k] = r.level;
    g.m_parent[k] = parent[row] < 0 ? kNone : order.order_of[static_cast<std::size_t>(parent[row])];
    g.m_point[k] = r.point;
    g.m_lonlat[k] = r.lonlat;
    g.m_ur[k] = r.ur;
    g.m_newer_only[k] = r.newer_only ? 1 : 0;
    g.m_name_begin.push_back(static_cast<std::uint32_t>(g.m_text.size()));
    g.m_text += r.name;
  }
  g.m_name_begin.push_back(static_cast<std::uint32_t>(g.m_text.size()));
  g.m_lineage = gazetteer_lineage(g.m_parent, g.m_level);
  g.m_subtree_end = gazetteer_subtree_ends(g.m_parent);

  GazetteerAliases aliases =
      group_gazetteer_aliases(lines.aliases, index, order.order_of, n, g.m_text, source_name);
  g.m_alias_first = std::move(aliases.first);
  g.m_alias_begin = std::move(aliases.begin);
  g.m_alias_end = std::move(aliases.end);
  if (g.m_text.size() > UINT32_MAX)
    gazetteer_fail(source_name, lines.last_line, "", "too much text for one gazetteer");
  g.m_by_code = gazetteer_by_code(g.m_code);
  return g;
}

}  // namespace sunplan::gazetteer
