#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "finish_layer.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/geos_ops.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/vector_reader.hpp"
#include "sunplan/scene/lod.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Features triangulated between two progress reports (and cancellation checks).
constexpr std::size_t kChunk = 1024;

bool is_internal_table(const std::string& name) {
  return name.rfind("gpkg_", 0) == 0 || name.rfind("rtree_", 0) == 0 || name == "layer_styles" ||
         name == "sqlite_sequence";
}

// Points, lines and areas are drawn; anything else is shown as a table.
LayerKind kind_of(io::VectorGeometry type) {
  switch (type) {
    case io::VectorGeometry::point:
      return LayerKind::point;
    case io::VectorGeometry::line:
      return LayerKind::line;
    case io::VectorGeometry::polygon:
      return LayerKind::polygon;
    default:
      return LayerKind::table;
  }
}

// Every coordinate of a layer, gathered so PROJ transforms the layer in one call.
struct Gather {
  std::vector<Vec2*> refs;
  void add(Vec2& v) { refs.push_back(&v); }
  void add(MultiPolygon& mp) {
    for (Polygon& p : mp)
      for (Ring& r : p.rings)
        for (Vec2& v : r) add(v);
  }
  // Returns how many coordinates did not project.
  std::size_t project(const geo::Transformer& t) {
    std::vector<double> x(refs.size()), y(refs.size());
    for (std::size_t i = 0; i < refs.size(); ++i) {
      x[i] = refs[i]->x;
      y[i] = refs[i]->y;
    }
    const std::size_t bad = t.transform(x, y);
    for (std::size_t i = 0; i < refs.size(); ++i) *refs[i] = {x[i], y[i]};
    return bad;
  }
};

bool finite(const MultiPolygon& mp) {
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings)
      for (const Vec2& v : r)
        if (!std::isfinite(v.x) || !std::isfinite(v.y)) return false;
  return true;
}

// A point inside the shape for its label: the area centroid when it falls inside, else
// the centroid of the largest triangle.
Vec2 label_point(const MultiPolygon& shape, const std::vector<Vec2>& v,
                 const std::vector<std::uint32_t>& idx, Span index_span) {
  double area_sum = 0.0, cx = 0.0, cy = 0.0, best_area = -1.0;
  Vec2 best{kNaN, kNaN};
  const std::uint32_t end = index_span.first + index_span.count;
  for (std::uint32_t k = index_span.first; k + 2 < end; k += 3) {
    const Vec2 a = v[idx[k]], b = v[idx[k + 1]], c = v[idx[k + 2]];
    const double area = std::fabs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y)) / 2.0;
    const Vec2 g{(a.x + b.x + c.x) / 3.0, (a.y + b.y + c.y) / 3.0};
    area_sum += area;
    cx += area * g.x;
    cy += area * g.y;
    if (area > best_area) {
      best_area = area;
      best = g;
    }
  }
  if (area_sum <= 0.0) return best;
  const Vec2 centroid{cx / area_sum, cy / area_sum};
  return contains(shape, centroid) ? centroid : best;
}

void finish_column_ranges(Layer& layer) {
  for (Column& c : layer.columns) {
    if (!c.numeric) continue;
    for (double v : c.numbers) {
      if (!std::isfinite(v)) continue;
      if (c.min > c.max) {
        c.min = c.max = v;
      } else {
        c.min = std::min(c.min, v);
        c.max = std::max(c.max, v);
      }
    }
  }
}

