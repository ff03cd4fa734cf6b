// How each scene layer is drawn: visibility, opacity, draw order and colours. Pure data
// (no GL), so the choices are testable without a GPU.
//
//   ViewStyle view = default_view_style(scene);     // townships by served_rate, bases on top
//   view.layers[k].choropleth_column = layer.column("gap_rank");
//   std::vector<Rgba> fill = feature_colours(layer, view.layers[k]);
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "colormap.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::viewer {

struct LayerStyle {
  bool visible = true;
  float opacity = 1.0f;  // of fills and symbols
  bool fill = true;      // polygons: fill, or outline only
  Rgba fill_colour{180, 180, 180, 255};
  Rgba line_colour{80, 80, 80, 255};
  int choropleth_column = -1;  // numeric column colouring the features; -1 = fill_colour
  float point_size_px = 7.0f;
  bool labels = false;  // polygon names at their anchors
  // Point layers: a density surface (youth per km²) instead of one symbol per point.
  bool density = false;
  float density_bandwidth_px = 12.0f;  // kernel radius on screen, clamped on the ground
  int weight_column = -1;              // count per point; -1 = every point counts 1
};

// A point layer with more points than this draws as a density surface by default.
inline constexpr std::size_t kDensityDefaultPoints = 50000;

struct ViewStyle {
  std::vector<LayerStyle> layers;  // aligned with Scene::layers
  std::vector<int> draw_order;     // bottom first; tables are never in it
};

ViewStyle default_view_style(const scene::Scene& scene, const std::string& field = "served_rate");
// Only the named layers stay visible (the --layer option); unknown names are returned.
std::vector<std::string> show_only(ViewStyle& view, const scene::Scene& scene,
                                   const std::vector<std::string>& names);

// The numeric column counting people per point (count, youth, youth_count, n), or -1.
int count_column(const scene::Layer& layer);
// Applies `--layer-style NAME=density|points` choices; returns the ones that name no
// point layer or an unknown style.
std::vector<std::string> apply_layer_styles(
    ViewStyle& view, const scene::Scene& scene,
    const std::vector<std::pair<std::string, std::string>>& styles);

// With a basemap: polygon fills at most kBasemapFillOpacity opaque, so the tiles show through.
inline constexpr float kBasemapFillOpacity = 0.7f;
void see_through_fills(ViewStyle& view, const scene::Scene& scene);

// One colour per feature (alpha = opacity), for polygon fills and point symbols.
std::vector<Rgba> feature_colours(const scene::Layer& layer, const LayerStyle& style);
// The symbol of chosen new sites (the `sites` layer), after base_status_shape's 0..2.
constexpr int kStarShape = 3;
// One symbol shape per point feature (see base_status_shape); 0 without a status column;
// kStarShape for every feature of `sites`.
std::vector<float> feature_shapes(const scene::Layer& layer);

}  // namespace sunplan::viewer
