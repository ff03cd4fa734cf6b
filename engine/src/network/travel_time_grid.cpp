#include "sunplan/network/travel_time_grid.hpp"

#include <tbb/parallel_for.h>

#include <cmath>
#include <limits>

namespace sunplan::network {

TravelTimeGrid travel_time_grid(const RoadGraph& graph, const SnapIndex& index,
                                const TravelTimes& times, const GridSpec& spec,
                                const GridOptions& options, Progress& progress) {
  TravelTimeGrid grid;
  grid.spec = spec;
  const std::size_t cells = static_cast<std::size_t>(spec.cols) * spec.rows;
  grid.minutes.assign(cells, std::numeric_limits<float>::quiet_NaN());
  grid.source.assign(cells, kNone);
  SnapOptions snap;
  snap.max_snap_m = options.max_snap_m;
  for (std::uint32_t row = 0; row < spec.rows; ++row) {
    if (row % 16 == 0)
      report_or_cancel(progress, static_cast<double>(row) / spec.rows, "travel-time grid");
    const double y = spec.origin_y - (row + 0.5) * spec.cell_m;
    tbb::parallel_for(std::uint32_t{0}, spec.cols, [&](std::uint32_t col) {
      const Vec2 centre{spec.origin_x + (col + 0.5) * spec.cell_m, y};
      const Arrival a = arrival(graph, times, index.snap(centre, snap), options.travel);
      if (!a.reached()) return;
      const std::size_t i = static_cast<std::size_t>(row) * spec.cols + col;
      grid.minutes[i] = static_cast<float>(a.seconds / 60.0);
      grid.source[i] = a.source;
    });
  }
  report_or_cancel(progress, 1.0, "travel-time grid");
  return grid;
}

}  // namespace sunplan::network
