// A ready, commented scenario written from what the data holds (`sunplan init DIR --from ...`):
// the role of each layer, the field mapping from Chinese and English column names (confirmed
// by the values), a table's coordinate columns, the text encoding, and, where a layer has no
// coordinate system, the one of WGS84, GCJ-02 and BD-09 that puts its points in the township
// their rows declare (or inside the study area), with the evidence in a comment.
//
//   std::vector<LayerSummary> layers = inspect_source("乡镇.shp") + inspect_source("青年.csv");
//   ScenarioDraft d = draft_scenario(layers, {.folder = "plan", .roles = {{"poi_hospital",
//   "bases"}}}); write("plan/scenario.toml", d.text);
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sunplan/io/inspect.hpp"

namespace sunplan {

struct DraftOptions {
  std::filesystem::path folder;  // where the scenario goes: sources are written relative to it
  // Roles fixed by the user (`--as NAME=ROLE`): NAME is a layer name, or a file's name or stem.
  std::map<std::string, std::string> roles;
  std::string name;  // [run] name; empty: the folder's name
};

// How one layer was understood (also the evidence init prints).
struct LayerChoice {
  const LayerSummary* layer = nullptr;
  std::string role;                           // "" when not used
  std::string why;                            // the evidence for the role (or why none)
  std::map<std::string, std::string> fields;  // sunplan field -> column
  std::vector<std::string> field_notes;  // "code = 乡镇代码: 92 of 92 values are 9-digit codes"
  std::string crs;                       // to declare ("" = the source's)
  std::string crs_note;                  // the evidence
  std::string mode;                      // youth: "points" or "counts"
  // A table without coordinates placed through the gazetteer (docs/registries.md).
  std::string address;                           // the address column, "" when none
  std::map<std::string, std::string> divisions;  // division level -> column of names
  std::string locate_note;                       // the evidence (counts, never a value)
};

struct ScenarioDraft {
  std::string text;                 // the scenario TOML
  std::vector<LayerChoice> layers;  // in the order of the input
};

// Throws UsageError when no layer can be the townships (polygons with 9- or 12-digit codes) or
// when a --as names no layer or an unknown role.
ScenarioDraft draft_scenario(const std::vector<LayerSummary>& layers, const DraftOptions& options);

}  // namespace sunplan
