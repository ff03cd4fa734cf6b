#include "app_state.hpp"

namespace sunplan::viewer {

const char* const* siting_models() {
  static const char* const kModels[] = {"mclp", "lscp", "pmedian", "cmclp", nullptr};
  return kModels;
}

bool is_scenario_path(const std::string& path) {
  return path.size() >= 5 && path.compare(path.size() - 5, 5, ".toml") == 0;
}

std::function<scene::ScenarioRun(Progress&)> load_task(const Args& args) {
  scene::SceneOptions opts;
  opts.simplify_tolerance_m = args.simplify_m;
  if (is_scenario_path(args.path))
    return [path = args.path, opts](Progress& p) {
      return scene::open_scenario(path, opts, std::nullopt, p);
    };
  return [path = args.path, opts](Progress& p) {
    scene::ScenarioRun r;
    r.scene = scene::load_scene(path, opts, p);
    return r;
  };
}

void adopt_run(AppState& state, scene::ScenarioRun run, JobKind kind) {
  auto scene = std::make_shared<const scene::Scene>(run.scene);
  if (kind != JobKind::whatif) {
    state.run = std::make_shared<const scene::ScenarioRun>(std::move(run));
    state.edits.clear();
  }
  adopt_scene(state, std::move(scene));
}

void start_whatif(AppState& state) {
  if (!state.run || !state.run->base) return;
  state.job_kind = JobKind::whatif;
  state.load_job.start(
      [run = state.run, edits = state.edits](Progress& p) {
        scene::ScenarioRun out;
        out.scene = scene::apply_whatif(*run, edits, p);
        out.base = run->base;
        out.siting = run->siting;
        return out;
      },
      "what-if");
}

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
