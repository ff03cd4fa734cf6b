#include "gpkg_rows.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <bit>
#include <cstring>

#include "sunplan/core/error.hpp"

namespace sunplan::io {

namespace {

constexpr std::uint32_t kWkbPoint = 1, kWkbLineString = 2;

void put(std::vector<unsigned char>& out, const void* p, std::size_t n) {
  const auto* b = static_cast<const unsigned char*>(p);
  out.insert(out.end(), b, b + n);
}

// The GeoPackage header (little-endian): magic, version 0, flags, srs_id.
void header(std::vector<unsigned char>& out, std::uint8_t flags, std::int32_t srs_id) {
  out.assign({'G', 'P', 0, flags});
  put(out, &srs_id, 4);
}

// Little-endian hosts only (x86-64, arm64): the values are copied as they are in memory.
static_assert(std::endian::native == std::endian::little);

}  // namespace

std::string sql_identifier(const std::string& identifier) {
  std::string q = "\"";
  for (char c : identifier) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

GpkgRows::GpkgRows(sqlite3* db, std::filesystem::path file, std::string table,
                   const std::string& fid_column, const std::string& geometry_column,
                   const std::vector<std::string>& fields)
    : m_db(db),
      m_file(std::move(file)),
      m_table(std::move(table)),
      m_fields(fields.size()),
      m_index{m_table, geometry_column, fid_column, {}} {
  m_counts.table = m_table;
  {
    sqlite3_stmt* q = nullptr;
    const std::string sql =
        "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)";
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &q, nullptr) != SQLITE_OK) fail(sql);
    sqlite3_bind_text(q, 1, m_table.c_str(), -1, SQLITE_TRANSIENT);
    const bool found = sqlite3_step(q) == SQLITE_ROW;
    if (found) m_srs_id = sqlite3_column_int(q, 0);
    sqlite3_finalize(q);
    if (!found) fail("no gpkg_geometry_columns row");
  }
  {
    sqlite3_stmt* q = nullptr;
    const std::string sql =
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND lower(tbl_name) = "
        "lower(?) AND name LIKE 'trigger_%_feature_count_%' ORDER BY name";
    if (sqlite3_prepare_v2(m_db, sql.c_str(), -1, &q, nullptr) != SQLITE_OK) fail(sql);
    sqlite3_bind_text(q, 1, m_table.c_str(), -1, SQLITE_TRANSIENT);
    std::vector<std::string> names;
    while (sqlite3_step(q) == SQLITE_ROW) {
      names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 0)));
      m_triggers.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(q, 1)));
    }
    sqlite3_finalize(q);
    for (const std::string& name : names) exec("DROP TRIGGER " + sql_identifier(name));
  }
  std::string head = "INSERT INTO " + sql_identifier(m_table) + " (" + sql_identifier(fid_column) +
                     ", " + sql_identifier(geometry_column);
  for (const std::string& f : fields) head += ", " + sql_identifier(f);
  head += ") VALUES ";
  std::string one = "(?, ?";
  for (std::size_t i = 0; i < fields.size(); ++i) one += ", ?";
  one += ")";
  // As many rows as SQLite's limit on parameters allows, up to kRowsPerInsert.
  const auto limit =
      static_cast<std::size_t>(sqlite3_limit(m_db, SQLITE_LIMIT_VARIABLE_NUMBER, -1));
  m_batch = std::clamp<std::size_t>(limit / (2 + fields.size()), 1, kRowsPerInsert);
  std::string many = head + one;
  for (std::size_t k = 1; k < m_batch; ++k) many += ", " + one;
  if (sqlite3_prepare_v2(m_db, (head + one).c_str(), -1, &m_insert_one, nullptr) != SQLITE_OK)
    fail(head + one);
  if (sqlite3_prepare_v2(m_db, many.c_str(), -1, &m_insert_many, nullptr) != SQLITE_OK)
    fail(head + "... (" + std::to_string(m_batch) + " rows)");
  m_pending.resize(m_batch);
}

GpkgRows::~GpkgRows() {
  sqlite3_finalize(m_insert_one);
  sqlite3_finalize(m_insert_many);
}

void GpkgRows::fail(const std::string& what) const {
  throw ResourceError("cannot write layer '" + m_table + "' of " + m_file.string() + " (" + what +
                      "): " + sqlite3_errmsg(m_db));
}

void GpkgRows::exec(const std::string& sql) const {
  if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) fail(sql);
}

void GpkgRows::begin() {
  m_own_transaction = sqlite3_get_autocommit(m_db) != 0;
  if (m_own_transaction) exec("BEGIN");
}

void GpkgRows::commit() {
  flush();
  if (m_own_transaction) exec("COMMIT");
  m_own_transaction = false;
}

std::vector<unsigned char>& GpkgRows::next_blob(const std::vector<FieldValue>& row) {
  m_pending[m_queued].values = &row;
  return m_pending[m_queued].blob;
}

void GpkgRows::insert(double min_x, double max_x, double min_y, double max_y) {
  Pending& p = m_pending[m_queued++];
  p.fid = ++m_counts.features;
  if (min_x <= max_x) {
    m_index.boxes.push_back(FeatureBox::of(p.fid, min_x, max_x, min_y, max_y));
    m_counts.min_x = std::min(m_counts.min_x, min_x);
    m_counts.max_x = std::max(m_counts.max_x, max_x);
    m_counts.min_y = std::min(m_counts.min_y, min_y);
    m_counts.max_y = std::max(m_counts.max_y, max_y);
  }
  if (m_queued == m_batch) flush();
}

