#include "sunplan/scene/scene.hpp"

#include <cmath>
#include <cstdio>

namespace sunplan::scene {

const char* to_string(LayerKind kind) {
  switch (kind) {
    case LayerKind::polygon:
      return "polygon";
    case LayerKind::line:
      return "line";
    case LayerKind::point:
      return "point";
    case LayerKind::table:
      return "table";
  }
  return "?";
}

int Layer::column(std::string_view name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i].name == name) return static_cast<int>(i);
  return -1;
}

std::string Layer::value_text(std::size_t column_index, std::size_t feature) const {
  const Column& c = columns.at(column_index);
  if (!c.numeric) return c.texts.at(feature);
  const double v = c.numbers.at(feature);
  if (std::isnan(v)) return "";
  char buf[64];
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
  } else {
    std::snprintf(buf, sizeof buf, "%.4g", v);
  }
  return buf;
}

std::string Layer::text(std::size_t feature, std::initializer_list<std::string_view> names) const {
  for (std::string_view n : names) {
    const int c = column(n);
    if (c < 0) continue;
    std::string v = value_text(static_cast<std::size_t>(c), feature);
    if (!v.empty()) return v;
  }
  return "";
}

const Layer* Scene::find(std::string_view name) const {
  const int i = layer_index(name);
  return i < 0 ? nullptr : &layers[static_cast<std::size_t>(i)];
}

int Scene::layer_index(std::string_view name) const {
  for (std::size_t i = 0; i < layers.size(); ++i)
    if (layers[i].name == name) return static_cast<int>(i);
  return -1;
}

}  // namespace sunplan::scene
