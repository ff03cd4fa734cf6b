#include "sunplan/network/isochrones.hpp"

#include <algorithm>
#include <map>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/geos_ops.hpp"
#include "sunplan/network/travel_times.hpp"

namespace sunplan::network {

namespace {

std::vector<std::vector<Vec2>> lines_of(std::vector<ReachedPart>&& parts) {
  std::vector<std::vector<Vec2>> lines;
  lines.reserve(parts.size());
  for (auto& p : parts) lines.push_back(std::move(p.points));
  return lines;
}

}  // namespace

std::vector<Isochrone> isochrones(const RoadGraph& graph, std::span<const Location> sources,
                                  std::span<const double> delays_s, const IsochroneOptions& options,
                                  Progress& progress) {
  std::vector<double> cutoffs = options.cutoffs_s;
  if (cutoffs.empty() || !std::is_sorted(cutoffs.begin(), cutoffs.end()) || cutoffs.front() < 0) {
    throw UsageError("isochrone cutoffs must be non-negative and ascending");
  }
  TravelOptions travel;
  travel.cutoff_s = cutoffs.back();
  travel.offroad_walk_kmh = options.offroad_walk_kmh;
  const double w = options.buffer_m;
  const int q = options.quadrant_segments;
  std::vector<Isochrone> out;

  if (options.mode == IsochroneMode::dissolved) {
    const auto times = multi_source_times(graph, sources, delays_s, travel, progress);
    MultiPolygon previous;
    for (std::size_t k = 0; k < cutoffs.size(); ++k) {
      report_or_cancel(progress, static_cast<double>(k) / cutoffs.size(), "isochrones");
      // Union with the smaller cutoff's area makes nesting exact despite buffer rounding.
      auto area = geo::unite(
          geo::buffer_lines(lines_of(reached_parts(graph, times, cutoffs[k], false)), w, q),
          previous);
      previous = area;
      out.push_back({kNone, cutoffs[k], std::move(area)});
    }
  } else if (options.mode == IsochroneMode::per_source) {
    const auto trees = per_source_trees(graph, sources, delays_s, travel, progress);
    std::vector<std::vector<Isochrone>> by_source(trees.size());
    for (std::size_t i = 0; i < trees.size(); ++i) {
      report_or_cancel(progress, static_cast<double>(i) / trees.size(), "isochrones");
      if (trees[i].seed.piece == kNone) continue;
      const auto times = trees[i].as_times(graph.node_count());
      MultiPolygon previous;
      for (double c : cutoffs) {
        auto area = geo::unite(
            geo::buffer_lines(lines_of(reached_parts(graph, times, c, false)), w, q), previous);
        previous = area;
        by_source[i].push_back({static_cast<std::uint32_t>(i), c, std::move(area)});
      }
    }
    for (std::size_t k = 0; k < cutoffs.size(); ++k) {
      for (auto& list : by_source) {
        if (!list.empty()) out.push_back(std::move(list[k]));
      }
    }
  } else {
    const auto times = multi_source_times(graph, sources, delays_s, travel, progress);
    std::map<std::uint32_t, MultiPolygon> previous;
    for (std::size_t k = 0; k < cutoffs.size(); ++k) {
      report_or_cancel(progress, static_cast<double>(k) / cutoffs.size(), "isochrones");
      std::map<std::uint32_t, std::vector<std::vector<Vec2>>> lines;
      for (auto& part : reached_parts(graph, times, cutoffs[k], true)) {
        lines[part.source].push_back(std::move(part.points));
      }
      for (auto& [s, l] : lines) previous[s] = geo::unite(geo::buffer_lines(l, w, q), previous[s]);
      // Buffers of neighbouring sources overlap in a band of up to 2 * buffer_m where the
      // roads change source; the band goes to the lower source index, so areas are disjoint.
      MultiPolygon taken;
      for (const auto& [s, area] : previous) {
        auto own = geo::difference(area, taken);
        taken = geo::unite(taken, area);
        out.push_back({s, cutoffs[k], std::move(own)});
      }
    }
  }
  report_or_cancel(progress, 1.0, "isochrones");
  return out;
}

}  // namespace sunplan::network
