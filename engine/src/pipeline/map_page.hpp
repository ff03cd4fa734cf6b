// The offline map page written beside every run (OUT-map.html): one self-contained HTML file
// with Leaflet (vendored, third_party/leaflet), the page's own script and the run's layers as
// GeoJSON, which opens from disk in any browser with no network.
//
//   write_file("out/demo-map.html", map_page_html(scenario.name, run));
//
// The page shows only what the GeoPackage publishes under the scenario's privacy mode: it
// takes the run's layers after apply_privacy, and of those only the area and facility layers
// (townships, counties, bases, catchments, gaps, sites, youth_grid); it never carries a layer
// with one feature per youth (youth, assignments, pairings, ...), in any mode.
// Geometry is simplified (Douglas-Peucker at 1/1500 of the study area's diagonal, at least
// 5 m, topology kept) and written in WGS84 with 6 decimals (0.1 m).
#pragma once

#include <string>

#include "sunplan/pipeline/run.hpp"

namespace sunplan {

// The layers a map page may carry, in drawing order (bottom first).
const std::vector<std::string>& map_page_layers();

// Throws ResourceError when the vendored library is not in the data folder (core/data_dir.hpp).
std::string map_page_html(const std::string& title, const RunResult& run);

}  // namespace sunplan
