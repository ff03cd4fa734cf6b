#include "sunplan/scene/from_layers.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <variant>
#include <vector>

#include "finish_layer.hpp"

namespace sunplan::scene {

namespace {

constexpr double kNoValue = std::numeric_limits<double>::quiet_NaN();

LayerKind kind_of(GeometryKind k) {
  switch (k) {
    case GeometryKind::point:
      return LayerKind::point;
    case GeometryKind::line:
      return LayerKind::line;
    case GeometryKind::polygon:
      return LayerKind::polygon;
    case GeometryKind::none:
      break;
  }
  return LayerKind::table;
}

// Text as GDAL would give it for the same field (integers without a decimal point).
std::string as_text(const FieldValue& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.15g", *d);
    return buf;
  }
  return "";
}

double as_number(const FieldValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  if (const auto* s = std::get_if<std::string>(&v)) {
    try {
      return std::stod(*s);
    } catch (const std::exception&) {
      return kNoValue;
    }
  }
  return kNoValue;
}

}  // namespace

Scene scene_from_layers(const std::vector<OutputLayer>& layers, const std::string& working_crs,
                        const SceneOptions& options, Progress& progress) {
  std::vector<const OutputLayer*> chosen;
  for (const OutputLayer& l : layers) {
    if (options.layers.empty()) {
      chosen.push_back(&l);
      continue;
    }
    for (const std::string& name : options.layers)
      if (name == l.name) chosen.push_back(&l);
  }

  Scene scene;
  const double n = static_cast<double>(std::max<std::size_t>(1, chosen.size()));
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const OutputLayer& out = *chosen[i];
    report_or_cancel(progress, static_cast<double>(i) / n, "build " + out.name);
    Layer layer;
    layer.name = out.name;
    layer.kind = kind_of(out.kind);
    if (layer.kind != LayerKind::table) layer.source_crs = working_crs;
    for (const OutputField& f : out.fields) {
      Column c;
      c.name = f.name;
      c.numeric = f.type != FieldType::text;
      layer.columns.push_back(std::move(c));
    }
    for (std::size_t r = 0; r < out.rows.size(); ++r) {
      layer.fids.push_back(static_cast<std::int64_t>(r + 1));  // as a fresh GeoPackage numbers them
      for (std::size_t k = 0; k < layer.columns.size(); ++k) {
        Column& c = layer.columns[k];
        const FieldValue& v = k < out.rows[r].size() ? out.rows[r][k] : FieldValue{};
        if (c.numeric) {
          c.numbers.push_back(as_number(v));
        } else {
          c.texts.push_back(as_text(v));
        }
      }
    }
    std::vector<std::vector<std::vector<Vec2>>> lines;
    switch (layer.kind) {
      case LayerKind::polygon:
        layer.shapes = out.polygons;
        layer.shapes.resize(layer.fids.size());
        break;
      case LayerKind::line:
        for (const auto& l : out.lines)
          lines.push_back(l.size() >= 2 ? std::vector<std::vector<Vec2>>{l}
                                        : std::vector<std::vector<Vec2>>{});
        lines.resize(layer.fids.size());
        break;
      case LayerKind::point:
        layer.anchors = out.points;
        layer.anchors.resize(layer.fids.size(), Vec2{kNoValue, kNoValue});
        break;
      case LayerKind::table:
        break;
    }
    finish_layer(layer, lines, options, progress, static_cast<double>(i) / n,
                 static_cast<double>(i + 1) / n, scene.notes);
    add_to_scene(scene, std::move(layer));
  }
  report_or_cancel(progress, 1.0, "scene ready");
  return scene;
}

}  // namespace sunplan::scene
