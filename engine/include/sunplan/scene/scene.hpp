// An immutable, GPU-free picture of a GeoPackage, ready for the viewer to upload once.
//
//   sunplan::NullProgress progress;
//   sunplan::scene::Scene s = sunplan::scene::load_scene("run.gpkg", {}, progress);
//   const sunplan::scene::Layer* units = s.find("townships");
//   int rate = units->column("served_rate");              // -1 when absent
//   for (std::size_t f = 0; f < units->size(); ++f)
//     colour(units->fill_vertex_spans[f], units->columns[rate].numbers[f]);
//
// Coordinates are metres in the display CRS (Web Mercator, EPSG:3857), so web-map zoom
// levels and lon/lat views map to it with plain formulas (display_crs.hpp). Polygons are
// triangulated once; each feature owns a contiguous range of vertices and of indices, so
// a choropleth recolours a feature by rewriting its vertex range only. The viewer sees
// only these plain types: no GDAL, GEOS or PROJ header reaches it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"

namespace sunplan::scene {

enum class LayerKind : std::uint8_t { polygon, line, point, table };
const char* to_string(LayerKind kind);

// One attribute column. Numeric columns (integer and real fields) hold numbers with NaN
// for NULL; every other field type is kept as UTF-8 text ("" for NULL).
struct Column {
  std::string name;
  bool numeric = false;
  std::vector<double> numbers;
  std::vector<std::string> texts;
  double min = 0.0;  // over finite values; min > max when there is none
  double max = -1.0;
};

// A contiguous range [first, first + count) of some array.
struct Span {
  std::uint32_t first = 0;
  std::uint32_t count = 0;
};

// A coarser copy of a polygon layer's drawable geometry (fills and outlines), feature for
// feature in the layer's order; see lod.hpp.
struct LodLevel {
  double tolerance_m = 0.0;  // Douglas-Peucker tolerance (display metres)
  double max_error_m = 0.0;  // bound on the distance to the full geometry (Hausdorff)
  std::vector<Vec2> fill_vertices;
  std::vector<std::uint32_t> fill_indices;
  std::vector<Span> fill_vertex_spans;
  std::vector<Span> fill_index_spans;
  std::vector<Vec2> line_vertices;
  std::vector<Span> line_parts;
  std::vector<Span> feature_parts;
};

struct Layer {
  std::string name;
  LayerKind kind = LayerKind::table;
  std::string source_crs;  // as read ("EPSG:4326", WKT, ...); empty for tables
  std::vector<Column> columns;
  std::vector<std::int64_t> fids;   // GDAL feature ids, one per feature
  std::vector<Box> feature_bounds;  // empty box for a feature without geometry
  Box bounds;

  // polygon: triangles (counter-clockwise) and the projected shapes for picking.
  std::vector<Vec2> fill_vertices;
  std::vector<std::uint32_t> fill_indices;  // absolute indexes into fill_vertices
  std::vector<Span> fill_vertex_spans;      // per feature
  std::vector<Span> fill_index_spans;       // per feature
  std::vector<MultiPolygon> shapes;         // per feature

  // line, and polygon outlines: each part is a strip of line_vertices.
  std::vector<Vec2> line_vertices;
  std::vector<Span> line_parts;
  std::vector<Span> feature_parts;  // per feature, a range of line_parts

  // point layers: one position per feature (the first point of a multipoint; NaN when
  // the feature has no geometry). polygon layers: a point inside each feature for labels.
  std::vector<Vec2> anchors;

  // polygon: simplified levels for zoomed-out views, finest first (lod.hpp); empty for
  // small layers. The arrays above are level 0.
  std::vector<LodLevel> lods;

  std::size_t size() const { return fids.size(); }
  // Index of the column named `name`, or -1.
  int column(std::string_view name) const;
  // A value for display: numbers without trailing zeros, "" for NULL.
  std::string value_text(std::size_t column_index, std::size_t feature) const;
  // The feature's text in the first present of `names`; "" when none is there.
  std::string text(std::size_t feature, std::initializer_list<std::string_view> names) const;
};

struct Scene {
  std::string source_path;
  std::string display_crs = "EPSG:3857";
  std::vector<Layer> layers;                                  // in the file's order
  std::vector<std::pair<std::string, std::string>> metadata;  // run_metadata key/value rows
  std::vector<std::string> notes;  // what was skipped or assumed, for the user to read
  Box bounds;                      // of every layer with geometry

  const Layer* find(std::string_view name) const;
  int layer_index(std::string_view name) const;
};

struct SceneOptions {
  std::vector<std::string> layers;  // names to load; empty = every layer
  // Douglas-Peucker tolerance (display metres) applied before triangulation; 0 keeps
  // every vertex. Topology is preserved, so neighbouring units still share borders.
  double simplify_tolerance_m = 0.0;
  bool outlines = true;  // keep polygon rings as line parts for drawing borders
  // Levels of detail (lod.hpp): polygon layers with at least lod_min_vertices vertices get
  // up to lod_levels coarser copies, simplified at lod_base_tolerance_m × 4^k display
  // metres (k = 0, 1, ...). lod_levels = 0 turns them off.
  int lod_levels = 4;
  double lod_base_tolerance_m = 100.0;
  std::size_t lod_min_vertices = 50000;
};

// Reads every vector layer (and attribute-only table) of a GDAL dataset. Throws
// InputError when the file cannot be opened or a requested layer is missing, and
// CancelledError when the progress asks to stop. Features with empty geometry are kept
// (their attributes still count) with empty spans.
Scene load_scene(const std::string& path, const SceneOptions& options, Progress& progress);

}  // namespace sunplan::scene
