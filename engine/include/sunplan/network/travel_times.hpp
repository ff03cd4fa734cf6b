// Network travel times from many sources at once (multi-source Dijkstra), and per-source
// trees bounded by a cutoff.
//
//   auto times = multi_source_times(graph, bases_at, {}, {.cutoff_s = 3600}, progress);
//   times.node_seconds[v];   // time from the nearest base (incl. its off-road leg and delay)
//   times.node_source[v];    // which base (kNone when unreached within the cutoff)
//   Arrival a = arrival(graph, times, youth_at[i], options);   // a point off the nodes
//
// Searches run forward along arcs (from the sources outwards). For times *to* the sources
// on a graph with one-way streets, search reversed(graph) instead.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/network/road_graph.hpp"
#include "sunplan/network/snap.hpp"

namespace sunplan::network {

struct TravelOptions {
  double offroad_walk_kmh = 5.0;  // the leg between a point and its snapped road position
  double cutoff_s = std::numeric_limits<double>::infinity();  // nodes beyond stay unreached
};

// A source's start on its piece, kept so arrivals on that same piece are exact.
struct Seed {
  std::uint32_t source = kNone;
  std::uint32_t piece = kNone;
  double fraction = 0.0;
  double start_s = 0.0;  // delay + off-road leg
};

struct TravelTimes {
  std::vector<float> node_seconds;  // kUnreachable when unreached
  std::vector<std::uint32_t> node_source;
  std::vector<Seed> seeds;    // sorted by piece, then source
  std::uint64_t settled = 0;  // nodes settled by the search
};

// delays_s may be empty (no delay) or have one entry per source. Unroutable sources are
// skipped. Equal times go to the lowest source index.
TravelTimes multi_source_times(const RoadGraph& graph, std::span<const Location> sources,
                               std::span<const double> delays_s, const TravelOptions& options,
                               Progress& progress);

struct Arrival {
  double seconds = std::numeric_limits<double>::infinity();  // incl. the point's off-road leg
  std::uint32_t source = kNone;
  bool reached() const { return source != kNone; }
};

// Time at a snapped point: via either end of its piece, or along the piece from a source that
// starts on the same piece; plus the point's off-road leg. Beyond options.cutoff_s: unreached.
Arrival arrival(const RoadGraph& graph, const TravelTimes& times, const Location& at,
                const TravelOptions& options);

// One source's nodes within the cutoff, sorted by node.
struct SourceTree {
  std::uint32_t source = kNone;
  Seed seed;
  std::vector<std::uint32_t> nodes;
  std::vector<float> seconds;
  TravelTimes as_times(std::size_t node_count) const;  // dense form, for arrival()
};

// One bounded search per routable source (in parallel with TBB); entry i is source i (empty
// when unroutable).
std::vector<SourceTree> per_source_trees(const RoadGraph& graph, std::span<const Location> sources,
                                         std::span<const double> delays_s,
                                         const TravelOptions& options, Progress& progress);

// The start delay plus off-road leg at the walking speed of options.
double start_seconds(const Location& at, double delay_s, const TravelOptions& options);

// t0 plus the time to move delta_fraction of a piece that takes piece_seconds; moving no
// distance costs nothing even along a closed direction.
inline double along(double t0, double delta_fraction, float piece_seconds) {
  if (delta_fraction == 0.0) return t0;
  if (piece_seconds == kUnreachable) return std::numeric_limits<double>::infinity();
  return t0 + delta_fraction * static_cast<double>(piece_seconds);
}

// Which of the given cutoffs (ascending) each node falls in: index of the first cutoff >= its
// time, or cutoffs.size() when beyond all. Several cutoffs from one search.
std::vector<std::uint8_t> cutoff_bands(const TravelTimes& times, std::span<const double> cutoffs_s);

}  // namespace sunplan::network
