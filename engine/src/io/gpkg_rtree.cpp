#include "gpkg_rtree.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <memory>
#include <span>

#include "gpkg_rows.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan::io {

namespace {

// SQLite stores R*-tree coordinates as 32-bit floats, rounded outwards so that a stored box
// always contains the real one; these are rtree.c's rtreeValueDown/Up, so the leaves hold the
// very values SQLite itself would store (the tests compare with an index GDAL built).
constexpr double kRoundTowards = 1.0 - 1.0 / 8388608.0;
constexpr double kRoundAway = 1.0 + 1.0 / 8388608.0;

float value_down(double d) {
  float f = static_cast<float>(d);
  if (f > d) f = static_cast<float>(d * (d < 0 ? kRoundAway : kRoundTowards));
  return f;
}

float value_up(double d) {
  float f = static_cast<float>(d);
  if (f < d) f = static_cast<float>(d * (d < 0 ? kRoundTowards : kRoundAway));
  return f;
}

// A cell of a node: a feature id (leaf) or a child node number, and its box.
using Cell = FeatureBox;

double centre_x(const Cell& c) {
  return 0.5 * (double{c.min_x} + double{c.max_x});
}
double centre_y(const Cell& c) {
  return 0.5 * (double{c.min_y} + double{c.max_y});
}

struct Database {
  sqlite3* db = nullptr;
  std::string file;
  bool owned = true;  // false: a connection GDAL holds open
  ~Database() {
    if (owned) sqlite3_close(db);
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw ResourceError("cannot build the spatial index of " + file + " (" + what +
                        "): " + sqlite3_errmsg(db));
  }
  void exec(const std::string& sql) const {
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
  }
};

struct Statement {
  const Database& database;
  sqlite3_stmt* stmt = nullptr;
  Statement(const Database& d, const std::string& sql) : database(d) {
    if (sqlite3_prepare_v2(d.db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) d.fail(sql);
  }
  ~Statement() { sqlite3_finalize(stmt); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  void step(const char* what) {
    if (sqlite3_step(stmt) != SQLITE_DONE) database.fail(what);
    sqlite3_reset(stmt);
  }
  void insert_pair(std::int64_t a, std::int64_t b, const char* what) {
    sqlite3_bind_int64(stmt, 1, a);
    sqlite3_bind_int64(stmt, 2, b);
    step(what);
  }
};

void put_u16(unsigned char* p, unsigned v) {
  p[0] = static_cast<unsigned char>(v >> 8);
  p[1] = static_cast<unsigned char>(v);
}

void put_u64(unsigned char* p, std::uint64_t v) {
  for (int i = 7; i >= 0; --i, v >>= 8) p[i] = static_cast<unsigned char>(v);
}

void put_float(unsigned char* p, float f) {
  const auto bits = std::bit_cast<std::uint32_t>(f);
  for (int i = 0; i < 4; ++i) p[i] = static_cast<unsigned char>(bits >> (24 - 8 * i));
}

// Sort-Tile-Recursive: cells sorted by x into vertical slices of whole nodes, each slice by y,
// then cut into nodes of `capacity`. Ties by id, so the tree depends on the data only.
std::vector<std::span<Cell>> tile(std::vector<Cell>& cells, std::size_t capacity) {
  const std::size_t n = cells.size();
  const std::size_t nodes = (n + capacity - 1) / capacity;
  const auto slices = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(nodes))));
  const std::size_t per_slice = slices * capacity;
  auto by = [](auto centre) {
    return [centre](const Cell& a, const Cell& b) {
      const double ca = centre(a), cb = centre(b);
      return ca != cb ? ca < cb : a.fid < b.fid;
    };
  };
  std::sort(cells.begin(), cells.end(), by(centre_x));
  std::vector<std::span<Cell>> out;
  out.reserve(nodes);
  for (std::size_t s = 0; s < n; s += per_slice) {
    const std::size_t end = std::min(n, s + per_slice);
    std::sort(cells.begin() + static_cast<std::ptrdiff_t>(s),
              cells.begin() + static_cast<std::ptrdiff_t>(end), by(centre_y));
    for (std::size_t k = s; k < end; k += capacity)
      out.emplace_back(cells.data() + k, std::min(end, k + capacity) - k);
  }
  return out;
}

