// Internal to sunplan_scene: the part of building a Layer that load_scene (GDAL) and
// scene_from_layers (in-memory OutputLayers) share.
//
//   Layer l; l.kind = LayerKind::polygon; l.source_crs = "EPSG:32649";
//   l.columns = ...; l.fids = ...; l.shapes = ...;     // geometry in source_crs
//   finish_layer(l, lines, options, progress, 0.0, 1.0, scene.notes);
#pragma once

#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

// `layer` holds its columns and fids, and its geometry in layer.source_crs: shapes
// (polygon), `lines` (line: parts per feature) or anchors (point). Computes column ranges,
// projects to the display CRS and triangulates polygons, reporting progress in [f0, f1].
void finish_layer(Layer& layer, std::vector<std::vector<std::vector<Vec2>>>& lines,
                  const SceneOptions& options, Progress& progress, double f0, double f1,
                  std::vector<std::string>& notes);

// Appends a finished layer: the scene's bounds grow to hold it, and a `run_metadata` table's
// key/value rows become the scene's metadata.
void add_to_scene(Scene& scene, Layer layer);

}  // namespace sunplan::scene
