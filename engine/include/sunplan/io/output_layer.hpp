// A result layer in engine terms, written by any GDAL vector driver.
//
//   OutputLayer units("units", GeometryKind::polygon);
//   units.fields = {{"code", FieldType::text}, {"served", FieldType::integer}};
//   units.add_polygon(unit.geometry, {unit.code, std::int64_t{42}});
//   ResultWriter out("run.gpkg", working_crs, "EPSG:4326");
//   out.write(units);
//   out.commit();                       // renames the temporary file into place
//
// Geometry is in the working CRS; the writer reprojects to the output CRS. Until
// commit() the result lives in a temporary file beside the target, so a failed or
// killed run never leaves a half-written file under the final name. The target follows the
// output rules of OutputTransaction (never an input, never a file sunplan did not write);
// a command writing several files passes its transaction, and commits it once for all.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "sunplan/core/geometry.hpp"

namespace sunplan {

class OutputTransaction;

enum class FieldType { integer, real, text };
enum class GeometryKind { none, point, line, polygon };

struct OutputField {
  std::string name;
  FieldType type = FieldType::text;
};

using FieldValue = std::variant<std::monostate, std::int64_t, double, std::string>;

// NULL for an empty text, the text otherwise.
inline FieldValue text_or_null(const std::string& s) {
  return s.empty() ? FieldValue{} : FieldValue{s};
}

struct OutputLayer {
  std::string name;
  GeometryKind kind = GeometryKind::none;
  std::vector<OutputField> fields;
  std::vector<std::vector<FieldValue>> rows;
  std::vector<Vec2> points;              // kind == point
  std::vector<std::vector<Vec2>> lines;  // kind == line
  std::vector<MultiPolygon> polygons;    // kind == polygon
  // A placeholder for a layer built only when it is written (a run's per-youth layers:
  // pipeline/per_youth_layers.hpp); it has no fields or rows here.
  bool deferred = false;

  OutputLayer() = default;
  OutputLayer(std::string n, GeometryKind k) : name(std::move(n)), kind(k) {}
  void add_row(std::vector<FieldValue> values) { rows.push_back(std::move(values)); }
  void add_point(Vec2 p, std::vector<FieldValue> values) {
    points.push_back(p);
    add_row(std::move(values));
  }
  void add_line(std::vector<Vec2> l, std::vector<FieldValue> values) {
    lines.push_back(std::move(l));
    add_row(std::move(values));
  }
  void add_polygon(MultiPolygon mp, std::vector<FieldValue> values) {
    polygons.push_back(std::move(mp));
    add_row(std::move(values));
  }
  std::size_t size() const { return rows.size(); }
};

// A QGIS style for one layer, stored in the GeoPackage's layer_styles table.
struct LayerStyle {
  std::string layer;
  std::string name;
  std::string qml;  // QGIS style XML
  std::string sld;  // may be empty
};

class ResultWriter {
 public:
  // `driver` is a GDAL vector driver name ("GPKG", "ESRI Shapefile", "GeoJSON",
  // "FlatGeobuf", "KML", "CSV", "PostgreSQL"); for a directory-based driver (Shapefile,
  // CSV) `path` is a folder and each layer a file in it.
  ResultWriter(const std::string& path, const std::string& working_crs,
               const std::string& output_crs, const std::string& driver = "GPKG");
  // The file is one of `out`'s set: commit() only finishes it, `out.commit()` renames it.
  ResultWriter(OutputTransaction& out, const std::string& path, const std::string& working_crs,
               const std::string& output_crs, const std::string& driver = "GPKG");
  // PostGIS: `path` is a "PG:" connection string and every layer goes into `schema`. The
  // layers are written into a temporary schema that replaces `schema` in one transaction at
  // commit(), so readers never see a half-written result. The schema name must be a plain
  // identifier ([a-z_][a-z0-9_]*, at most 48 characters): anything else is a UsageError.
  static ResultWriter postgis(const std::string& connection, const std::string& schema,
                              const std::string& working_crs, const std::string& output_crs);
  ~ResultWriter();  // discards the temporary output unless commit() succeeded
  ResultWriter(const ResultWriter&) = delete;
  ResultWriter& operator=(const ResultWriter&) = delete;
  ResultWriter(ResultWriter&&) noexcept;
  ResultWriter& operator=(ResultWriter&&) noexcept;

  void write(const OutputLayer& layer);
  // More rows of the layer written last (same name, kind and fields): a layer too large to
  // hold whole is written in parts (pipeline/per_youth_layers.hpp).
  void append(const OutputLayer& more);
  // GeoPackage only: QGIS styles in layer_styles (the first per layer is the default).
  void write_styles(const std::vector<LayerStyle>& styles);
  // GeoPackage point and line layers: every row through OGR (one OGRFeature each) instead of
  // straight to SQLite, for the tests that compare the two.
  void use_ogr_rows();
  // Flushes and closes; moves the temporary output to the final path unless the writer belongs
  // to a caller's OutputTransaction (which then commits it with the rest of its set).
  void commit();

 private:
  ResultWriter() = default;
  ResultWriter(OutputTransaction* out, const std::string& path, const std::string& working_crs,
               const std::string& output_crs, const std::string& driver);
  void start_layer(const OutputLayer& layer);  // creates it, with its fields, as the current one
  void write_rows(const OutputLayer& layer);   // into the current layer
  void write_direct_rows(const OutputLayer& layer);  // the same, straight to SQLite
  void finish_layer();                               // the current layer's direct rows are complete
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

// Is `name` a plain SQL identifier sunplan accepts for a schema (see ResultWriter::postgis)?
bool is_plain_identifier(const std::string& name);

// Index of the field called `name` in `layer.fields`, or -1.
inline int field_index(const OutputLayer& layer, const std::string& name) {
  for (std::size_t i = 0; i < layer.fields.size(); ++i)
    if (layer.fields[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace sunplan
