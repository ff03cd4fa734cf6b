// The result layers of a scenario run held by the viewer's session, in engine terms: what
// the scene was built from, and what export_layer writes. Engine-side only (it names io
// types); the viewer passes it around opaquely through ScenarioRun::layers.
//
//   const RunLayers& l = *run.layers;
//   for (const OutputLayer& layer : l.layers) ... // geometry in l.working_crs
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "sunplan/io/output_layer.hpp"

namespace sunplan::scene {

struct RunLayers {
  std::vector<OutputLayer> layers;
  std::string working_crs;    // the CRS of every geometry in `layers`
  std::string output_crs;     // the CRS `sunplan run` writes them in ([run] output_crs)
  std::string scenario_file;  // the run's scenario and input files:
  std::vector<std::pair<std::string, std::string>> inputs;  // (file, what), never written over

  const OutputLayer* find(const std::string& name) const {
    for (const OutputLayer& l : layers)
      if (l.name == name) return &l;
    return nullptr;
  }
};

}  // namespace sunplan::scene
