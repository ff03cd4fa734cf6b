// The parts of the road network reached within a cutoff, including the reachable stretch of
// partly reached pieces: the skeleton that isochrone polygons are buffered from.
//
//   auto times = multi_source_times(graph, bases_at, {}, {.cutoff_s = 3600}, progress);
//   auto parts = reached_parts(graph, times, 1800.0, /*by_source=*/true);
//   for (const auto& p : parts) draw(p.points, p.source);
//
// Along a piece the time is the lower envelope of straight lines (via either end, or from a
// source on the piece), so the cut points are exact, not sampled.
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/network/road_graph.hpp"
#include "sunplan/network/travel_times.hpp"

namespace sunplan::network {

struct ReachedPart {
  std::uint32_t piece = kNone;
  double from_fraction = 0.0, to_fraction = 0.0;
  std::uint32_t source = kNone;  // nearest source along this stretch (kNone if !by_source)
  std::vector<Vec2> points;      // polyline of the stretch
};

// by_source: split stretches where the nearest source changes (network service areas);
// otherwise adjacent reached stretches merge regardless of source.
std::vector<ReachedPart> reached_parts(const RoadGraph& graph, const TravelTimes& times,
                                       double cutoff_s, bool by_source);

// The polyline of a piece between two fractions (from < to).
std::vector<Vec2> piece_slice(const RoadGraph& graph, std::uint32_t piece, double from_fraction,
                              double to_fraction);

}  // namespace sunplan::network