void build_polygons(Layer& layer, const SceneOptions& options, Progress& progress, double f0,
                    double f1) {
  const std::size_t n = layer.shapes.size();
  std::vector<geo::Triangulation> tris(n);
  for (std::size_t start = 0; start < n; start += kChunk) {
    report_or_cancel(progress, f0 + (f1 - f0) * static_cast<double>(start) / static_cast<double>(n),
                     "triangulate " + layer.name);
    const std::size_t end = std::min(n, start + kChunk);
    tbb::parallel_for(start, end, [&](std::size_t f) {
      MultiPolygon& shape = layer.shapes[f];
      if (shape.empty()) return;
      if (options.simplify_tolerance_m > 0.0) {
        try {
          shape = geo::simplify(shape, options.simplify_tolerance_m);
        } catch (const Error&) {
          // keep the full shape: simplification is only an optimisation
        }
      }
      try {
        tris[f] = geo::triangulate_robust(shape);
      } catch (const Error&) {
        tris[f] = {};  // reported below as a feature without fill
      }
    });
  }
  std::size_t unfilled = 0;
  for (std::size_t f = 0; f < n; ++f) {
    geo::Triangulation& t = tris[f];
    const auto base = static_cast<std::uint32_t>(layer.fill_vertices.size());
    layer.fill_vertex_spans.push_back({base, static_cast<std::uint32_t>(t.vertices.size())});
    layer.fill_index_spans.push_back({static_cast<std::uint32_t>(layer.fill_indices.size()),
                                      static_cast<std::uint32_t>(t.indices.size())});
    layer.fill_vertices.insert(layer.fill_vertices.end(), t.vertices.begin(), t.vertices.end());
    for (std::uint32_t i : t.indices) layer.fill_indices.push_back(base + i);
    if (t.indices.empty() && !layer.shapes[f].empty()) ++unfilled;
    layer.anchors.push_back(label_point(layer.shapes[f], layer.fill_vertices, layer.fill_indices,
                                        layer.fill_index_spans[f]));
    t = {};

    const auto first_part = static_cast<std::uint32_t>(layer.line_parts.size());
    if (options.outlines) {
      for (const Polygon& p : layer.shapes[f])
        for (const Ring& r : p.rings) {
          layer.line_parts.push_back({static_cast<std::uint32_t>(layer.line_vertices.size()),
                                      static_cast<std::uint32_t>(r.size())});
          layer.line_vertices.insert(layer.line_vertices.end(), r.begin(), r.end());
        }
    }
    layer.feature_parts.push_back(
        {first_part, static_cast<std::uint32_t>(layer.line_parts.size()) - first_part});
  }
  (void)unfilled;
}

Layer read_layer(const io::VectorLayer& source, LayerKind kind, const std::string& crs,
                 const SceneOptions& options, Progress& progress, double f0, double f1,
                 std::vector<std::string>& notes) {
  Layer layer;
  layer.name = source.name();
  layer.kind = kind;
  layer.source_crs = crs;
  for (const io::VectorField& field : source.fields()) {
    Column c;
    c.name = field.name;
    c.numeric = field.numeric;
    layer.columns.push_back(std::move(c));
  }
  const int field_count = static_cast<int>(layer.columns.size());

  std::vector<std::vector<std::vector<Vec2>>> lines;
  const std::int64_t total = std::max<std::int64_t>(1, source.feature_count());
  const double read_share = kind == LayerKind::polygon ? 0.4 : 0.9;
  std::size_t row = 0;
  source.for_each_feature([&](const io::VectorFeature& feature) {
    if (row % 4096 == 0)
      report_or_cancel(
          progress,
          f0 + (f1 - f0) * read_share * static_cast<double>(row) / static_cast<double>(total),
          "read " + layer.name);
    ++row;
    layer.fids.push_back(feature.fid());
    for (int i = 0; i < field_count; ++i) {
      Column& c = layer.columns[static_cast<std::size_t>(i)];
      const bool set = feature.is_set(i);
      if (c.numeric) {
        c.numbers.push_back(set ? feature.number(i) : kNaN);
      } else {
        c.texts.emplace_back(set ? feature.text(i) : "");
      }
    }
    const bool has = feature.has_geometry();
    switch (kind) {
      case LayerKind::polygon:
        layer.shapes.push_back(has ? feature.polygons() : MultiPolygon{});
        break;
      case LayerKind::line:
        lines.push_back(has ? feature.lines() : std::vector<std::vector<Vec2>>{});
        break;
      case LayerKind::point:
        layer.anchors.push_back(has ? feature.point() : Vec2{kNaN, kNaN});
        break;
      case LayerKind::table:
        break;
    }
  });
  finish_layer(layer, lines, options, progress, f0 + (f1 - f0) * read_share, f1, notes);
  return layer;
}

}  // namespace

// Shared by load_scene and scene_from_layers: `layer` holds its columns and its geometry
// in layer.source_crs (shapes, `lines`, anchors); this projects and triangulates it.
void add_to_scene(Scene& scene, Layer layer) {
  if (layer.name == "run_metadata") {
    const int k = layer.column("key"), v = layer.column("value");
    if (k >= 0 && v >= 0)
      for (std::size_t f = 0; f < layer.size(); ++f)
        scene.metadata.emplace_back(layer.value_text(static_cast<std::size_t>(k), f),
                                    layer.value_text(static_cast<std::size_t>(v), f));
  }
  scene.bounds.expand(layer.bounds);
  scene.layers.push_back(std::move(layer));
}

