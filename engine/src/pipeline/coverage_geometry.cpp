#include "coverage_geometry.hpp"

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>

#include "sunplan/geo/geos_ops.hpp"

namespace sunplan {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;

namespace {

BBox to_bbox(const Box& b) { return {{b.min_x, b.min_y}, {b.max_x, b.max_y}}; }

bool any_inside(const MultiPolygon& part, const std::vector<Vec2>& points) {
  const Box b = bounds(part);
  for (const Vec2& p : points)
    if (b.contains(p) && contains(part, p)) return true;
  return false;
}

}  // namespace

CoverageGeometry coverage_geometry(const Dataset& d, const coverage::CoverageResult& c, Progress& progress) {
  CoverageGeometry g;
  // Townships indexed by box, to clip each catchment to the units it touches.
  std::vector<std::pair<BBox, std::int32_t>> unit_boxes;
  for (std::int32_t t : d.admin.townships) {
    const auto& geom = d.admin.units[static_cast<std::size_t>(t)].geometry;
    if (!geom.empty()) unit_boxes.emplace_back(to_bbox(bounds(geom)), t);
  }
  const bgi::rtree<std::pair<BBox, std::int32_t>, bgi::rstar<16>> unit_index(unit_boxes);

  const std::size_t n = d.bases.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 64 == 0) report_or_cancel(progress, static_cast<double>(i) / std::max<std::size_t>(n, 1), "catchments");
    const double r = c.radius[i];
    if (!(r > 0)) continue;
    const Vec2 centre = d.bases.pos[i];
    const MultiPolygon disc = geo::buffer_point(centre, r, 16);
    std::vector<MultiPolygon> touched;
    std::vector<std::pair<BBox, std::int32_t>> hits;
    unit_index.query(bgi::intersects(to_bbox(bounds(disc))), std::back_inserter(hits));
    for (const auto& h : hits) touched.push_back(d.admin.units[static_cast<std::size_t>(h.second)].geometry);
    if (touched.empty()) continue;
    MultiPolygon clipped = geo::intersection(disc, geo::union_all(touched));
    if (clipped.empty()) continue;
    g.catchment_base.push_back(static_cast<std::int32_t>(i));
    g.catchments.push_back(std::move(clipped));
  }
  g.catchment_union = geo::union_all(g.catchments);

  // Gap parts per township.
  std::vector<std::pair<BBox, std::size_t>> catch_boxes;
  for (std::size_t k = 0; k < g.catchments.size(); ++k) catch_boxes.emplace_back(to_bbox(bounds(g.catchments[k])), k);
  const bgi::rtree<std::pair<BBox, std::size_t>, bgi::rstar<16>> catch_index(catch_boxes);

  std::vector<std::vector<Vec2>> outside_youth(d.admin.units.size());
  std::vector<std::vector<std::int32_t>> outside_count(d.admin.units.size());
  for (std::size_t y = 0; y < d.youth.size(); ++y) {
    const auto t = d.youth.township[y];
    if (t == kNone || c.reach.in_reach_count[y] > 0 || d.youth.count[y] == 0) continue;
    outside_youth[static_cast<std::size_t>(t)].push_back(d.youth.pos[y]);
    outside_count[static_cast<std::size_t>(t)].push_back(d.youth.count[y]);
  }
  for (std::size_t k = 0; k < d.admin.townships.size(); ++k) {
    const auto t = static_cast<std::size_t>(d.admin.townships[k]);
    if (outside_youth[t].empty() || d.admin.units[t].geometry.empty()) continue;
    report_or_cancel(progress, static_cast<double>(k) / d.admin.townships.size(), "gap polygons");
    const MultiPolygon& unit = d.admin.units[t].geometry;
    std::vector<std::pair<BBox, std::size_t>> hits;
    catch_index.query(bgi::intersects(to_bbox(bounds(unit))), std::back_inserter(hits));
    std::vector<MultiPolygon> near;
    for (const auto& h : hits) near.push_back(g.catchments[h.second]);
    const MultiPolygon outside = near.empty() ? unit : geo::difference(unit, geo::union_all(near));
    MultiPolygon kept;
    std::int64_t unserved = 0;
    for (const Polygon& part : outside) {
      const MultiPolygon one{part};
      if (!any_inside(one, outside_youth[t])) continue;
      kept.push_back(part);
    }
    if (kept.empty()) continue;
    for (std::size_t y = 0; y < outside_youth[t].size(); ++y)
      if (contains(kept, outside_youth[t][y])) unserved += outside_count[t][y];
    g.gap_township.push_back(static_cast<std::int32_t>(t));
    g.gap_unserved.push_back(unserved);
    g.gaps.push_back(std::move(kept));
  }
  report_or_cancel(progress, 1.0, "gap polygons");
  return g;
}

}  // namespace sunplan
