// What is in a data source, for `sunplan init --from`: its layers, their geometry, columns and
// a sample of their rows (decoded), the text encoding (decided by decoding the bytes), the
// coordinate columns of a table, and the positions to test coordinate systems with.
//
//   for (const LayerSummary& l : inspect_source("乡镇.shp")) print(l.layer, l.geometry,
//   l.encoding);
//
// Throws InputError when the source cannot be opened.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"

namespace sunplan {

struct LayerSummary {
  std::string source;  // as given
  std::string layer;
  std::string driver;
  std::string geometry;  // "polygon", "point", "line" or "none" (a table)
  std::int64_t features = 0;
  std::string crs;  // the source's CRS ("EPSG:4326", WKT, ...); "" when it has none
  bool crs_is_geographic = false;
  std::string x, y;           // a table's longitude/latitude columns, when it has them
  std::string encoding;       // what to declare: "" (UTF-8, or what a .cpg file says), "GBK", ...
  std::string encoding_note;  // the evidence, for a comment
  std::vector<std::string> columns;            // UTF-8 names
  std::vector<std::vector<std::string>> rows;  // a sample: rows[r][c], decoded ("" = empty)
  std::vector<Vec2> points;                    // sample positions, the layer's coordinates
  std::vector<std::size_t> point_row;          // the sample row of each point
  std::vector<MultiPolygon> polygons;          // every polygon (polygon layers)
  std::vector<std::size_t> polygon_row;        // its sample row

  int column_index(const std::string& name) const;    // -1 when absent
  std::vector<std::string> values(int column) const;  // the non-empty sample values
};

// The sources to inspect among what the user gave: a folder stands for the files in it; the
// side files of a Shapefile (.shx, .dbf, .prj, .cpg, ...) go with its .shp, and a .shp's .dbf
// is not a source of its own. `skipped` gets the files left out of a folder, with the reason.
std::vector<std::string> data_sources(const std::vector<std::string>& given,
                                      std::vector<std::string>& skipped);

// Every layer of a source (a file, or a "PG:" connection string). An OpenStreetMap extract
// (.osm.pbf, .osm) is one line layer, not opened.
std::vector<LayerSummary> inspect_source(const std::string& source);

}  // namespace sunplan
