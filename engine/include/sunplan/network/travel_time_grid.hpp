// A travel-time raster: minutes from the nearest source at each cell centre, for GeoTIFF.
//
//   GridSpec spec{.origin_x = x0, .origin_y = y_top, .cell_m = 100, .cols = 400, .rows = 300};
//   auto grid = travel_time_grid(graph, index, times, spec, {}, progress);
//   grid.minutes[row * spec.cols + col];   // NaN where no road within max_snap_m or unreached
//
// Each cell centre is snapped to the nearest road position (as any point) and its time is the
// arrival there plus the off-road walk. Rows run from the top (origin_y) downwards.
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/network/snap.hpp"
#include "sunplan/network/travel_times.hpp"

namespace sunplan::network {

struct GridSpec {
  double origin_x = 0.0;  // left edge
  double origin_y = 0.0;  // top edge
  double cell_m = 100.0;
  std::uint32_t cols = 0;
  std::uint32_t rows = 0;
};

struct GridOptions {
  double max_snap_m = 500.0;
  TravelOptions travel;
};

struct TravelTimeGrid {
  GridSpec spec;
  std::vector<float> minutes;  // row-major, NaN = no value
  std::vector<std::uint32_t> source;
};

TravelTimeGrid travel_time_grid(const RoadGraph& graph, const SnapIndex& index,
                                const TravelTimes& times, const GridSpec& spec,
                                const GridOptions& options, Progress& progress);

}  // namespace sunplan::network
