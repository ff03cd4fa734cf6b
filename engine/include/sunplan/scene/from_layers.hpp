// A Scene from the pipeline's in-memory result layers, without writing a GeoPackage.
//
//   RunResult r = run_scenario(sc, RunOptions{.write_output = false}, progress);
//   Scene s = scene_from_layers(r.layers, r.load.dataset.crs.definition, {}, progress);
//
// The same projection and triangulation as load_scene (they share the code), so a scene
// built here matches the one read back from the result GeoPackage.
#pragma once

#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/scene/scene.hpp"

namespace sunplan::scene {

// Geometry is in `working_crs`; layers keep their order; options.layers filters by name.
// Throws CancelledError when the progress asks to stop.
Scene scene_from_layers(const std::vector<OutputLayer>& layers, const std::string& working_crs,
                        const SceneOptions& options, Progress& progress);

}  // namespace sunplan::scene
