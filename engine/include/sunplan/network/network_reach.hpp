// Facilities within a travel-time limit of each demand point, as a core ReachMatrix
// (cost = seconds), so coverage, siting and pairing can work in travel time.
//
//   auto r = network_reach(graph, bases_at, youth_at, {.cutoff_s = 1800}, progress);
//   // r.row_size(i) bases within 30 min of youth i, sorted by seconds then base index
//
// Times include both off-road legs at walking speed. Unroutable demand points get empty
// rows and unroutable facilities never appear. direction chooses who travels.
#pragma once

#include <span>

#include "sunplan/core/progress.hpp"
#include "sunplan/core/reach.hpp"
#include "sunplan/network/road_graph.hpp"
#include "sunplan/network/snap.hpp"

namespace sunplan::network {

enum class ReachDirection {
  facility_to_demand,  // volunteers/bases travel to the youth
  demand_to_facility,  // youth travel to the base (searches the reversed graph)
};

struct ReachOptions {
  double cutoff_s = 1800.0;
  double offroad_walk_kmh = 5.0;
  ReachDirection direction = ReachDirection::demand_to_facility;
};

ReachMatrix network_reach(const RoadGraph& graph, std::span<const Location> facilities,
                          std::span<const Location> demand, const ReachOptions& options,
                          Progress& progress);

}  // namespace sunplan::network
