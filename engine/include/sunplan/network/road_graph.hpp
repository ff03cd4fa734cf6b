// The routable road graph: junction nodes, road pieces between junctions (with their
// geometry, for isochrones and snapping) and a CSR adjacency of directed arcs.
//
//   std::vector<RoadLine> lines = ...;    // e.g. a GDAL line layer in working-CRS metres
//   auto built = build_road_graph(lines, make_profile(TravelMode::car), progress);
//   const RoadGraph& g = built.graph;     // largest strongly connected component only
//   for (auto a = g.arc_offsets[v]; a < g.arc_offsets[v + 1]; ++a) use(g.arcs[a].head,
//   g.arcs[a].seconds);
//
// A *piece* is an undirected stretch of one input way between two junctions; it has a travel
// time in each direction (+infinity when that direction is closed, e.g. a one-way street).
// Positions along a piece are fractions of its length; the speed is uniform along a piece,
// so a fraction of the length is the same fraction of its time.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/network/profile.hpp"

namespace sunplan::network {

inline constexpr float kUnreachable = std::numeric_limits<float>::infinity();
inline constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

struct Arc {
  std::uint32_t head = 0;
  float seconds = 0.0f;
};

struct RoadGraph {
  PointSet nodes;  // junctions, working-CRS metres

  std::vector<std::uint32_t> piece_from, piece_to;
  std::vector<float> piece_forward_s, piece_backward_s;  // kUnreachable when closed
  std::vector<float> piece_length_m;
  std::vector<std::uint32_t> piece_point_offsets{0};  // size piece_count() + 1
  PointSet piece_points;                              // first == from node, last == to node

  std::vector<std::uint32_t> arc_offsets{0};  // CSR, size node_count() + 1
  std::vector<Arc> arcs;
  std::vector<std::uint32_t> arc_piece;  // the piece each arc runs along

  std::size_t node_count() const { return nodes.size(); }
  std::size_t piece_count() const { return piece_from.size(); }
  std::size_t arc_count() const { return arcs.size(); }
  Vec2 piece_point(std::uint32_t piece, std::uint32_t k) const {
    return piece_points[piece_point_offsets[piece] + k];
  }
  std::uint32_t piece_point_count(std::uint32_t piece) const {
    return piece_point_offsets[piece + 1] - piece_point_offsets[piece];
  }
};

// What was read and what was dropped; nothing is dropped silently.
struct GraphReport {
  std::uint64_t ways_read = 0;           // input ways/lines seen (OSM: with a highway tag)
  std::uint64_t ways_profile_class = 0;  // whose class the profile may use
  std::uint64_t ways_access_denied = 0;  // of those, closed by access tags (OSM only)
  std::uint64_t ways_degenerate = 0;     // fewer than two distinct points or missing nodes
  std::uint64_t ways_used = 0;
  std::uint64_t oneway_ways = 0;  // used ways open in one direction only
  std::uint64_t nodes_before = 0, pieces_before = 0, arcs_before = 0;  // before the SCC cut
  std::uint64_t components = 0;  // strongly connected components found
  std::uint64_t nodes_dropped = 0, pieces_dropped = 0, arcs_dropped = 0;
};

struct BuiltGraph {
  RoadGraph graph;
  GraphReport report;
};

// A generic line, e.g. from a GDAL layer. road_class is looked up in the profile (OSM
// highway names); speed_kmh, when set, overrides the class speed (and makes an unknown
// class routable). oneway: +1 open only in digitised direction, -1 only against it, 0 both.
struct RoadLine {
  std::vector<Vec2> points;
  std::string road_class;
  int oneway = 0;
  std::optional<double> speed_kmh;
};

struct GraphBuildOptions {
  bool keep_largest_scc_only = true;
  // Vertices are keyed by coordinates rounded to this grid: equal keys are one junction.
  double junction_grid_m = 0.001;
};

// Lines meet where they share a vertex (not where they merely cross: bridges stay bridges).
BuiltGraph build_road_graph(const std::vector<RoadLine>& lines, const Profile& profile,
                            Progress& progress, const GraphBuildOptions& options = {});

// Same nodes, pieces and geometry, every travel direction flipped: a search on the reversed
// graph from facilities gives times *to* the facilities. Locations stay valid.
RoadGraph reversed(const RoadGraph& graph);

// Rebuilds the CSR arcs from the piece arrays (used by the builders, reversed() and the cache).
void rebuild_arcs(RoadGraph& graph);

}  // namespace sunplan::network