void finish_layer(Layer& layer, std::vector<std::vector<std::vector<Vec2>>>& lines,
                  const SceneOptions& options, Progress& progress, double f0, double f1,
                  std::vector<std::string>& notes) {
  const LayerKind kind = layer.kind;
  const std::string& crs = layer.source_crs;
  finish_column_ranges(layer);
  if (kind == LayerKind::table) return;

  // Project everything at once.
  Gather gather;
  for (MultiPolygon& mp : layer.shapes) gather.add(mp);
  for (auto& parts : lines)
    for (auto& part : parts)
      for (Vec2& v : part) gather.add(v);
  for (Vec2& v : layer.anchors) gather.add(v);
  const geo::Transformer to_display(crs, "EPSG:3857");
  if (const std::size_t bad = gather.project(to_display); bad > 0)
    notes.push_back(layer.name + ": " + std::to_string(bad) +
                    " coordinates outside the display CRS");

  if (kind == LayerKind::polygon) {
    for (MultiPolygon& mp : layer.shapes)
      if (!finite(mp)) mp.clear();
    const double mid = f0 + 0.7 * (f1 - f0);
    build_polygons(layer, options, progress, f0, mid);
    build_lods(layer, options, progress, mid, f1);
    for (const MultiPolygon& mp : layer.shapes) layer.feature_bounds.push_back(bounds(mp));
  } else if (kind == LayerKind::line) {
    for (auto& parts : lines) {
      const auto first_part = static_cast<std::uint32_t>(layer.line_parts.size());
      Box b;
      for (auto& part : parts) {
        const bool ok = std::all_of(part.begin(), part.end(), [](Vec2 v) {
          return std::isfinite(v.x) && std::isfinite(v.y);
        });
        if (!ok) continue;
        layer.line_parts.push_back({static_cast<std::uint32_t>(layer.line_vertices.size()),
                                    static_cast<std::uint32_t>(part.size())});
        for (Vec2 v : part) {
          layer.line_vertices.push_back(v);
          b.expand(v);
        }
      }
      layer.feature_parts.push_back(
          {first_part, static_cast<std::uint32_t>(layer.line_parts.size()) - first_part});
      layer.feature_bounds.push_back(b);
    }
  } else {
    for (Vec2& v : layer.anchors) {
      Box b;
      if (std::isfinite(v.x) && std::isfinite(v.y)) {
        b.expand(v);
      } else {
        v = {kNaN, kNaN};
      }
      layer.feature_bounds.push_back(b);
    }
  }
  for (const Box& b : layer.feature_bounds) layer.bounds.expand(b);
}

Scene load_scene(const std::string& path, const SceneOptions& options, Progress& progress) {
  const io::VectorReader file(path);
  if (!file) throw InputError(path, "", -1, "", file.error());

  std::vector<io::VectorLayer> chosen;
  if (options.layers.empty()) {
    for (const io::VectorLayer& l : file.layers())
      if (!is_internal_table(l.name())) chosen.push_back(l);
  } else {
    for (const std::string& name : options.layers) {
      const std::optional<io::VectorLayer> l = file.layer(name);
      if (!l) throw InputError(path, name, -1, "", "no such layer");
      chosen.push_back(*l);
    }
  }

  Scene scene;
  scene.source_path = path;
  const double n = static_cast<double>(std::max<std::size_t>(1, chosen.size()));
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const io::VectorLayer& source = chosen[i];
    const io::VectorGeometry declared = source.geometry_type();
    LayerKind kind = kind_of(declared);
    // A layer of unknown geometry type takes the kind of its first geometry.
    if (kind == LayerKind::table && declared != io::VectorGeometry::none)
      kind = kind_of(source.first_geometry_type());
    std::string crs;
    if (kind != LayerKind::table) {
      if (const std::optional<std::string> defined = source.crs()) {
        crs = *defined;
      } else {
        crs = "EPSG:4326";
        scene.notes.push_back(source.name() + ": no CRS; assumed EPSG:4326");
      }
    }
    Layer layer = read_layer(source, kind, crs, options, progress, static_cast<double>(i) / n,
                             static_cast<double>(i + 1) / n, scene.notes);
    add_to_scene(scene, std::move(layer));
  }
  report_or_cancel(progress, 1.0, "scene ready");
  return scene;
}

}  // namespace sunplan::scene
