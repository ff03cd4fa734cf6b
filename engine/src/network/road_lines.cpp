#include <cmath>
#include <unordered_map>

#include "sunplan/network/road_graph.hpp"
#include "way_soup.hpp"

namespace sunplan::network {

namespace {

struct CellHash {
  std::size_t operator()(const std::pair<std::int64_t, std::int64_t>& c) const {
    return std::hash<std::int64_t>()(c.first * 0x9E3779B97F4A7C15LL ^ c.second);
  }
};

}  // namespace

BuiltGraph build_road_graph(const std::vector<RoadLine>& lines, const Profile& profile,
                            Progress& progress, const GraphBuildOptions& options) {
  detail::WaySoup soup;
  GraphReport report;
  std::unordered_map<std::pair<std::int64_t, std::int64_t>, std::uint64_t, CellHash> ids;
  const double grid = options.junction_grid_m > 0 ? options.junction_grid_m : 1e-9;
  for (const RoadLine& line : lines) {
    ++report.ways_read;
    double kmh = 0.0;
    if (line.speed_kmh) {
      kmh = *line.speed_kmh;
    } else if (auto s = class_speed_kmh(profile, line.road_class)) {
      kmh = *s;
    } else {
      continue;
    }
    if (!(kmh > 0.0)) continue;
    ++report.ways_profile_class;
    std::uint8_t dirs = detail::kForward | detail::kBackward;
    if (profile.obey_oneway && line.oneway > 0) dirs = detail::kForward;
    if (profile.obey_oneway && line.oneway < 0) dirs = detail::kBackward;
    const std::size_t mark = soup.keys.size();
    for (const Vec2& p : line.points) {
      if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
      const std::pair<std::int64_t, std::int64_t> cell{std::llround(p.x / grid),
                                                       std::llround(p.y / grid)};
      const auto [it, fresh] = ids.try_emplace(cell, ids.size());
      if (soup.keys.size() > mark && soup.keys.back() == it->second) continue;
      soup.keys.push_back(it->second);
      soup.points.push_back(p);
    }
    if (soup.keys.size() - mark < 2) {
      soup.keys.resize(mark);
      soup.points.x.resize(mark);
      soup.points.y.resize(mark);
      ++report.ways_degenerate;
      continue;
    }
    if (dirs != (detail::kForward | detail::kBackward)) ++report.oneway_ways;
    soup.close_way(kmh / 3.6, dirs);
    ++report.ways_used;
  }
  return detail::build_from_soup(std::move(soup), report, options, progress);
}

}  // namespace sunplan::network
