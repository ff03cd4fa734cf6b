// Converts a result GeoPackage into other GIS formats, and rasterises distance to the
// nearest base as a GeoTIFF.
//
//   ExportOptions o{"out/demo.gpkg", "out/demo-shp", ExportFormat::shapefile};
//   export_result(o, progress);        // out/demo-shp/townships.shp (+ .cpg UTF-8) ...
//
// Only sunplan outputs are exported (a raw input is refused: it may hold personal fields).
// Multi-file formats (Shapefile, GeoJSON, FlatGeobuf, CSV) add one file per layer to a
// folder, never replacing an existing name without `force`; KML and GeoTIFF write one file.
// Everything is written under temporary names and renamed at the end, as one set, by the
// output rules of OutputTransaction (never over the input).
#pragma once

#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"

namespace sunplan {

enum class ExportFormat { shapefile, geojson, flatgeobuf, kml, csv, gtiff_distance };

// "shp", "geojson", "fgb", "kml", "csv", "gtiff"; false when unknown.
bool parse_export_format(const std::string& text, ExportFormat& out);

struct ExportOptions {
  std::string input;   // result GeoPackage of sunplan run
  std::string output;  // folder or file, see above
  ExportFormat format = ExportFormat::geojson;
  std::vector<std::string> layers;  // empty: every result layer (not layer_styles)
  std::string crs;                  // empty: keep (GeoJSON and KML are always WGS84)
  double cell_size_m = 0;           // GeoTIFF: 0 = about 1000 cells across the extent
  bool force = false;               // replace existing files (never the input)
};

struct ExportReport {
  std::vector<std::string> files;
  std::int64_t features = 0;
};

ExportReport export_result(const ExportOptions& options, Progress& progress);

}  // namespace sunplan
