// The ImGui parts of the viewer: map overlays (legend, labels) and the panels.
//
//   draw_labels(state); draw_legend(state);            // also in screenshots
//   if (state.panels) { draw_layers_panel(state); draw_statistics_panel(state); ... }
#pragma once

#include "app_state.hpp"

namespace sunplan::viewer {

void draw_labels(AppState& state);
void draw_legend(AppState& state);
void draw_layers_panel(AppState& state);
void draw_statistics_panel(AppState& state);
void draw_inspector(AppState& state, Vec2 cursor_px);
void draw_targets_panel(AppState& state);
// Reload (on a worker thread) with a progress bar and cancel.
void draw_jobs_panel(AppState& state);

// Scenario mode: model, k, urban-first and Run (siting on the worker, with progress and
// cancel); the objective, bound and gap of the last run.
void draw_siting_panel(AppState& state);
// Scenario mode: the selected base (remove, set capacity), "add a base here", the edits
// so far; every edit recomputes coverage on the worker.
void draw_whatif_panel(AppState& state);
// A layer of the map (the run in memory in scenario mode, after what-ifs and siting) to
// GeoPackage, Shapefile, GeoJSON, FlatGeobuf, KML or CSV, on a worker with progress.
void draw_export_panel(AppState& state);
// A left click on the map: places a new base in "add" mode, moves the selected base in
// "move" mode (both refused outside every township), else selects the base under the
// cursor for the what-if panel.
void map_click(AppState& state, Vec2 cursor_px);

}  // namespace sunplan::viewer
