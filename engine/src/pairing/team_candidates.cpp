#include "team_candidates.hpp"

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <iterator>

namespace sunplan::pairing::detail {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using TeamPoint = std::pair<BPoint, std::uint32_t>;

}  // namespace

struct DistanceCandidates::Tree {
  bgi::rtree<TeamPoint, bgi::rstar<16>> tree;
};

DistanceCandidates::DistanceCandidates(const PointSet& group_pos, const PointSet& team_pos,
                                       std::span<const std::uint8_t> active, double max_distance_m)
    : m_group_pos(group_pos),
      m_team_pos(team_pos),
      m_max_distance_m(max_distance_m),
      m_tree(std::make_unique<Tree>()) {
  std::vector<TeamPoint> values;
  values.reserve(team_pos.size());
  if (max_distance_m >= 0.0)
    for (std::size_t r = 0; r < team_pos.size(); ++r)
      if (active.empty() || active[r])
        values.emplace_back(BPoint(team_pos.x[r], team_pos.y[r]), static_cast<std::uint32_t>(r));
  m_tree->tree = bgi::rtree<TeamPoint, bgi::rstar<16>>(values.begin(), values.end());  // packed
}

DistanceCandidates::~DistanceCandidates() = default;

void DistanceCandidates::in_reach(std::uint32_t g, double bound,
                                  std::vector<Candidate>& out) const {
  if (m_tree->tree.empty()) return;
  const Vec2 p = m_group_pos[g];
  // float(d) <= bound can hold for d a hair above bound: widen the box, filter exactly below.
  const double r =
      std::min(m_max_distance_m, std::isfinite(bound) ? bound * (1.0 + 1e-6) + 1e-3 : bound);
  if (!(r >= 0.0)) return;
  thread_local std::vector<TeamPoint> hits;
  hits.clear();
  m_tree->tree.query(bgi::intersects(BBox(BPoint(p.x - r, p.y - r), BPoint(p.x + r, p.y + r))),
                     std::back_inserter(hits));
  for (const TeamPoint& v : hits) {
    const double d = distance(p, m_team_pos[v.second]);
    if (!(d <= m_max_distance_m)) continue;  // the reach rule of coverage::distance_reach
    const auto c = static_cast<float>(d);
    if (static_cast<double>(c) <= bound) out.push_back({c, v.second});
  }
}

void MatrixCandidates::in_reach(std::uint32_t g, double bound, std::vector<Candidate>& out) const {
  for (auto k = m_rows.offsets[g]; k < m_rows.offsets[g + 1]; ++k) {
    if (!(static_cast<double>(m_rows.cost[k]) <= bound)) break;  // rows ascend by cost
    out.push_back({m_rows.cost[k], m_rows.facility[k]});
  }
}

}  // namespace sunplan::pairing::detail
