#include "coverage_geometry.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <iterator>

#include "sunplan/geo/geos_ops.hpp"

namespace sunplan {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using BoxIndex = bgi::rtree<std::pair<BBox, std::int32_t>, bgi::rstar<16>>;

namespace {

BBox to_bbox(const Box& b) {
  return {{b.min_x, b.min_y}, {b.max_x, b.max_y}};
}

// Indices of the boxes meeting `b`, ascending (so GEOS sees its inputs in a fixed order).
std::vector<std::int32_t> touching(const BoxIndex& index, const Box& b) {
  std::vector<std::pair<BBox, std::int32_t>> hits;
  index.query(bgi::intersects(to_bbox(b)), std::back_inserter(hits));
  std::vector<std::int32_t> out;
  out.reserve(hits.size());
  for (const auto& h : hits) out.push_back(h.second);
  std::sort(out.begin(), out.end());
  return out;
}

bool any_inside(const MultiPolygon& part, const std::vector<Vec2>& points) {
  const Box b = bounds(part);
  for (const Vec2& p : points)
    if (b.contains(p) && contains(part, p)) return true;
  return false;
}

// Catchments clipped to the townships their boxes touch.
void clip_catchments(const Dataset& d, std::vector<CatchmentArea> areas, CoverageGeometry& g,
                     Progress& progress) {
  std::vector<std::pair<BBox, std::int32_t>> unit_boxes;
  for (std::int32_t t : d.admin.townships) {
    const auto& geom = d.admin.units[static_cast<std::size_t>(t)].geometry;
    if (!geom.empty()) unit_boxes.emplace_back(to_bbox(bounds(geom)), t);
  }
  const BoxIndex unit_index(unit_boxes);
  const std::size_t n = areas.size();
  for (std::size_t k = 0; k < n; ++k) {
    if (k % 64 == 0)
      report_or_cancel(progress, static_cast<double>(k) / static_cast<double>(n), "catchments");
    CatchmentArea& a = areas[k];
    if (a.area.empty()) continue;
    MultiPolygon clipped;
    if (unit_boxes.empty()) {
      clipped = std::move(a.area);  // no outlines to clip to
    } else {
      std::vector<MultiPolygon> touched;
      for (std::int32_t t : touching(unit_index, bounds(a.area)))
        touched.push_back(d.admin.units[static_cast<std::size_t>(t)].geometry);
      if (touched.empty()) continue;
      clipped = geo::intersection(a.area, geo::union_all(touched));
    }
    if (clipped.empty()) continue;
    g.catchment_base.push_back(a.base);
    g.catchments.push_back(std::move(clipped));
  }
  g.catchment_union = geo::union_all(g.catchments);
}

// Gap parts per township: the township outside every catchment, where unreached youth live.
void find_gaps(const Dataset& d, const coverage::CoverageResult& c, CoverageGeometry& g,
               Progress& progress) {
  std::vector<std::pair<BBox, std::int32_t>> catch_boxes;
  for (std::size_t k = 0; k < g.catchments.size(); ++k)
    catch_boxes.emplace_back(to_bbox(bounds(g.catchments[k])), static_cast<std::int32_t>(k));
  const BoxIndex catch_index(catch_boxes);

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
    std::vector<MultiPolygon> near;
    for (std::int32_t h : touching(catch_index, bounds(unit)))
      near.push_back(g.catchments[static_cast<std::size_t>(h)]);
    const MultiPolygon outside = near.empty() ? unit : geo::difference(unit, geo::union_all(near));
    MultiPolygon kept;
    for (const Polygon& part : outside)
      if (any_inside(MultiPolygon{part}, outside_youth[t])) kept.push_back(part);
    if (kept.empty()) continue;
    std::int64_t unserved = 0;
    for (std::size_t y = 0; y < outside_youth[t].size(); ++y)
      if (contains(kept, outside_youth[t][y])) unserved += outside_count[t][y];
    g.gap_township.push_back(static_cast<std::int32_t>(t));
    g.gap_unserved.push_back(unserved);
    g.gaps.push_back(std::move(kept));
  }
  report_or_cancel(progress, 1.0, "gap polygons");
}

}  // namespace

std::vector<CatchmentArea> distance_catchments(const Dataset& d, const coverage::CoverageResult& c,
                                               Progress& progress) {
  std::vector<CatchmentArea> out;
  const std::size_t n = d.bases.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (i % 64 == 0)
      report_or_cancel(progress, static_cast<double>(i) / std::max<std::size_t>(n, 1),
                       "catchments");
    const double r = c.radius[i];
    if (!(r > 0)) continue;
    out.push_back({static_cast<std::int32_t>(i), geo::buffer_point(d.bases.pos[i], r, 16)});
  }
  return out;
}

CoverageGeometry coverage_geometry(const Dataset& d, const coverage::CoverageResult& c,
                                   std::vector<CatchmentArea> areas, Progress& progress) {
  CoverageGeometry g;
  clip_catchments(d, std::move(areas), g, progress);
  find_gaps(d, c, g, progress);
  return g;
}

}  // namespace sunplan