Cell bounds(std::span<const Cell> cells, std::int64_t id) {
  Cell b{id, cells[0].min_x, cells[0].max_x, cells[0].min_y, cells[0].max_y};
  for (const Cell& c : cells) {
    b.min_x = std::min(b.min_x, c.min_x);
    b.max_x = std::max(b.max_x, c.max_x);
    b.min_y = std::min(b.min_y, c.min_y);
    b.max_y = std::max(b.max_y, c.max_y);
  }
  return b;
}

// The R*-tree of one table, level by level from the leaves up; node 1 is the root.
void write_tree(const Database& database, const std::string& rtree, std::vector<Cell> cells) {
  const std::string node_table = sql_identifier(rtree + "_node");
  int node_size = 0;
  {
    Statement size(database, "SELECT length(data) FROM " + node_table + " WHERE nodeno = 1");
    if (sqlite3_step(size.stmt) == SQLITE_ROW) node_size = sqlite3_column_int(size.stmt, 0);
  }
  constexpr int kCellBytes = 8 + 4 * 4;
  const auto capacity = static_cast<std::size_t>((node_size - 4) / kCellBytes);
  if (capacity < 2) database.fail("unexpected R*-tree node size " + std::to_string(node_size));
  if (cells.empty()) return;  // SQLite created the empty root

  Statement put_node(database,
                     "INSERT OR REPLACE INTO " + node_table + "(nodeno, data) VALUES (?, ?)");
  Statement put_rowid(database, "INSERT INTO " + sql_identifier(rtree + "_rowid") +
                                    "(rowid, nodeno) VALUES (?, ?)");
  Statement put_parent(database, "INSERT INTO " + sql_identifier(rtree + "_parent") +
                                     "(nodeno, parentnode) VALUES (?, ?)");
  std::vector<unsigned char> blob(static_cast<std::size_t>(node_size));
  // (feature id, leaf) pairs, inserted in id order once the leaves are known: appending to
  // the _rowid B-tree needs no cache, inserting in leaf order would touch it all over.
  std::vector<std::pair<std::int64_t, std::int64_t>> leaf_of;
  leaf_of.reserve(cells.size());
  std::int64_t next_node = 2;
  for (unsigned depth = 0;; ++depth) {
    const std::vector<std::span<Cell>> nodes = tile(cells, capacity);
    const bool root = nodes.size() == 1;
    std::vector<Cell> parents;
    parents.reserve(nodes.size());
    for (const std::span<Cell> node : nodes) {
      const std::int64_t number = root ? 1 : next_node++;
      std::fill(blob.begin(), blob.end(), 0);
      if (root) put_u16(blob.data(), depth);
      put_u16(blob.data() + 2, static_cast<unsigned>(node.size()));
      unsigned char* p = blob.data() + 4;
      for (const Cell& c : node) {
        put_u64(p, static_cast<std::uint64_t>(c.fid));
        put_float(p + 8, c.min_x);
        put_float(p + 12, c.max_x);
        put_float(p + 16, c.min_y);
        put_float(p + 20, c.max_y);
        p += kCellBytes;
        if (depth == 0)
          leaf_of.emplace_back(c.fid, number);
        else
          put_parent.insert_pair(c.fid, number, "parent");
      }
      sqlite3_bind_int64(put_node.stmt, 1, number);
      sqlite3_bind_blob(put_node.stmt, 2, blob.data(), node_size, SQLITE_STATIC);
      put_node.step("node");
      parents.push_back(bounds(node, number));
    }
    if (depth == 0) {
      std::sort(leaf_of.begin(), leaf_of.end());
      for (const auto& [id, leaf] : leaf_of) put_rowid.insert_pair(id, leaf, "rowid");
      std::vector<std::pair<std::int64_t, std::int64_t>>().swap(leaf_of);
    }
    if (root) return;
    cells = std::move(parents);
  }
}

