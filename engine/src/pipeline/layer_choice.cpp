#include "sunplan/pipeline/layer_choice.hpp"

#include <algorithm>

#include "sunplan/core/error.hpp"

namespace sunplan {

namespace {

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

std::string joined(const std::vector<std::string>& v) {
  std::string s;
  for (const std::string& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

// Checks each name and expands "per_youth"; `where` names the flag or key for messages.
std::vector<std::string> checked(const std::vector<std::string>& names, const std::string& where) {
  std::vector<std::string> out;
  for (const std::string& name : names) {
    if (name == "per_youth") {
      for (const std::string& l : per_youth_layer_names())
        if (!contains(out, l)) out.push_back(l);
      continue;
    }
    if (name == "run_metadata" || name == "problems")
      throw UsageError(where + ": '" + name +
                       "' is always written (it records the inputs and the rejected rows); "
                       "name only the other layers");
    if (!contains(result_layer_names(), name))
      throw UsageError(where + ": '" + name + "' is not a result layer; the layers are " +
                       joined(result_layer_names()) + ", or per_youth for " +
                       joined(per_youth_layer_names()));
    if (!contains(out, name)) out.push_back(name);
  }
  return out;
}

}  // namespace

bool LayerChoice::wants(const std::string& layer) const {
  if (contains(skip, layer)) return false;
  return only.empty() || contains(only, layer);
}

const std::vector<std::string>& result_layer_names() {
  static const std::vector<std::string> names = {
      "townships",         "counties",           "cities",    "provinces",      "bases",
      "catchments",        "catchment_union",    "gaps",      "youth",          "assignments",
      "gap_ranking",       "isochrones",         "roads",     "sites",          "site_catchments",
      "site_effect",       "siting_summary",     "teams",     "pairings",       "youth_pairing",
      "base_teams",        "bases_without_team", "relay",     "relay_calendar", "targets",
      "targets_townships", "target_trajectory",  "youth_grid"};
  return names;
}

const std::vector<std::string>& per_youth_layer_names() {
  static const std::vector<std::string> names = {"youth", "assignments", "youth_pairing",
                                                 "pairings", "relay"};
  return names;
}

LayerChoice layer_choice(const Scenario& sc, const std::vector<std::string>& only,
                         const std::vector<std::string>& skip) {
  LayerChoice c;
  if (!only.empty() || !skip.empty()) {  // the command line replaces the scenario's choice
    c.only = checked(only, "--layers");
    c.skip = checked(skip, "--skip-layers");
    return c;
  }
  const std::string file = sc.file.string();
  c.only = checked(sc.settings.texts("run.output_layers", {}), file + ": run.output_layers");
  c.skip =
      checked(sc.settings.texts("run.skip_output_layers", {}), file + ": run.skip_output_layers");
  return c;
}

}  // namespace sunplan
