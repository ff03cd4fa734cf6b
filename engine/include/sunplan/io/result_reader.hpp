// Reading a result GeoPackage back (the atlas, anything that works from a finished run):
// the mirror of ResultWriter, read-only, giving the engine's OutputLayer.
//
//   ResultReader result("out/demo.gpkg");                  // opened read-only
//   std::string crs = result.metadata("working_crs");      // run_metadata, "" when absent
//   OutputLayer towns = result.layer("townships", crs);    // geometry in metres of that CRS
//   int served = towns.field_index("served");
//
// The file is opened with GDAL_OF_READONLY and never written. Throws InputError naming the
// file (and layer) when it cannot be opened, is not a sunplan result (no run_metadata and no
// townships layer) or a requested layer is missing.
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sunplan/io/output_layer.hpp"

namespace sunplan {

class ResultReader {
 public:
  explicit ResultReader(const std::string& path);
  ~ResultReader();
  ResultReader(const ResultReader&) = delete;
  ResultReader& operator=(const ResultReader&) = delete;

  const std::string& path() const { return m_path; }
  bool has_layer(const std::string& name) const;
  std::vector<std::string> layer_names() const;
  // The run_metadata rows in file order.
  const std::vector<std::pair<std::string, std::string>>& metadata() const { return m_metadata; }
  std::string metadata(const std::string& key) const;
  // A layer with every field (integer, real, text; other types as text) and its geometry
  // (points, lines, polygons; multi-points as their first point) reprojected to
  // `target_crs` ("" = the layer's own CRS). A table comes back with GeometryKind::none.
  OutputLayer layer(const std::string& name, const std::string& target_crs = "") const;

 private:
  struct Impl;
  std::string m_path;
  std::vector<std::pair<std::string, std::string>> m_metadata;
  std::unique_ptr<Impl> m_impl;
};

// A row's value as a number (integers and reals), NaN when NULL or text.
double field_number(const OutputLayer& layer, std::size_t row, int field);
// A row's value as text ("" when NULL; numbers printed without trailing zeros).
std::string field_text(const OutputLayer& layer, std::size_t row, int field);

}  // namespace sunplan
