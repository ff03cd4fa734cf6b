#include "sunplan/scene/session.hpp"

#include <utility>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/data_checks.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/load.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/scene/disclosed.hpp"
#include "sunplan/scene/from_layers.hpp"
#include "sunplan/scene/run_layers.hpp"

namespace sunplan::scene {

struct ScenarioBase {
  Scenario scenario;
  std::shared_ptr<const LoadResult> load;  // as loaded, before any stage ran: what-ifs edit a copy
  std::shared_ptr<const NetworkStage> network;  // network mode: the road graph what-ifs reuse
  RunOptions options;                           // write nothing; the siting request if any
  SceneOptions scene_options;
};

namespace {

siting::ModelKind model_kind(const std::string& name) {
  for (siting::ModelKind k : {siting::ModelKind::mclp, siting::ModelKind::lscp,
                              siting::ModelKind::pmedian, siting::ModelKind::cmclp})
    if (name == siting::to_string(k)) return k;
  throw UsageError("unknown siting model '" + name + "'");
}

// The output CRS `sunplan run` would write (run.cpp resolves "input" the same way).
std::string output_crs(const Scenario& sc, const LoadResult& load) {
  if (sc.output_crs == "input")
    return load.townships_crs.empty() ? "EPSG:4326" : load.townships_crs;
  return sc.output_crs;
}

ScenarioRun to_scenario_run(RunResult r, std::shared_ptr<const ScenarioBase> base,
                            Progress& progress) {
  const Scenario& sc = base->scenario;
  ScenarioRun out;
  out.scene =
      scene_from_layers(r.layers, r.load.dataset.crs.definition, base->scene_options, progress);
  out.scene.source_path = sc.file.string();
  out.by_travel_time = r.network != nullptr;
  out.scene.metadata.emplace_back("scenario", sc.name);
  out.scene.metadata.emplace_back("working_crs", r.load.dataset.crs.definition);
  // The run's disclosure plan (made by run_loaded for this run, so again after every edit):
  // the layers already carry it row by row; the whole area's figures have no row.
  out.scene.metadata.emplace_back(kPrivacyModeKey, r.privacy.aggregate_only ? "aggregate" : "full");
  if (r.disclosure.active)
    out.scene.metadata.emplace_back(kDisclosureTotalKey,
                                    r.disclosure.unit(kNone) ? "withheld" : "shown");
  if (r.siting) {
    SitingFigures f;
    f.model = r.siting->options.urban_first
                  ? "urban-first " + std::string(siting::to_string(r.siting->options.model))
                  : siting::to_string(r.siting->options.model);
    f.objective = r.siting->result.objective;
    f.bound = r.siting->result.bound;
    f.gap = r.siting->result.gap;
    f.bound_method = r.siting->result.bound_method;
    f.chosen = r.siting->chosen_bases.size();
    f.withheld = r.disclosure.figure("siting");
    out.siting = f;
  }
  auto layers = std::make_shared<RunLayers>();
  layers->working_crs = r.load.dataset.crs.definition;
  layers->output_crs = output_crs(sc, *base->load);
  layers->layers = std::move(r.layers);
  layers->scenario_file = sc.file.string();
  for (const auto& [role, spec] : sc.layers)
    layers->inputs.emplace_back(spec.source, "layers." + role + " source");
  out.layers = std::move(layers);
  out.base = std::move(base);
  return out;
}

// The scenario's [siting] with the panel's model, k and urban-first.
RunOptions options_with_siting(const Scenario& sc, const SitingRequest& req) {
  RunOptions o;
  o.write_output = false;
  o.write_report = false;
  SitingOptions so = siting_options(sc);  // the scenario's [siting], the panel overrides
  so.model = model_kind(req.model);
  so.add = req.k;
  so.urban_first = req.urban_first;
  if (req.radius_m > 0) so.radius_m = req.radius_m;
  if (req.cutoff_min > 0) so.cutoff_min = req.cutoff_min;
  o.siting = so;
  return o;
}

ScenarioRun run(Scenario sc, const SceneOptions& options, const std::optional<SitingRequest>& req,
                Progress& progress) {
  auto base = std::make_shared<ScenarioBase>();
  if (req) {
    base->options = options_with_siting(sc, *req);
  } else {
    base->options.write_output = false;
    base->options.write_report = false;
  }
  base->scene_options = options;
  check_parameters(sc);  // a bad parameter fails before the data is read, as in the CLI
  LoadResult load = load_usable_dataset(sc, progress);    // refused as by the CLI
  base->load = std::make_shared<const LoadResult>(load);  // the stages below add problems
  RunResult r = run_loaded(sc, std::move(load), base->options, progress);
  base->network = r.network;
  base->scenario = std::move(sc);
  return to_scenario_run(std::move(r), std::move(base), progress);
}

std::int32_t base_index(const Bases& b, const std::string& id) {
  for (std::size_t i = 0; i < b.size(); ++i)
    if (b.id[i] == id) return static_cast<std::int32_t>(i);
  throw UsageError("what-if: no base '" + id + "'");
}

template <class T>
void erase_at(std::vector<T>& v, std::size_t i) {
  v.erase(v.begin() + static_cast<std::ptrdiff_t>(i));
}

struct Placed {
  Vec2 pos;  // working CRS
  std::int32_t township = kNone;
};

// A map position in the working CRS and the township under it. A base outside every
// township would serve no one the figures count, so the edit is refused, not half-applied.
Placed place(const Dataset& d, Vec2 display_pos, const std::string& what) {
  std::vector<double> x{display_pos.x}, y{display_pos.y};
  const geo::Transformer to_working("EPSG:3857", d.crs.definition);
  if (to_working.transform(x, y) > 0)
    throw UsageError("what-if: cannot " + what + ": the position is outside the working CRS");
  Placed out{{x[0], y[0]}, kNone};
  for (std::int32_t t : d.admin.townships)
    if (contains(d.admin.units[static_cast<std::size_t>(t)].geometry, out.pos)) {
      out.township = t;
      return out;
    }
  throw UsageError("what-if: cannot " + what +
                   ": the position is outside every township (click inside the study area)");
}

void apply_edit(Dataset& d, const BaseEdit& e) {
  Bases& b = d.bases;
  switch (e.kind) {
    case BaseEdit::Kind::remove: {
      const auto i = static_cast<std::size_t>(base_index(b, e.base_id));
      erase_at(b.pos.x, i);
      erase_at(b.pos.y, i);
      erase_at(b.id, i);
      erase_at(b.name, i);
      erase_at(b.type, i);
      erase_at(b.status, i);
      erase_at(b.capacity, i);
      erase_at(b.has_specialist, i);
      erase_at(b.cost, i);
      erase_at(b.township, i);
      erase_at(b.source_row, i);
      break;
    }
    case BaseEdit::Kind::set_capacity: {
      const auto i = static_cast<std::size_t>(base_index(b, e.base_id));
      b.capacity[i] = e.capacity < 0 ? kUnlimited : e.capacity;
      break;
    }
    case BaseEdit::Kind::move: {
      const auto i = static_cast<std::size_t>(base_index(b, e.base_id));
      const Placed at = place(d, e.display_pos, "move base '" + e.base_id + "'");
      b.pos.x[i] = at.pos.x;
      b.pos.y[i] = at.pos.y;
      b.township[i] = at.township;
      break;
    }
    case BaseEdit::Kind::add: {
      BaseType type{};
      if (!parse_base_type(e.type, type))
        throw UsageError("what-if: unknown base type '" + e.type + "'");
      for (const std::string& id : b.id)
        if (id == e.base_id) throw UsageError("what-if: base id '" + e.base_id + "' is taken");
      const Placed at = place(d, e.display_pos, "add base '" + e.base_id + "'");
      const Vec2 p = at.pos;
      const std::int32_t township = at.township;
      b.pos.push_back(p);
      b.id.push_back(e.base_id);
      b.name.push_back(e.base_id);
      b.type.push_back(type);
      b.status.push_back(BaseStatus::existing);
      b.capacity.push_back(e.capacity < 0 ? kUnlimited : e.capacity);
      b.has_specialist.push_back(0);
      b.cost.push_back(1.0);
      b.township.push_back(township);
      b.source_row.push_back(-1);
      break;
    }
  }
}

// `base`'s loaded data after `edits`, every stage after loading rerun with base's options.
ScenarioRun rerun_edited(std::shared_ptr<const ScenarioBase> base, std::span<const BaseEdit> edits,
                         Progress& progress) {
  report_or_cancel(progress, 0.0, "apply edits");
  LoadResult load = *base->load;  // a copy: the loaded data stays as read
  for (const BaseEdit& e : edits) apply_edit(load.dataset, e);
  RunResult r =
      run_loaded(base->scenario, std::move(load), base->options, progress, base->network.get());
  ScenarioRun out = to_scenario_run(std::move(r), std::move(base), progress);
  out.edits = edits.size();
  report_or_cancel(progress, 1.0, "what-if ready");
  return out;
}

}  // namespace

ScenarioRun open_scenario(const std::string& toml_path, const SceneOptions& options,
                          const std::optional<SitingRequest>& siting, Progress& progress) {
  return run(read_scenario(toml_path), options, siting, progress);
}

ScenarioRun rerun_scenario(const ScenarioBase& base, const SceneOptions& options,
                           const std::optional<SitingRequest>& siting, Progress& progress) {
  return run(base.scenario, options, siting, progress);
}

ScenarioRun run_whatif(const ScenarioRun& run, std::span<const BaseEdit> edits,
                       Progress& progress) {
  if (!run.base) throw UsageError("what-if needs a scenario (open a .toml)");
  return rerun_edited(run.base, edits, progress);
}

ScenarioRun run_siting(const ScenarioRun& run, std::span<const BaseEdit> edits,
                       const SitingRequest& siting, Progress& progress) {
  if (!run.base) throw UsageError("siting needs a scenario (open a .toml)");
  // The same scenario and loaded data (shared, not copied), another siting request.
  auto base = std::make_shared<ScenarioBase>(*run.base);
  base->options = options_with_siting(base->scenario, siting);
  return rerun_edited(std::move(base), edits, progress);
}

Scene apply_whatif(const ScenarioRun& run, std::span<const BaseEdit> edits, Progress& progress) {
  return run_whatif(run, edits, progress).scene;
}

std::vector<std::string> base_type_names() {
  std::vector<std::string> out;
  for (int t = 0; t < kBaseTypeCount; ++t) out.emplace_back(to_string(static_cast<BaseType>(t)));
  return out;
}

}  // namespace sunplan::scene
