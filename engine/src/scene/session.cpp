#include "sunplan/scene/session.hpp"

#include <cmath>
#include <map>
#include <utility>

#include "sunplan/core/error.hpp"
#include "sunplan/coverage/coverage.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/scene/from_layers.hpp"

namespace sunplan::scene {

struct ScenarioBase {
  Scenario scenario;
  std::shared_ptr<const LoadResult> load;  // unedited, as loaded by the last run
  coverage::CoverageOptions coverage;
};

namespace {

siting::ModelKind model_kind(const std::string& name) {
  for (siting::ModelKind k : {siting::ModelKind::mclp, siting::ModelKind::lscp,
                              siting::ModelKind::pmedian, siting::ModelKind::cmclp})
    if (name == siting::to_string(k)) return k;
  throw UsageError("unknown siting model '" + name + "'");
}

ScenarioRun run(Scenario sc, const SceneOptions& options, const std::optional<SitingRequest>& req,
                Progress& progress) {
  RunOptions ro;
  ro.write_output = false;
  ro.write_report = false;
  if (req) {
    SitingOptions so = siting_options(sc);  // the scenario's [siting], the panel overrides
    so.model = model_kind(req->model);
    so.add = req->k;
    so.urban_first = req->urban_first;
    ro.siting = so;
  }
  RunResult r = run_scenario(sc, ro, progress);
  ScenarioRun out;
  out.scene = scene_from_layers(r.layers, r.load.dataset.crs.definition, options, progress);
  out.scene.source_path = sc.file.string();
  out.scene.metadata.emplace_back("scenario", sc.name);
  out.scene.metadata.emplace_back("working_crs", r.load.dataset.crs.definition);
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
    out.siting = f;
  }
  auto base = std::make_shared<ScenarioBase>();
  base->coverage = coverage_options(sc);
  base->scenario = std::move(sc);
  base->load = std::make_shared<const LoadResult>(std::move(r.load));
  out.base = std::move(base);
  return out;
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
    case BaseEdit::Kind::add: {
      BaseType type{};
      if (!parse_base_type(e.type, type))
        throw UsageError("what-if: unknown base type '" + e.type + "'");
      for (const std::string& id : b.id)
        if (id == e.base_id) throw UsageError("what-if: base id '" + e.base_id + "' is taken");
      std::vector<double> x{e.display_pos.x}, y{e.display_pos.y};
      geo::Transformer to_working("EPSG:3857", d.crs.definition);
      if (to_working.transform(x, y) > 0)
        throw UsageError("what-if: position outside the working CRS");
      const Vec2 p{x[0], y[0]};
      std::int32_t township = kNone;
      for (std::int32_t t : d.admin.townships)
        if (contains(d.admin.units[static_cast<std::size_t>(t)].geometry, p)) {
          township = t;
          break;
        }
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

void set(Layer& l, std::string_view column, std::size_t f, double v) {
  const int c = l.column(column);
  if (c < 0) return;
  Column& col = l.columns[static_cast<std::size_t>(c)];
  if (col.numeric) col.numbers[f] = std::isfinite(v) ? v : std::nan("");
}

// Rewrites the figure columns of every admin-unit layer (matched by `code`) from `c`.
void rewrite_units(Scene& scene, const Dataset& d, const coverage::CoverageResult& c) {
  std::map<std::string, std::size_t> unit_of;
  for (std::size_t u = 0; u < d.admin.units.size(); ++u) unit_of[d.admin.units[u].code] = u;
  std::map<std::int32_t, int> gap_rank;
  for (std::size_t k = 0; k < c.gaps.ranked.size(); ++k)
    if (c.gaps.ranked[k].unserved > 0) gap_rank[c.gaps.ranked[k].unit] = static_cast<int>(k + 1);
  const auto urban = static_cast<std::size_t>(UrbanRural::urban);
  const auto rural = static_cast<std::size_t>(UrbanRural::rural);
  for (Layer& l : scene.layers) {
    const int code = l.column("code");
    if (l.kind != LayerKind::polygon || code < 0 || l.column("served") < 0) continue;
    const Column& codes = l.columns[static_cast<std::size_t>(code)];
    if (codes.numeric) continue;
    for (std::size_t f = 0; f < l.size(); ++f) {
      const auto it = unit_of.find(codes.texts[f]);
      if (it == unit_of.end()) continue;
      const coverage::UnitFigures& u = c.figures.units[it->second];
      std::int64_t existing = 0, candidate = 0;
      for (int t = 0; t < kBaseTypeCount; ++t) {
        existing +=
            u.bases[static_cast<std::size_t>(t)][static_cast<std::size_t>(BaseStatus::existing)];
        candidate +=
            u.bases[static_cast<std::size_t>(t)][static_cast<std::size_t>(BaseStatus::candidate)];
      }
      set(l, "youth", f, static_cast<double>(u.youth));
      set(l, "in_reach", f, static_cast<double>(u.in_reach));
      set(l, "served", f, static_cast<double>(u.served));
      set(l, "unserved", f, static_cast<double>(u.youth - u.served));
      set(l, "unserved_no_base", f, static_cast<double>(u.unserved_no_base));
      set(l, "unserved_full", f, static_cast<double>(u.unserved_full));
      set(l, "reach_rate", f, u.reach_rate);
      set(l, "served_rate", f, u.served_rate);
      set(l, "urban_youth", f, static_cast<double>(u.by_class[urban].youth));
      set(l, "urban_served", f, static_cast<double>(u.by_class[urban].served));
      set(l, "rural_youth", f, static_cast<double>(u.by_class[rural].youth));
      set(l, "rural_served", f, static_cast<double>(u.by_class[rural].served));
      set(l, "mean_nearest_m", f, u.mean_nearest_m);
      set(l, "p90_nearest_m", f, u.p90_nearest_m);
      set(l, "accessibility", f, u.accessibility);
      set(l, "bases_existing", f, static_cast<double>(existing));
      set(l, "bases_candidate", f, static_cast<double>(candidate));
      const auto g = gap_rank.find(static_cast<std::int32_t>(it->second));
      set(l, "gap_rank", f, g == gap_rank.end() ? std::nan("") : g->second);
    }
    for (Column& col : l.columns) {  // ranges drive the legend
      if (!col.numeric) continue;
      col.min = 0.0;
      col.max = -1.0;
      for (double v : col.numbers) {
        if (!std::isfinite(v)) continue;
        if (col.min > col.max) {
          col.min = col.max = v;
        } else {
          col.min = std::min(col.min, v);
          col.max = std::max(col.max, v);
        }
      }
    }
  }
}

// The bases layer after the edits: id, name, type, status, capacity, load.
OutputLayer bases_layer(const Dataset& d, const coverage::CoverageResult& c) {
  OutputLayer out("bases", GeometryKind::point);
  out.fields = {{"id", FieldType::text},     {"name", FieldType::text},
                {"type", FieldType::text},   {"type_zh", FieldType::text},
                {"status", FieldType::text}, {"capacity", FieldType::integer},
                {"load", FieldType::integer}};
  const std::vector<std::int64_t>& load = c.served.load;
  for (std::size_t i = 0; i < d.bases.size(); ++i) {
    const std::int32_t cap = d.bases.capacity[i];
    out.add_point(
        d.bases.pos[i],
        {d.bases.id[i], d.bases.name[i], std::string(to_string(d.bases.type[i])),
         std::string(chinese_name(d.bases.type[i])), std::string(to_string(d.bases.status[i])),
         cap == kUnlimited ? FieldValue{} : FieldValue{std::int64_t{cap}},
         i < load.size() ? FieldValue{load[i]} : FieldValue{}});
  }
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

Scene apply_whatif(const ScenarioRun& run, std::span<const BaseEdit> edits, Progress& progress) {
  if (!run.base) throw UsageError("what-if needs a scenario (open a .toml)");
  report_or_cancel(progress, 0.0, "apply edits");
  Dataset d = run.base->load->dataset;  // a copy: the loaded data stays as read
  for (const BaseEdit& e : edits) apply_edit(d, e);
  const coverage::CoverageResult c = coverage::run_coverage(d, run.base->coverage, progress);
  Scene scene = run.scene;
  rewrite_units(scene, d, c);
  SceneOptions bases_options;
  Scene bases = scene_from_layers({bases_layer(d, c)}, d.crs.definition, bases_options, progress);
  if (const int b = scene.layer_index("bases"); b >= 0) {
    scene.layers[static_cast<std::size_t>(b)] = std::move(bases.layers.front());
  } else {
    scene.layers.push_back(std::move(bases.layers.front()));
  }
  report_or_cancel(progress, 1.0, "what-if ready");
  return scene;
}

std::vector<std::string> base_type_names() {
  std::vector<std::string> out;
  for (int t = 0; t < kBaseTypeCount; ++t) out.emplace_back(to_string(static_cast<BaseType>(t)));
  return out;
}

}  // namespace sunplan::scene
