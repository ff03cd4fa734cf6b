// Turns the run's results into output layers (docs/outputs.md lists them).
#pragma once

#include <vector>

#include "coverage_geometry.hpp"
#include "sunplan/coverage/coverage.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/pipeline/layer_choice.hpp"

namespace sunplan {

// Seconds as minutes; NULL when not finite (out of reach).
FieldValue minutes_or_null(double seconds);

// Network mode: whether each base and youth point joined the road network (a `routable`
// field on those layers). Distance mode passes none.
struct Routable {
  std::vector<bool> bases, youth;
};

// The common layers of both modes. Fields that hold a cost are named and converted from
// c.measure: radius_m / nearest_m / mean_nearest_m in metres, or cutoff_min / nearest_min /
// mean_nearest_min in minutes, and network mode's assignments gain travel_min.
// `wanted` (a run's --layers choice) leaves out the per-youth layers it does not choose, so
// they are not built at all; nullptr builds every layer.
std::vector<OutputLayer> coverage_layers(const LoadResult& load, const coverage::CoverageResult& c,
                                         const CoverageGeometry& g,
                                         const Routable* routable = nullptr,
                                         const LayerChoice* wanted = nullptr);

}  // namespace sunplan
