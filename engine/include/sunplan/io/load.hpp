// Loads and validates every layer a scenario names into a projected Dataset.
//
//   Scenario sc = read_scenario("scenario.toml");
//   LoadResult r = load_dataset(sc, spread_rule, progress);   // pipeline/load.hpp passes one
//   for (const LayerReport& l : r.layers) print(l.role, l.features_read, l.rejected);
//   write_problems_layer(r.dataset.problems, "problems.gpkg", transaction);
//
// Environment faults (missing file or layer, missing required field, unknown CRS) throw
// InputError naming file, layer and field. Row faults never throw: the row is rejected,
// repaired or kept with a warning, and a Problem says which and why.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/io/locate.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/io/spreading.hpp"

namespace sunplan {

class OutputTransaction;

struct LayerReport {
  std::string role;
  std::string source;  // passwords hidden
  std::string layer;
  std::string driver;
  std::string crs;  // the CRS the layer was read in
  std::int64_t features_read = 0;
  std::int64_t kept = 0;
  std::int64_t rejected = 0;
  std::int64_t repaired = 0;
  std::int64_t warnings = 0;
  std::int64_t empty_geometries = 0;
  std::int64_t invalid_geometries = 0;  // repaired with MakeValid
  std::int64_t duplicate_ids = 0;
  std::int64_t outside_units = 0;  // points outside every township
  std::map<std::string, std::int64_t> geometry_types;
  Box extent_lonlat;
  std::vector<std::string> notes;  // e.g. columns named like a sunplan field but not mapped
  LocateSummary locate;            // rows placed from addresses (layers with `address`)
  // Mapped optional fields (age, category, capacity, ...): non-empty values read, and those
  // that could not be read and were taken as missing. Most of them unreadable means the field
  // is mapped to the wrong column or read in the wrong encoding (data_checks.hpp).
  struct FieldValues {
    std::string field, column;
    std::int64_t values = 0, unreadable = 0;
  };
  std::vector<FieldValues> optional_fields;
};

struct LoadResult {
  Dataset dataset;
  std::vector<LayerReport> layers;
  std::string townships_crs;  // the CRS of the townships layer ("input" output CRS)
  Box extent_lonlat;          // of the townships
  std::vector<Vec2> township_lonlat_centroids;  // aligned with dataset.admin.units (NaN if none)
  std::string youth_spread_note;  // set when youth came as counts per township and were spread
};

// Youth given as counts per township, and rows placed from their address only to a township,
// are put at points by `spread` (io/spreading.hpp); io has no rule of its own.
LoadResult load_dataset(const Scenario& scenario, const SpreadCounts& spread, Progress& progress);

// GDAL prints its own "ERROR 1: ..." lines to stderr; sunplan reports every error itself
// (with file, layer and row), so the CLI silences GDAL's printing once at start-up.
void silence_gdal_messages();

// Writes the problems as a point layer (WGS84) named "problems" into a new GeoPackage, one
// file of `out`'s set (renamed into place by out.commit()).
void write_problems_layer(const ProblemLog& problems, const std::string& path,
                          OutputTransaction& out);

}  // namespace sunplan
