// A GeoPackage spatial index (the gpkg_rtree_index extension) built in one pass from the
// features' boxes, instead of one R*-tree insertion per feature.
//
// GDAL 3.6 (Debian 12) builds a layer's index at close with INSERT INTO rtree SELECT ..., one
// R*-tree insertion per feature: 12 of 17 s for a million points, most of the GeoPackage write
// of a national run (docs/performance.md). GDAL 3.7 bulk-loads instead; this is the same idea
// for 3.6: the boxes are packed bottom-up (Sort-Tile-Recursive, Leutenegger et al. 1997) and
// the nodes written straight into SQLite's R*-tree shadow tables (_node, _rowid, _parent) in
// the format of SQLite's rtree module, with the triggers and gpkg_extensions row of the
// GeoPackage standard (Annex F.3), exactly as GDAL writes them. The result is an ordinary
// SQLite R*-tree: later edits go through SQLite (the triggers) as with GDAL's own index, and
// SQLite's rtreecheck() verifies it in the tests.
//
// Internal to io: ResultWriter creates GeoPackage layers with SPATIAL_INDEX=NO, records each
// feature's box as it writes it, and calls this after GDAL has closed the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

struct sqlite3;

namespace sunplan::io {

// One feature's bounding box in the layer's CRS, keyed by its feature id, as SQLite's R*-tree
// stores it: 32-bit floats rounded outwards (24 bytes a feature, for the millions of rows of a
// national run's per-youth layers held until commit).
struct FeatureBox {
  std::int64_t fid;
  float min_x, max_x, min_y, max_y;
  static FeatureBox of(std::int64_t fid, double min_x, double max_x, double min_y, double max_y);
};

struct RtreeTarget {
  std::string table;            // the feature table
  std::string geometry_column;  // "geom"
  std::string fid_column;       // "fid"
  std::vector<FeatureBox> boxes;
};

struct GpkgTableCounts;  // gpkg_rows.hpp

// Adds the R*-tree index of every target to the GeoPackage at `gpkg` (closed by GDAL), and the
// feature counts and extents of the tables whose rows went in straight through SQLite
// (gpkg_rows.hpp), in one SQLite transaction. Throws ResourceError naming the file and table
// when SQLite refuses.
void write_gpkg_rtrees(const std::filesystem::path& gpkg, std::vector<RtreeTarget>& targets,
                       const std::vector<GpkgTableCounts>& tables);

// The same for one target on a connection GDAL holds open (`db`), once its table is complete;
// the boxes are freed. In its own transaction unless one is open.
void write_gpkg_rtree(sqlite3* db, const std::filesystem::path& gpkg, RtreeTarget& target);

}  // namespace sunplan::io
