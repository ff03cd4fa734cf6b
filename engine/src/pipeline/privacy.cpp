#include "sunplan/pipeline/privacy.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "sunplan/core/error.hpp"

namespace sunplan {

PrivacyOptions privacy_options(const Scenario& sc) {
  const Settings& s = sc.settings;
  PrivacyOptions o;
  const std::string mode = s.text("privacy.mode");
  if (mode != "full" && mode != "aggregate")
    throw UsageError(sc.file.string() + ": privacy.mode must be full or aggregate");
  o.aggregate_only = mode == "aggregate";
  const std::string ids = s.text("privacy.youth_ids");
  if (ids != "pseudonym" && ids != "keep")
    throw UsageError(sc.file.string() + ": privacy.youth_ids must be pseudonym or keep");
  o.keep_youth_ids = ids == "keep";
  o.min_count = s.integer("privacy.min_count");
  o.grid_m = s.number("privacy.grid_m");
  if (o.min_count < 1 || !(o.grid_m > 0))
    throw UsageError(sc.file.string() + ": privacy.min_count >= 1 and grid_m > 0");
  return o;
}

std::string youth_pseudonym(std::int64_t source_row) {
  return "r" + std::to_string(source_row);
}

GridCell grid_cell(Vec2 pos, double grid_m) {
  return {static_cast<std::int64_t>(std::floor(pos.x / grid_m)),
          static_cast<std::int64_t>(std::floor(pos.y / grid_m))};
}

const std::vector<std::string>& youth_location_layers() {
  static const std::vector<std::string> names = {"youth",         "assignments", "pairings",
                                                 "youth_pairing", "relay",       "gaps"};
  return names;
}

void apply_privacy(std::vector<OutputLayer>& layers, const Dataset& d, const PrivacyOptions& o) {
  if (!o.keep_youth_ids) {
    // The per-youth layers holding rows (a run that writes its results defers them: they are
    // built with pseudonyms when written, per_youth_layers.hpp), with their id column.
    std::vector<std::pair<OutputLayer*, std::size_t>> with_ids;
    for (OutputLayer& l : layers) {
      const bool youth_layer = l.name == "youth" || l.name == "youth_pairing";
      const int k = field_index(l, youth_layer ? "id" : "youth_id");
      if (k >= 0 && !l.rows.empty() &&
          (youth_layer || l.name == "assignments" || l.name == "pairings" || l.name == "relay"))
        with_ids.emplace_back(&l, static_cast<std::size_t>(k));
    }
    // Five million ids in a map are seconds and half a gigabyte: built only when rows need it.
    std::map<std::string, std::string> pseudonym;
    if (!with_ids.empty())
      for (std::size_t i = 0; i < d.youth.size(); ++i)
        pseudonym[d.youth.id[i]] = youth_pseudonym(d.youth.source_row[i]);
    for (auto [l, k] : with_ids)
      for (auto& row : l->rows)
        if (auto* id = std::get_if<std::string>(&row[k])) *id = pseudonym[*id];
  }
  if (!o.aggregate_only) return;

  const auto& drop = youth_location_layers();
  layers.erase(std::remove_if(layers.begin(), layers.end(),
                              [&](const OutputLayer& l) {
                                return std::find(drop.begin(), drop.end(), l.name) != drop.end();
                              }),
               layers.end());

  // Youth per grid cell, in the working CRS.
  std::map<GridCell, std::int64_t> cells;
  for (std::size_t i = 0; i < d.youth.size(); ++i)
    cells[grid_cell(d.youth.pos[i], o.grid_m)] += d.youth.count[i];
  OutputLayer grid("youth_grid", GeometryKind::polygon);
  grid.fields = {{"youth", FieldType::integer},
                 {"suppressed", FieldType::integer},
                 {"cell_m", FieldType::real}};
  for (const auto& [cell, n] : cells) {
    const double x0 = static_cast<double>(cell.first) * o.grid_m,
                 y0 = static_cast<double>(cell.second) * o.grid_m;
    Polygon square;
    square.rings.push_back({{x0, y0},
                            {x0 + o.grid_m, y0},
                            {x0 + o.grid_m, y0 + o.grid_m},
                            {x0, y0 + o.grid_m},
                            {x0, y0}});
    // Withheld by apply_disclosure, with the complements that protect them.
    grid.add_polygon({square}, {FieldValue{n}, std::int64_t{0}, o.grid_m});
  }
  layers.push_back(std::move(grid));
}

ProblemLog published_problems(const Scenario& sc, const ProblemLog& problems,
                              const PrivacyOptions& o) {
  const LayerSpec* youth = sc.layer("youth");
  ProblemLog out;
  for (Problem p : problems.all()) {
    if (youth && p.file == youth->display_source() && p.row >= 0) {
      if (!o.keep_youth_ids) p.feature_id = youth_pseudonym(p.row);
      if (o.aggregate_only) p.lonlat.reset();
    }
    out.add(std::move(p));
  }
  return out;
}

}  // namespace sunplan
