#include "layer_style.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace sunplan::viewer {

namespace {

// Lower rank = drawn first (below).
int default_rank(const scene::Layer& l) {
  static constexpr std::string_view kOrder[] = {
      "provinces",  "cities", "counties", "townships",   "catchment_union",
      "catchments", "gaps",   "roads",    "assignments", "villages",
      "youth",      "teams",  "problems", "bases",       "sites"};  // chosen sites on top
  const auto it = std::find(std::begin(kOrder), std::end(kOrder), l.name);
  const int known = static_cast<int>(it - std::begin(kOrder));
  const int kind_rank = l.kind == scene::LayerKind::polygon ? 0
                        : l.kind == scene::LayerKind::line  ? 100
                                                            : 200;
  if (it != std::end(kOrder)) return known * 10 + (l.kind == scene::LayerKind::point ? 200 : 0);
  return kind_rank + 5;
}

std::uint8_t alpha(float opacity) {
  return static_cast<std::uint8_t>(std::lround(std::clamp(opacity, 0.0f, 1.0f) * 255.0f));
}

}  // namespace

ViewStyle default_view_style(const scene::Scene& scene, const std::string& field) {
  ViewStyle view;
  const bool has_townships = scene.find("townships") != nullptr;
  for (const scene::Layer& l : scene.layers) {
    LayerStyle s;
    const std::string& n = l.name;
    if (l.kind == scene::LayerKind::polygon) {
      const int c = l.column(field);
      if (c >= 0 && l.columns[static_cast<std::size_t>(c)].numeric) s.choropleth_column = c;
      if (n == "townships" || (!has_townships && s.choropleth_column >= 0)) {
        s.labels = true;
        s.fill_colour = {225, 221, 208, 255};
      } else if (n == "counties" || n == "cities" || n == "provinces") {
        s.fill = false;
        s.line_colour = {40, 40, 40, 255};
        s.choropleth_column = -1;
      } else if (n == "catchments") {
        s.fill_colour = {49, 130, 189, 255};
        s.line_colour = {49, 130, 189, 255};
        s.opacity = 0.25f;
      } else if (n == "catchment_union") {
        s.visible = false;
        s.fill_colour = {49, 130, 189, 255};
        s.opacity = 0.25f;
      } else if (n == "gaps") {
        s.fill_colour = kGapColour;
        s.line_colour = {150, 20, 20, 255};
        s.opacity = 0.5f;
        s.choropleth_column = -1;
      }
    } else if (l.kind == scene::LayerKind::line) {
      s.line_colour = n == "roads" ? Rgba{150, 140, 120, 255} : Rgba{70, 70, 140, 255};
    } else if (l.kind == scene::LayerKind::point) {
      if (n == "bases") {
        s.point_size_px = 11.0f;
      } else if (n == "youth") {
        s.point_size_px = 4.0f;
        s.fill_colour = {60, 60, 160, 255};
        s.weight_column = count_column(l);
        s.density = l.size() > kDensityDefaultPoints;
        if (s.density) s.opacity = 0.8f;
      } else if (n == "sites") {
        s.point_size_px = 18.0f;  // chosen new sites: large gold stars
        s.fill_colour = {255, 200, 0, 255};
      } else if (n == "teams") {
        s.point_size_px = 8.0f;
        s.fill_colour = {120, 60, 150, 255};
      } else if (n == "problems") {
        s.visible = false;
        s.fill_colour = {230, 0, 200, 255};
      } else {
        s.point_size_px = 5.0f;
        s.fill_colour = {100, 100, 100, 255};
      }
    } else {
      s.visible = false;
    }
    view.layers.push_back(s);
  }
  std::vector<int> order;
  for (std::size_t i = 0; i < scene.layers.size(); ++i)
    if (scene.layers[i].kind != scene::LayerKind::table) order.push_back(static_cast<int>(i));
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    return default_rank(scene.layers[static_cast<std::size_t>(a)]) <
           default_rank(scene.layers[static_cast<std::size_t>(b)]);
  });
  view.draw_order = std::move(order);
  return view;
}

int count_column(const scene::Layer& layer) {
  for (std::string_view name : {"count", "youth", "youth_count", "n"}) {
    const int c = layer.column(name);
    if (c >= 0 && layer.columns[static_cast<std::size_t>(c)].numeric) return c;
  }
  return -1;
}

std::vector<std::string> apply_layer_styles(
    ViewStyle& view, const scene::Scene& scene,
    const std::vector<std::pair<std::string, std::string>>& styles) {
  std::vector<std::string> rejected;
  for (const auto& [name, style] : styles) {
    const int i = scene.layer_index(name);
    if (i < 0 || scene.layers[static_cast<std::size_t>(i)].kind != scene::LayerKind::point ||
        (style != "density" && style != "points")) {
      rejected.push_back(name + "=" + style);
      continue;
    }
    LayerStyle& s = view.layers[static_cast<std::size_t>(i)];
    s.density = style == "density";
    s.weight_column = count_column(scene.layers[static_cast<std::size_t>(i)]);
    if (s.density) s.opacity = std::min(s.opacity, 0.8f);
  }
  return rejected;
}

void see_through_fills(ViewStyle& view, const scene::Scene& scene) {
  for (std::size_t i = 0; i < view.layers.size() && i < scene.layers.size(); ++i)
    if (scene.layers[i].kind == scene::LayerKind::polygon)
      view.layers[i].opacity = std::min(view.layers[i].opacity, kBasemapFillOpacity);
}

std::vector<std::string> show_only(ViewStyle& view, const scene::Scene& scene,
                                   const std::vector<std::string>& names) {
  std::vector<std::string> unknown;
  for (LayerStyle& s : view.layers) s.visible = false;
  for (const std::string& n : names) {
    const int i = scene.layer_index(n);
    if (i < 0) {
      unknown.push_back(n);
    } else {
      view.layers[static_cast<std::size_t>(i)].visible = true;
    }
  }
  return unknown;
}

std::vector<Rgba> feature_colours(const scene::Layer& layer, const LayerStyle& style) {
  std::vector<Rgba> out(layer.size(), style.fill_colour);
  const std::uint8_t a = alpha(style.opacity);
  if (style.choropleth_column >= 0 &&
      static_cast<std::size_t>(style.choropleth_column) < layer.columns.size()) {
    const scene::Column& c = layer.columns[static_cast<std::size_t>(style.choropleth_column)];
    if (c.numeric) {
      const Choropleth ch = choropleth_for(c);
      for (std::size_t f = 0; f < out.size(); ++f) out[f] = ch.colour(c.numbers[f]);
    }
  } else if (layer.kind == scene::LayerKind::point && layer.name == "bases") {
    const int type = layer.column("type");
    if (type >= 0)
      for (std::size_t f = 0; f < out.size(); ++f)
        out[f] = base_type_colour(layer.value_text(static_cast<std::size_t>(type), f));
  }
  for (Rgba& c : out) c.a = a;
  return out;
}

std::vector<float> feature_shapes(const scene::Layer& layer) {
  if (layer.name == "sites")
    return std::vector<float>(layer.size(), static_cast<float>(kStarShape));
  std::vector<float> out(layer.size(), 0.0f);
  const int status = layer.column("status");
  if (status < 0) return out;
  for (std::size_t f = 0; f < out.size(); ++f)
    out[f] = static_cast<float>(
        base_status_shape(layer.value_text(static_cast<std::size_t>(status), f)));
  return out;
}

}  // namespace sunplan::viewer
