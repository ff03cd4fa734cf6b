// The rows of a GeoPackage point or line layer inserted straight through SQLite, on the
// connection GDAL holds open, instead of one OGRFeature per row.
//
// A national run writes three layers of millions of rows (youth, youth_pairing, pairings).
// Through OGR each row is an OGRFeature (fields set one by one, a geometry object, GDAL's
// field bookkeeping): half the write's time in perf, besides SQLite's own insert
// (docs/performance.md). GDAL creates the table, its gpkg_contents and gpkg_geometry_columns
// rows and its feature-count triggers; this binds each row to one prepared INSERT, with the
// geometry as the very blob GDAL 3.6 writes (GeoPackage 1.3 §2.1.3: "GP", version 0, flags,
// srs_id, an envelope [minx, maxx, miny, maxy] for lines and none for points, then ISO WKB,
// little-endian). The feature-count triggers are dropped while the rows go in (each would
// update gpkg_ogr_contents per row) and put back after; GDAL, which never saw the rows,
// writes a NULL count at close, so the count and the extent are set once GDAL has closed the
// file (restore_gpkg_counts). The table's spatial index is built when its rows are complete
// (gpkg_rtree.hpp). The tests compare every byte with what OGR writes.
//
// Internal to io (ResultWriter).
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include "gpkg_rtree.hpp"
#include "sunplan/core/geometry.hpp"
#include "sunplan/io/output_layer.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace sunplan::io {

// What GDAL does not know of a table written by GpkgRows: set after GDAL has closed the file.
struct GpkgTableCounts {
  std::string table;
  std::int64_t features = 0;
  double min_x = std::numeric_limits<double>::infinity(), min_y = min_x;
  double max_x = -min_x, max_y = -min_x;
};

class GpkgRows {
 public:
  // `db`: GDAL's connection; `table` has been created by GDAL (SyncToDisk) with the fid
  // column, the geometry column and the columns `fields` (as GDAL named them, in the order of
  // the rows' values). Drops the table's feature-count triggers until finish().
  GpkgRows(sqlite3* db, std::filesystem::path file, std::string table,
           const std::string& fid_column, const std::string& geometry_column,
           const std::vector<std::string>& fields);
  ~GpkgRows();
  GpkgRows(const GpkgRows&) = delete;
  GpkgRows& operator=(const GpkgRows&) = delete;

  // One transaction per batch of rows (unless GDAL has one open).
  void begin();
  void commit();
  // Inserts the next feature (fids 1, 2, ... in order) and keeps its box for the spatial
  // index; coordinates are in the output CRS already. An empty line is written as GDAL writes
  // one, and has no box. The rows go to
  // SQLite up to kRowsPerInsert at a time (one INSERT of many rows: SQLite's per-statement work,
  // the AUTOINCREMENT bookkeeping of GDAL's tables among it, once for all of them), so `row`
  // must stay alive until the next commit().
  void insert_point(Vec2 p, const std::vector<FieldValue>& row);
  void insert_line(const std::vector<Vec2>& line, const std::vector<FieldValue>& row);
  static constexpr std::size_t kRowsPerInsert = 64;
  // Puts the feature-count triggers back and builds the table's spatial index (its boxes are
  // freed); the counts to set once GDAL has closed the file.
  GpkgTableCounts finish();

 private:
  // A row waiting for its INSERT: its fid, geometry blob and values.
  struct Pending {
    std::int64_t fid = 0;
    std::vector<unsigned char> blob;
    const std::vector<FieldValue>* values = nullptr;
  };
  // The blob of the row being added, whose values are `row`.
  std::vector<unsigned char>& next_blob(const std::vector<FieldValue>& row);
  // Queues that row, with the box [min_x, max_x] x [min_y, max_y] (none when min_x > max_x);
  // flushes a full batch.
  void insert(double min_x, double max_x, double min_y, double max_y);
  void bind(sqlite3_stmt* stmt, int first, const Pending& row) const;
  void flush();  // every queued row
  [[noreturn]] void fail(const std::string& what) const;
  void exec(const std::string& sql) const;

  sqlite3* m_db;
  std::filesystem::path m_file;
  std::string m_table;
  int m_srs_id = 0;
  std::size_t m_fields;
  sqlite3_stmt* m_insert_one = nullptr;   // one row
  std::size_t m_batch = 1;                // rows per m_insert_many
  sqlite3_stmt* m_insert_many = nullptr;  // m_batch rows
  std::vector<std::string> m_triggers;    // the CREATE TRIGGER statements dropped
  std::vector<Pending> m_pending;         // m_batch slots, blobs reused
  std::size_t m_queued = 0;
  GpkgTableCounts m_counts;
  RtreeTarget m_index;  // every row's box, for the index finish() builds
  bool m_own_transaction = false;
};

// `identifier` as an SQL identifier in double quotes.
std::string sql_identifier(const std::string& identifier);

// Sets the feature counts (gpkg_ogr_contents) and extents (gpkg_contents) of `tables` on a
// connection of our own, once GDAL has closed the file.
void restore_gpkg_counts(sqlite3* db, const std::string& file,
                         const std::vector<GpkgTableCounts>& tables);

}  // namespace sunplan::io
