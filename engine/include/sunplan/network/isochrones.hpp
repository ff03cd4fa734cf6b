// Isochrone polygons (areas reachable within each cutoff) and network service areas.
//
//   IsochroneOptions o;
//   o.cutoffs_s = {900, 1800, 2700, 3600};
//   o.mode = IsochroneMode::dissolved;
//   auto isos = isochrones(graph, bases_at, {}, o, progress);   // one per cutoff (per source)
//
// Polygons are the reached road parts buffered by buffer_m and unioned. Tolerance: every point
// of a polygon lies within buffer_m (straight line) of a road point reached within the
// cutoff, so it is reachable within cutoff + buffer_m / offroad walking speed; the polygon of
// a smaller cutoff is always inside that of a larger one (enforced by union). See
// docs/network.md. The buffers and overlays are geo's GEOS operations (geo/geos_ops.hpp).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/network/reached_parts.hpp"
#include "sunplan/network/road_graph.hpp"
#include "sunplan/network/snap.hpp"

namespace sunplan::network {

enum class IsochroneMode {
  per_source,         // one polygon per source and cutoff; neighbours overlap
  dissolved,          // one polygon per cutoff for all sources together
  by_nearest_source,  // per source, roads split by nearest source (network service areas)
};

struct IsochroneOptions {
  std::vector<double> cutoffs_s{900, 1800, 2700, 3600};  // ascending
  IsochroneMode mode = IsochroneMode::dissolved;
  double buffer_m = 100.0;
  double offroad_walk_kmh = 5.0;
  int quadrant_segments = 8;
};

struct Isochrone {
  std::uint32_t source = kNone;  // kNone in dissolved mode
  double cutoff_s = 0.0;
  MultiPolygon area;
};

// Ordered by cutoff, then source. In by_nearest_source mode areas of different sources are
// made disjoint: a band where two buffers overlap goes to the lower source index.
std::vector<Isochrone> isochrones(const RoadGraph& graph, std::span<const Location> sources,
                                  std::span<const double> delays_s, const IsochroneOptions& options,
                                  Progress& progress);

}  // namespace sunplan::network
