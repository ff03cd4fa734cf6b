#include "sunplan/network/snap.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>

namespace sunplan::network {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;

namespace {

using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using Value = std::pair<BBox, std::uint32_t>;  // segment = its start's index in piece_points

struct Candidate {
  double distance = std::numeric_limits<double>::infinity();
  std::uint32_t segment = kNone;
  double t = 0.0;
};

void consider(const RoadGraph& g, Vec2 p, std::uint32_t segment, Candidate& best) {
  const Vec2 a = g.piece_points[segment], b = g.piece_points[segment + 1];
  const double dx = b.x - a.x, dy = b.y - a.y, len2 = dx * dx + dy * dy;
  double t = len2 > 0.0 ? ((p.x - a.x) * dx + (p.y - a.y) * dy) / len2 : 0.0;
  t = std::clamp(t, 0.0, 1.0);
  const double d = distance(p, {a.x + t * dx, a.y + t * dy});
  if (d < best.distance || (d == best.distance && segment < best.segment)) best = {d, segment, t};
}

Location to_location(const RoadGraph& g, Vec2 p, const Candidate& c, const SnapOptions& o) {
  Location at;
  if (c.segment == kNone || !(c.distance <= o.max_snap_m)) return at;
  const auto& off = g.piece_point_offsets;
  const auto piece = static_cast<std::uint32_t>(
                         std::upper_bound(off.begin(), off.end(), c.segment) - off.begin()) -
                     1;
  double before = 0.0, total = 0.0;
  for (auto k = off[piece]; k + 1 < off[piece + 1]; ++k) {
    const double len = distance(g.piece_points[k], g.piece_points[k + 1]);
    if (k < c.segment) before += len;
    if (k == c.segment) before += c.t * len;
    total += len;
  }
  const Vec2 a = g.piece_points[c.segment], b = g.piece_points[c.segment + 1];
  at.piece = piece;
  at.fraction = total > 0.0 ? std::clamp(before / total, 0.0, 1.0) : 0.0;
  at.on_road = {a.x + c.t * (b.x - a.x), a.y + c.t * (b.y - a.y)};
  at.offroad_m = distance(p, at.on_road);
  return at;
}

}  // namespace

struct SnapIndex::Impl {
  bgi::rtree<Value, bgi::rstar<16>> tree;
};

SnapIndex::SnapIndex(const RoadGraph& graph) : m_graph(&graph), m_impl(std::make_unique<Impl>()) {
  std::vector<Value> values;
  values.reserve(graph.piece_points.size());
  for (std::uint32_t p = 0; p < graph.piece_count(); ++p) {
    for (auto k = graph.piece_point_offsets[p]; k + 1 < graph.piece_point_offsets[p + 1]; ++k) {
      const Vec2 a = graph.piece_points[k], b = graph.piece_points[k + 1];
      values.emplace_back(BBox(BPoint(std::min(a.x, b.x), std::min(a.y, b.y)),
                               BPoint(std::max(a.x, b.x), std::max(a.y, b.y))),
                          k);
    }
  }
  m_impl->tree = decltype(m_impl->tree)(values.begin(), values.end());  // packing build
}

SnapIndex::~SnapIndex() = default;
SnapIndex::SnapIndex(SnapIndex&&) noexcept = default;
SnapIndex& SnapIndex::operator=(SnapIndex&&) noexcept = default;

Location SnapIndex::snap(Vec2 p, const SnapOptions& options) const {
  const auto& tree = m_impl->tree;
  if (tree.empty()) return {};
  const BPoint q(p.x, p.y);
  Candidate best;
  // Boxes come nearest first; a box's distance bounds its segment's from below, so once a
  // box is farther than the best segment (or the limit) no later one can win.
  std::vector<Value> found;
  for (std::size_t k = 8;; k *= 4) {
    found.clear();
    tree.query(bgi::nearest(q, static_cast<unsigned>(std::min(k, tree.size()))),
               std::back_inserter(found));
    double farthest_box = 0.0;
    for (const Value& v : found) {
      farthest_box = std::max(farthest_box, bg::distance(q, v.first));
      consider(*m_graph, p, v.second, best);
    }
    if (found.size() >= tree.size() || farthest_box > best.distance ||
        farthest_box > options.max_snap_m) {
      break;
    }
  }
  return to_location(*m_graph, p, best, options);
}

std::vector<Location> SnapIndex::snap_all(const PointSet& points, const SnapOptions& options,
                                          Progress& progress) const {
  std::vector<Location> out(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    if (i % 8192 == 0) report_or_cancel(progress, static_cast<double>(i) / points.size(), "snap");
    out[i] = snap(points[i], options);
  }
  report_or_cancel(progress, 1.0, "snap");
  return out;
}

Vec2 point_at(const RoadGraph& graph, std::uint32_t piece, double fraction) {
  const auto b = graph.piece_point_offsets[piece], e = graph.piece_point_offsets[piece + 1];
  double total = 0.0;
  for (auto k = b; k + 1 < e; ++k)
    total += distance(graph.piece_points[k], graph.piece_points[k + 1]);
  double want = std::clamp(fraction, 0.0, 1.0) * total;
  for (auto k = b; k + 1 < e; ++k) {
    const Vec2 p = graph.piece_points[k], q = graph.piece_points[k + 1];
    const double len = distance(p, q);
    if (want <= len || k + 2 == e) {
      const double t = len > 0.0 ? std::clamp(want / len, 0.0, 1.0) : 0.0;
      return {p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
    }
    want -= len;
  }
  return graph.piece_points[b];
}

}  // namespace sunplan::network
