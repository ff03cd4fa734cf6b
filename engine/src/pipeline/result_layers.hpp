// Turns the run's results into output layers (docs/outputs.md lists them).
#pragma once

#include <vector>

#include "coverage_geometry.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/coverage/coverage.hpp"

namespace sunplan {

std::vector<OutputLayer> coverage_layers(const LoadResult& load, const coverage::CoverageResult& c,
                                         const CoverageGeometry& g);

}  // namespace sunplan
