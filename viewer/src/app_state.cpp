#include "app_state.hpp"

namespace sunplan::viewer {

const scene::Layer* units_layer(const scene::Scene& scene) {
  if (const scene::Layer* t = scene.find("townships"); t && t->column("code") >= 0) return t;
  for (const scene::Layer& l : scene.layers)
    if (l.kind == scene::LayerKind::polygon && l.column("code") >= 0) return &l;
  return nullptr;
}

AdminLevel stats_level(const StatsView& stats) {
  switch (stats.path.size()) {
    case 0:
      return AdminLevel::province;
    case 1:
      return AdminLevel::city;
    case 2:
      return AdminLevel::county;
    default:
      return AdminLevel::township;
  }
}

void adopt_scene(AppState& state, std::shared_ptr<const scene::Scene> scene) {
  const bool first = !state.scene;
  std::vector<bool> visible;
  if (!first && state.scene->layers.size() == scene->layers.size())
    for (const LayerStyle& s : state.style.layers) visible.push_back(s.visible);
  state.scene = std::move(scene);
  state.style = default_view_style(*state.scene, state.args.field);
  if (!state.args.layers.empty()) {
    const auto unknown = show_only(state.style, *state.scene, state.args.layers);
    for (const std::string& u : unknown) state.status_line += "unknown layer '" + u + "'; ";
  }
  for (std::size_t i = 0; i < visible.size(); ++i) state.style.layers[i].visible = visible[i];
  for (LayerStyle& s : state.style.layers) s.labels = s.labels && state.labels;
  state.stats = {};
  if (!state.fitted_once) {
    state.camera.fit(state.scene->bounds);
    state.fitted_once = true;
  }
}

}  // namespace sunplan::viewer