// The triggers that keep the index in step with later edits: GeoPackage 1.3 Annex F.3, in the
// form GDAL 3.6 writes them.
std::string triggers(const std::string& t, const std::string& g, const std::string& i) {
  const std::string r = "rtree_" + t + "_" + g;
  const std::string T = sql_identifier(t), G = sql_identifier(g), I = sql_identifier(i),
                    R = sql_identifier(r);
  const std::string values = "VALUES (NEW." + I + ",ST_MinX(NEW." + G + "), ST_MaxX(NEW." + G +
                             "),ST_MinY(NEW." + G + "), ST_MaxY(NEW." + G + "))";
  const std::string present = "(NEW." + G + " NOTNULL AND NOT ST_IsEmpty(NEW." + G + "))";
  const std::string absent = "(NEW." + G + " ISNULL OR ST_IsEmpty(NEW." + G + "))";
  auto name = [&](const char* suffix) { return sql_identifier(r + "_" + suffix); };
  return "CREATE TRIGGER " + name("insert") + " AFTER INSERT ON " + T + " WHEN (new." + G +
         " NOT NULL AND NOT ST_IsEmpty(NEW." + G + ")) BEGIN INSERT OR REPLACE INTO " + R + " " +
         values + "; END;\n" + "CREATE TRIGGER " + name("update1") + " AFTER UPDATE OF " + G +
         " ON " + T + " WHEN OLD." + I + " = NEW." + I + " AND " + present +
         " BEGIN INSERT OR REPLACE INTO " + R + " " + values + "; END;\n" + "CREATE TRIGGER " +
         name("update2") + " AFTER UPDATE OF " + G + " ON " + T + " WHEN OLD." + I + " = NEW." + I +
         " AND " + absent + " BEGIN DELETE FROM " + R + " WHERE id = OLD." + I + "; END;\n" +
         "CREATE TRIGGER " + name("update3") + " AFTER UPDATE ON " + T + " WHEN OLD." + I +
         " != NEW." + I + " AND " + present + " BEGIN DELETE FROM " + R + " WHERE id = OLD." + I +
         "; INSERT OR REPLACE INTO " + R + " " + values + "; END;\n" + "CREATE TRIGGER " +
         name("update4") + " AFTER UPDATE ON " + T + " WHEN OLD." + I + " != NEW." + I + " AND " +
         absent + " BEGIN DELETE FROM " + R + " WHERE id IN (OLD." + I + ", NEW." + I +
         "); END;\n" + "CREATE TRIGGER " + name("delete") + " AFTER DELETE ON " + T + " WHEN old." +
         G + " NOT NULL BEGIN DELETE FROM " + R + " WHERE id = OLD." + I + "; END;\n";
}

std::string literal(const std::string& text) {
  std::string q = "'";
  for (char c : text) q += c == '\'' ? std::string("''") : std::string(1, c);
  return q + "'";
}

void write_index(const Database& database, RtreeTarget& target) {
  // As GDAL creates it (a GeoPackage has no gpkg_extensions table until an extension is used).
  database.exec(
      "CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
      "extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, "
      "CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name))");
  const std::string rtree = "rtree_" + target.table + "_" + target.geometry_column;
  database.exec("CREATE VIRTUAL TABLE " + sql_identifier(rtree) +
                " USING rtree(id, minx, maxx, miny, maxy)");
  write_tree(database, rtree, std::move(target.boxes));
  database.exec(triggers(target.table, target.geometry_column, target.fid_column));
  database.exec(
      "INSERT INTO gpkg_extensions (table_name, column_name, extension_name, definition, scope) "
      "VALUES (" +
      literal(target.table) + ", " + literal(target.geometry_column) +
      ", 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', "
      "'write-only')");
}

}  // namespace

FeatureBox FeatureBox::of(std::int64_t fid, double min_x, double max_x, double min_y,
                          double max_y) {
  return {fid, value_down(min_x), value_up(max_x), value_down(min_y), value_up(max_y)};
}

void write_gpkg_rtree(sqlite3* db, const std::filesystem::path& gpkg, RtreeTarget& target) {
  Database database{db, gpkg.string(), false};
  const bool own_transaction = sqlite3_get_autocommit(db) != 0;
  if (own_transaction) database.exec("BEGIN");
  write_index(database, target);
  if (own_transaction) database.exec("COMMIT");
}

void write_gpkg_rtrees(const std::filesystem::path& gpkg, std::vector<RtreeTarget>& targets,
                       const std::vector<GpkgTableCounts>& tables) {
  if (targets.empty() && tables.empty()) return;
  Database database;
  database.file = gpkg.string();
  if (sqlite3_open_v2(database.file.c_str(), &database.db, SQLITE_OPEN_READWRITE, nullptr) !=
      SQLITE_OK)
    database.fail("open");
  // Private until renamed into place (as in ResultWriter): no journal, no fsync.
  // Every table is appended to in key order, so a small page cache is enough.
  database.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -65536");
  database.exec("BEGIN");
  for (RtreeTarget& target : targets) write_index(database, target);
  restore_gpkg_counts(database.db, database.file, tables);
  database.exec("COMMIT");
}

}  // namespace sunplan::io
