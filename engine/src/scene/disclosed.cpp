#include "sunplan/scene/disclosed.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "sunplan/pipeline/privacy.hpp"
#include "sunplan/scene/admin_layer.hpp"

namespace sunplan::scene {

namespace {

std::string metadata(const Scene& s, std::string_view key) {
  for (const auto& [k, v] : s.metadata)
    if (k == key) return v;
  return {};
}

double number(const Layer& l, std::string_view field, std::size_t f) {
  const int c = l.column(field);
  if (c < 0 || !l.columns[static_cast<std::size_t>(c)].numeric)
    return std::numeric_limits<double>::quiet_NaN();
  return l.columns[static_cast<std::size_t>(c)].numbers[f];
}

}  // namespace

SceneDisclosure scene_disclosure(const Scene& scene) {
  SceneDisclosure d;
  const std::string mode = metadata(scene, kPrivacyModeKey);
  if (mode == "aggregate") {
    d.aggregate = true;
  } else if (mode.empty()) {
    // A result GeoPackage: its layers tell aggregate mode (the grid, the `suppressed` flags).
    for (const Layer& l : scene.layers)
      if (l.name == "youth_grid" || l.column("suppressed") >= 0) d.aggregate = true;
  }
  // Only a run that planned the whole area's figures as published lets them out.
  d.total_withheld = d.aggregate && metadata(scene, kDisclosureTotalKey) != "shown";
  return d;
}

bool may_show_layer(const SceneDisclosure& d, std::string_view layer_name) {
  if (!d.aggregate) return true;
  const auto& per_youth = youth_location_layers();
  return std::find(per_youth.begin(), per_youth.end(), layer_name) == per_youth.end();
}

void drop_hidden_layers(Scene& scene, const SceneDisclosure& d) {
  std::erase_if(scene.layers, [&](const Layer& l) { return !may_show_layer(d, l.name); });
}

bool feature_withheld(const Layer& layer, std::size_t feature) {
  return number(layer, "suppressed", feature) == 1.0;
}

std::string disclosed_value_text(const Layer& layer, std::size_t column, std::size_t feature,
                                 const SceneDisclosure& d, std::string_view suppressed_word) {
  const Column& c = layer.columns.at(column);
  if (d.aggregate && c.numeric && std::isnan(c.numbers.at(feature)) &&
      feature_withheld(layer, feature))
    return std::string(suppressed_word);
  return layer.value_text(column, feature);
}

StatTable disclosed_summary(const Scene& scene, const Layer& units, AdminLevel level,
                            std::string_view parent_code, const std::vector<std::string>& fields,
                            const SceneDisclosure& d) {
  StatTable t = summarize(scene, units, level, parent_code, fields);
  if (!d.aggregate) return t;
  // The published row of each group's unit, by code.
  const Layer* published = level == AdminLevel::township ? &units : scene.find(layer_for(level));
  std::map<std::string, std::size_t> row_of;
  if (published)
    if (const int code = published->column("code"); code >= 0)
      for (std::size_t f = 0; f < published->size(); ++f)
        row_of.emplace(published->value_text(static_cast<std::size_t>(code), f), f);
  for (StatRow& row : t.rows) {
    auto it = row_of.find(row.code);
    row.withheld = it == row_of.end() || feature_withheld(*published, it->second);
    for (std::size_t k = 0; k < t.fields.size(); ++k) {
      const double v = row.withheld ? std::numeric_limits<double>::quiet_NaN()
                                    : number(*published, t.fields[k], it->second);
      row.sums[k] = v;
      if (std::isnan(v)) row.withheld = true;  // a figure the run does not publish
    }
    if (row.withheld) std::fill(row.sums.begin(), row.sums.end(), std::nan(""));
  }
  return t;
}

OverallFigures overall_figures(const Scene& scene, const Layer& units, const SceneDisclosure& d) {
  OverallFigures o;
  if (!d.aggregate) {
    o.youth = o.served = 0;
    for (std::size_t f = 0; f < units.size(); ++f) {
      if (const double v = number(units, "youth", f); !std::isnan(v)) o.youth += v;
      if (const double v = number(units, "served", f); !std::isnan(v)) o.served += v;
    }
    return o;
  }
  o.withheld = true;
  if (d.total_withheld) return o;
  // The whole area is the sum of the top-level units (those without a parent), as the plan
  // relates them; published only when none of them is withheld.
  double youth = 0, served = 0;
  bool any = false;
  for (AdminLevel level :
       {AdminLevel::province, AdminLevel::city, AdminLevel::county, AdminLevel::township}) {
    const Layer* l = scene.find(layer_for(level));
    if (!l) continue;
    const int parent = l->column("parent");
    for (std::size_t f = 0; f < l->size(); ++f) {
      if (parent >= 0 && !l->value_text(static_cast<std::size_t>(parent), f).empty()) continue;
      const double y = number(*l, "youth", f), s = number(*l, "served", f);
      if (feature_withheld(*l, f) || std::isnan(y) || std::isnan(s)) return o;
      youth += y;
      served += s;
      any = true;
    }
  }
  if (!any) return o;
  o.youth = youth;
  o.served = served;
  o.withheld = false;
  return o;
}

}  // namespace sunplan::scene
