// One SQL answer from a GeoPackage read with SQLite itself, not through GDAL: the oracle the
// GeoPackage writer's tests (gpkg_rtree_test, gpkg_rows_test) check its tables with.
#pragma once

#include <sqlite3.h>

#include <filesystem>
#include <string>

namespace sunplan::test {

// The first column of the first row of `sql` on the file `p` (read-only) as text: "NULL" for
// NULL, "no row" when there is none, the reason when SQLite cannot prepare it.
inline std::string sqlite_answer(const std::filesystem::path& p, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(p.string().c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* st = nullptr;
  std::string out = "prepare failed: " + std::string(sqlite3_errmsg(db));
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    out = "no row";
    if (sqlite3_step(st) == SQLITE_ROW) {
      const auto* t = sqlite3_column_text(st, 0);
      out = t ? reinterpret_cast<const char*>(t) : "NULL";
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}

}  // namespace sunplan::test
