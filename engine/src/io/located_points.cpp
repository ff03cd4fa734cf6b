#include "located_points.hpp"

#include <cmath>
#include <map>

namespace sunplan::io {

using gazetteer::MatchLevel;
using gazetteer::PointSource;

LocatedPoint located_point(const LocatedLayer& layer, std::int64_t row,
                           const std::function<bool(const std::string&)>& township_in_layer) {
  const gazetteer::Gazetteer& g = *layer.gazetteer;
  const gazetteer::PlaceMatch& m = layer.match[static_cast<std::size_t>(row - 1)];
  layer.summary->count(m, row);
  LocatedPoint p;
  if (m.level != MatchLevel::village && m.level != MatchLevel::township) {
    p.reason = "not placed from its address: " + gazetteer::describe(m, g);
    return p;
  }
  p.keep = true;
  p.township_code = g.code(m.township);
  const bool village_point =
      m.village != kNone && g.point_source(m.village) == PointSource::village;
  if (township_in_layer(p.township_code)) {
    if (village_point) {
      p.lonlat = g.lonlat(m.village);
      ++layer.summary->at_village_point;
    } else {
      p.from = PointFrom::spread;
      ++layer.summary->spread_in_township;
    }
    return p;
  }
  ++layer.summary->outside_townships;
  const std::int32_t with_point = village_point                                     ? m.village
                                  : g.point_source(m.township) != PointSource::none ? m.township
                                                                                    : kNone;
  if (with_point == kNone) {
    p.keep = false;
    p.reason = "placed in township " + p.township_code + " " + std::string(g.name(m.township)) +
               ", which the townships layer lacks and the gazetteer has no point for";
    return p;
  }
  p.lonlat = g.lonlat(with_point);
  p.severity = Severity::warning;
  p.reason = "placed in township " + p.township_code + " " + std::string(g.name(m.township)) +
             ", which the townships layer lacks: kept at the gazetteer's " +
             gazetteer::to_string(g.point_source(with_point)) + " point";
  return p;
}

std::vector<Vec2> spread_located(const std::vector<std::int32_t>& townships,
                                 const gazetteer::Gazetteer& g, const AdminUnits& admin,
                                 const std::function<bool(double&, double&)>& lonlat_to_work,
                                 const SpreadCounts& spread, Progress& progress) {
  // One (township, count) entry per township, in first-seen order.
  CountsToSpread request;
  std::map<std::int32_t, std::size_t> entry_of;
  std::vector<std::int32_t>& units = request.unit;
  std::vector<std::int64_t>& counts = request.count;
  std::vector<std::vector<std::size_t>> rows_of;
  for (std::size_t k = 0; k < townships.size(); ++k) {
    auto [it, fresh] = entry_of.try_emplace(townships[k], units.size());
    if (fresh) {
      units.push_back(townships[k]);
      counts.push_back(0);
      rows_of.emplace_back();
    }
    ++counts[it->second];
    rows_of[it->second].push_back(k);
  }
  // Anchors: the gazetteer's village points in each of these townships.
  for (std::int32_t unit : units) {
    const std::int32_t t = g.find(admin.units[static_cast<std::size_t>(unit)].code);
    if (t == kNone) continue;
    for (std::int32_t v = t + 1; v < g.subtree_end(t); ++v) {
      if (g.point_source(v) != PointSource::village) continue;
      double x = g.lonlat(v).x, y = g.lonlat(v).y;
      if (!lonlat_to_work(x, y)) continue;
      request.anchor_pos.push_back({x, y});
      request.anchor_unit.push_back(unit);
    }
  }
  const SpreadPoints s = spread(admin, request, progress);
  std::vector<Vec2> out(townships.size(), Vec2{NAN, NAN});
  std::vector<std::size_t> next(units.size(), 0);
  for (std::size_t k = 0; k < s.pos.size(); ++k) {
    const auto e = static_cast<std::size_t>(s.entry[k]);
    for (std::int32_t c = 0; c < s.count[k] && next[e] < rows_of[e].size(); ++c)
      out[rows_of[e][next[e]++]] = s.pos[k];
  }
  return out;
}

}  // namespace sunplan::io
