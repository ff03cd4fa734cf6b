// Joining points to the road network: the nearest point of the nearest road piece.
//
//   SnapIndex index(graph);                                   // R-tree over piece segments
//   Location at = index.snap({x_m, y_m}, {.max_snap_m = 500});
//   if (!at.routable()) report_unroutable(i);                 // never silently joined
//
// The off-road leg (offroad_m) is walked at the walking speed of TravelOptions; a snapped
// mid-piece position splits the piece's travel time in proportion to length.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/network/road_graph.hpp"

namespace sunplan::network {

struct Location {
  std::uint32_t piece = kNone;  // kNone: farther than max_snap_m from every road
  double fraction = 0.0;        // along the piece, 0 at piece_from, 1 at piece_to
  double offroad_m = 0.0;       // straight line from the point to on_road
  Vec2 on_road;

  bool routable() const { return piece != kNone; }
};

struct SnapOptions {
  double max_snap_m = 500.0;
};

class SnapIndex {
 public:
  explicit SnapIndex(const RoadGraph& graph);
  ~SnapIndex();
  SnapIndex(SnapIndex&&) noexcept;
  SnapIndex& operator=(SnapIndex&&) noexcept;

  // Ties in distance go to the lowest (piece, segment), so the answer never depends on order.
  Location snap(Vec2 p, const SnapOptions& options = {}) const;
  std::vector<Location> snap_all(const PointSet& points, const SnapOptions& options,
                                 Progress& progress) const;

 private:
  struct Impl;
  const RoadGraph* m_graph;
  std::unique_ptr<Impl> m_impl;
};

// Position and off-road leg for a known piece and fraction (e.g. a cell sampled on a road).
Vec2 point_at(const RoadGraph& graph, std::uint32_t piece, double fraction);

}  // namespace sunplan::network