void GpkgRows::bind(sqlite3_stmt* stmt, int first, const Pending& p) const {
  sqlite3_bind_int64(stmt, first, p.fid);
  sqlite3_bind_blob(stmt, first + 1, p.blob.data(), static_cast<int>(p.blob.size()), SQLITE_STATIC);
  const std::vector<FieldValue>& row = *p.values;
  for (std::size_t c = 0; c < m_fields; ++c) {
    const int k = first + 2 + static_cast<int>(c);
    if (c >= row.size()) {
      sqlite3_bind_null(stmt, k);
      continue;
    }
    const FieldValue& v = row[c];
    if (const auto* i = std::get_if<std::int64_t>(&v))
      sqlite3_bind_int64(stmt, k, *i);
    else if (const auto* d = std::get_if<double>(&v))
      sqlite3_bind_double(stmt, k, *d);
    else if (const auto* s = std::get_if<std::string>(&v))
      sqlite3_bind_text(stmt, k, s->data(), static_cast<int>(s->size()), SQLITE_STATIC);
    else
      sqlite3_bind_null(stmt, k);
  }
}

void GpkgRows::flush() {
  const int per_row = 2 + static_cast<int>(m_fields);
  if (m_queued == m_batch) {
    for (std::size_t k = 0; k < m_batch; ++k)
      bind(m_insert_many, 1 + static_cast<int>(k) * per_row, m_pending[k]);
    if (sqlite3_step(m_insert_many) != SQLITE_DONE)
      fail("features " + std::to_string(m_pending.front().fid) + " to " +
           std::to_string(m_pending.back().fid));
    sqlite3_reset(m_insert_many);
  } else {
    for (std::size_t k = 0; k < m_queued; ++k) {
      bind(m_insert_one, 1, m_pending[k]);
      if (sqlite3_step(m_insert_one) != SQLITE_DONE)
        fail("feature " + std::to_string(m_pending[k].fid));
      sqlite3_reset(m_insert_one);
    }
  }
  m_queued = 0;
}

void GpkgRows::insert_point(Vec2 p, const std::vector<FieldValue>& row) {
  std::vector<unsigned char>& blob = next_blob(row);
  header(blob, 0x01, m_srs_id);  // little-endian, no envelope
  const std::uint8_t order = 1;
  put(blob, &order, 1);
  put(blob, &kWkbPoint, 4);
  put(blob, &p.x, 8);
  put(blob, &p.y, 8);
  insert(p.x, p.x, p.y, p.y);
}

void GpkgRows::insert_line(const std::vector<Vec2>& line, const std::vector<FieldValue>& row) {
  std::vector<unsigned char>& blob = next_blob(row);
  // minx, maxx, miny, maxy: the envelope's order; min > max for an empty line (no box).
  double box[4] = {1, 0, 1, 0};
  if (line.empty()) {
    header(blob, 0x01 | 0x10, m_srs_id);  // the empty flag, no envelope
  } else {
    box[0] = box[1] = line[0].x;
    box[2] = box[3] = line[0].y;
    for (const Vec2& v : line) {
      box[0] = std::min(box[0], v.x);
      box[1] = std::max(box[1], v.x);
      box[2] = std::min(box[2], v.y);
      box[3] = std::max(box[3], v.y);
    }
    header(blob, 0x01 | 0x02, m_srs_id);  // little-endian, envelope [minx, maxx, miny, maxy]
    put(blob, box, sizeof box);
  }
  const std::uint8_t order = 1;
  const auto n = static_cast<std::uint32_t>(line.size());
  put(blob, &order, 1);
  put(blob, &kWkbLineString, 4);
  put(blob, &n, 4);
  for (const Vec2& v : line) {
    put(blob, &v.x, 8);
    put(blob, &v.y, 8);
  }
  insert(box[0], box[1], box[2], box[3]);
}

GpkgTableCounts GpkgRows::finish() {
  commit();
  for (const std::string& sql : m_triggers) exec(sql);
  m_triggers.clear();
  write_gpkg_rtree(m_db, m_file, m_index);
  return m_counts;
}

void restore_gpkg_counts(sqlite3* db, const std::string& file,
                         const std::vector<GpkgTableCounts>& tables) {
  auto exec = [&](char* sql) {
    const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
    const std::string text = sql;
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
      throw ResourceError("cannot finish " + file + " (" + text + "): " + sqlite3_errmsg(db));
  };
  for (const GpkgTableCounts& t : tables) {
    if (t.features == 0) continue;  // GDAL leaves an empty table's count and extent NULL too
    exec(sqlite3_mprintf(
        "UPDATE gpkg_ogr_contents SET feature_count = %lld WHERE lower(table_name) = lower('%q')",
        static_cast<long long>(t.features), t.table.c_str()));
    // Formatted by SQLite's printf as GDAL 3.6 formats it (UpdateExtent), so that the stored
    // extent is the very value GDAL stores (SQLite's %.18g is not exact in the last digits).
    exec(sqlite3_mprintf(
        "UPDATE gpkg_contents SET min_x = %.18g, min_y = %.18g, max_x = %.18g, max_y = %.18g "
        "WHERE lower(table_name) = lower('%q') AND lower(data_type) = 'features'",
        t.min_x, t.min_y, t.max_x, t.max_y, t.table.c_str()));
  }
}

}  // namespace sunplan::io
