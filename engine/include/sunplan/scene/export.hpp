// Writes one layer the viewer shows to a GIS file: GeoPackage, Shapefile (UTF-8 .cpg),
// GeoJSON (RFC 7946, WGS84), FlatGeobuf, KML or CSV (geometry as WKT).
//
//   export_layer(run, "townships", LayerFormat::shapefile, "out/townships.shp", progress);
//   export_layer("out/demo.gpkg", "gaps", LayerFormat::geojson, "gaps.geojson", progress);
//
// The first form writes a scenario run's in-memory layers (after a what-if or a siting run:
// what the map shows) through the engine's ResultWriter, in the CRS `sunplan run` writes;
// the second converts a layer of a file the viewer opened. Both reuse `sunplan export`'s
// conversion (export_result), so the files equal what the CLI would make; only sunplan outputs
// are converted (a raw input opened in the viewer is refused: it may hold personal fields).
// Everything is written under temporary names and renamed into place as one set, by the
// output rules of OutputTransaction: never over the scenario's inputs or the open file, and an
// existing file sunplan did not write is replaced only with `replace_existing`. A Shapefile's
// side files (.dbf, .shx, .prj, .cpg) take the stem of `path`. GDAL-free header: the viewer
// may include it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/scene/session.hpp"

namespace sunplan::scene {

enum class LayerFormat { geopackage, shapefile, geojson, flatgeobuf, kml, csv };

// Every format, in the order the export panel lists them.
std::vector<LayerFormat> layer_formats();
std::string_view format_label(LayerFormat f);      // "GeoPackage", "Shapefile", ...
std::string_view format_extension(LayerFormat f);  // ".gpkg", ".shp", ".geojson", ...
// "gpkg", "shp", "geojson", "fgb", "kml", "csv" (and long names); false when unknown.
bool parse_layer_format(std::string_view text, LayerFormat& out);
// Does the format hold a layer without geometry (an attribute table)?
bool format_takes_tables(LayerFormat f);

struct LayerExportReport {
  std::vector<std::string> files;  // every file written (a Shapefile writes several)
  std::int64_t features = 0;
};

// Throws UsageError for an unknown layer, a table into a geometry-only format or a path the
// output rules refuse, InputError for a source that is not a sunplan output,
// ResourceError when the file cannot be written, CancelledError on cancel.
LayerExportReport export_layer(const ScenarioRun& run, const std::string& layer, LayerFormat format,
                               const std::string& path, Progress& progress,
                               bool replace_existing = false);
LayerExportReport export_layer(const std::string& source_path, const std::string& layer,
                               LayerFormat format, const std::string& path, Progress& progress,
                               bool replace_existing = false);

}  // namespace sunplan::scene
