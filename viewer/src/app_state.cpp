#include "app_state.hpp"

#include <algorithm>

#include "sunplan/scene/pick.hpp"

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
  if (args.no_lod) opts.lod_levels = 0;
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
  auto shown = std::make_shared<const scene::ScenarioRun>(std::move(run));
  auto scene = std::make_shared<const scene::Scene>(shown->scene);
  if (kind != JobKind::whatif) state.run = shown;
  if (kind == JobKind::load) state.edits.clear();
  state.whatif.applied = shown->edits;
  state.shown = std::move(shown);
  adopt_scene(state, std::move(scene));
}

void start_whatif(AppState& state) {
  if (!state.run || !state.run->base) return;
  if (state.edits.empty() && state.run->edits == 0) {  // back to the run: nothing to compute
    state.load_job.cancel();
    state.load_job.wait();
    (void)state.load_job.take_result();  // a what-if that finished meanwhile is stale
    adopt_run(state, *state.run, JobKind::whatif);
    return;
  }
  state.job_kind = JobKind::whatif;
  state.load_job.start([run = state.run, edits = state.edits](
                           Progress& p) { return scene::run_whatif(*run, edits, p); },
                       "what-if");
}

void start_siting(AppState& state, const scene::SitingRequest& request) {
  if (!state.run || !state.run->base) return;
  state.job_kind = JobKind::siting;
  state.load_job.start([run = state.run, edits = state.edits, request](
                           Progress& p) { return scene::run_siting(*run, edits, request, p); },
                       "siting");
}

void drop_failed_edits(AppState& state) {
  if (state.job_kind != JobKind::whatif || state.load_job.status() != JobStatus::failed) return;
  if (state.edits.size() > state.whatif.applied) state.edits.resize(state.whatif.applied);
}

bool inside_units(const scene::Scene& scene, Vec2 display_pos) {
  const scene::Layer* units = units_layer(scene);
  return !units || scene::pick_polygon(*units, display_pos) >= 0;
}

std::string default_export_path(const AppState& state) {
  if (!state.scene || state.scene->layers.empty()) return {};
  const std::vector<scene::LayerFormat> formats = scene::layer_formats();
  const auto layer = static_cast<std::size_t>(
      std::clamp(state.export_panel.layer, 0, static_cast<int>(state.scene->layers.size()) - 1));
  const auto format = static_cast<std::size_t>(
      std::clamp(state.export_panel.format, 0, static_cast<int>(formats.size()) - 1));
  return "exports/" + state.scene->layers[layer].name +
         std::string(scene::format_extension(formats[format]));
}

void start_export(AppState& state) {
  ExportPanel& p = state.export_panel;
  if (!state.scene || p.job.running()) return;
  if (p.layer < 0 || p.layer >= static_cast<int>(state.scene->layers.size())) return;
  const std::string layer = state.scene->layers[static_cast<std::size_t>(p.layer)].name;
  const scene::LayerFormat format = scene::layer_formats()[static_cast<std::size_t>(p.format)];
  p.message.clear();
  p.failed = false;
  if (state.shown && state.shown->layers) {
    p.job.start([run = state.shown, layer, format, path = p.path](
                    Progress& pr) { return scene::export_layer(*run, layer, format, path, pr); },
                "export");
  } else {
    p.job.start([source = state.args.path, layer, format, path = p.path](
                    Progress& pr) { return scene::export_layer(source, layer, format, path, pr); },
                "export");
  }
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
  state.disclosure = scene::scene_disclosure(*scene);
  // Aggregate mode: no per-youth layer reaches the map, the inspector or the layer list.
  for (const scene::Layer& l : scene->layers)
    if (!scene::may_show_layer(state.disclosure, l.name)) {
      auto kept = std::make_shared<scene::Scene>(*scene);
      scene::drop_hidden_layers(*kept, state.disclosure);
      scene = std::move(kept);
      break;
    }
  std::vector<bool> visible;
  if (!first && state.scene->layers.size() == scene->layers.size())
    for (const LayerStyle& s : state.style.layers) visible.push_back(s.visible);
  state.scene = std::move(scene);
  state.style = default_view_style(*state.scene, state.args.field);
  if (!state.args.layers.empty()) {
    const auto unknown = show_only(state.style, *state.scene, state.args.layers);
    for (const std::string& u : unknown) state.status_line += "unknown layer '" + u + "'; ";
  }
  for (const std::string& r :
       apply_layer_styles(state.style, *state.scene, state.args.layer_styles))
    state.status_line += "no point layer or style for --layer-style " + r + "; ";
  for (std::size_t i = 0; i < visible.size(); ++i) state.style.layers[i].visible = visible[i];
  for (LayerStyle& s : state.style.layers) s.labels = s.labels && state.labels;
  if (!state.args.basemap.empty()) see_through_fills(state.style, *state.scene);
  state.stats = {};
  if (!state.fitted_once) {
    state.camera.fit(state.scene->bounds);
    state.fitted_once = true;
  }
}

}  // namespace sunplan::viewer
