// What the viewer may show of a run under its [privacy] settings: the figures of the panels,
// the statistics table and the inspector as the run's outputs publish them.
//
//   const SceneDisclosure d = scene_disclosure(scene);   // aggregate mode or not
//   StatTable t = disclosed_summary(scene, *units, AdminLevel::county, "31", fields, d);
//   if (t.rows[0].withheld) show(word_for_suppressed);  // sums are NaN
//   if (!may_show_layer(d, "youth")) skip();              // aggregate: no per-youth layer
//
// The decision is the run's own (pipeline/disclosure.hpp, planned again by every run,
// what-ifs included): a scenario run's layers arrive with withheld counts NULL and
// `suppressed` = 1, and the session records whether the whole area's figures are withheld
// (metadata "disclosure_total"). This file never adds figures up in aggregate mode: a
// county's figures are the counties row's, not a sum of its visible townships (the county
// minus those would give the withheld ones back), and the whole area's are the top-level
// rows' only when the plan publishes them.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sunplan/scene/scene.hpp"
#include "sunplan/scene/statistics.hpp"

namespace sunplan::scene {

struct SceneDisclosure {
  bool aggregate = false;       // [privacy] mode = "aggregate"
  bool total_withheld = false;  // the whole area's figures (headline, targets)
};

// Metadata keys the session writes for a scenario run.
inline constexpr const char* kPrivacyModeKey = "privacy_mode";
inline constexpr const char* kDisclosureTotalKey = "disclosure_total";

// Aggregate when the metadata says so, or (a result GeoPackage) when the scene holds
// `youth_grid` or a `suppressed` column; then the whole area counts as withheld unless the
// metadata publishes it.
SceneDisclosure scene_disclosure(const Scene& scene);

// Per-youth layers (youth, assignments, pairings, youth_pairing, relay, gaps) are neither
// drawn nor picked in aggregate mode.
bool may_show_layer(const SceneDisclosure& d, std::string_view layer_name);

// The scene without the layers may_show_layer refuses (a raw or older file could hold one).
void drop_hidden_layers(Scene& scene, const SceneDisclosure& d);

// The feature's row is withheld by the run (`suppressed` = 1).
bool feature_withheld(const Layer& layer, std::size_t feature);

// A value for the inspector: Layer::value_text, or `suppressed_word` for a NULL count of a
// withheld row in aggregate mode.
std::string disclosed_value_text(const Layer& layer, std::size_t column, std::size_t feature,
                                 const SceneDisclosure& d, std::string_view suppressed_word);

// The statistics table as it may be shown: summarize() in full mode; in aggregate mode each
// row's sums are the published figures of the unit at `level` (its row in townships /
// counties / cities / provinces by code), NaN and `withheld` where the run withholds them or
// does not publish the unit.
StatTable disclosed_summary(const Scene& scene, const Layer& units, AdminLevel level,
                            std::string_view parent_code, const std::vector<std::string>& fields,
                            const SceneDisclosure& d);

// The whole area's youth and served (the targets panel): the townships' sums in full mode;
// in aggregate mode the top-level units' published figures, withheld (NaN) when the plan
// withholds the whole area or a top-level unit.
struct OverallFigures {
  double youth = std::numeric_limits<double>::quiet_NaN();
  double served = std::numeric_limits<double>::quiet_NaN();
  bool withheld = false;
};
OverallFigures overall_figures(const Scene& scene, const Layer& units, const SceneDisclosure& d);

}  // namespace sunplan::scene
