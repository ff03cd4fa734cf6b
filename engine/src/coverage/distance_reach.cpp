#include "sunplan/coverage/distance_reach.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <iterator>
#include <limits>
#include <stdexcept>
#include <utility>

#include "sunplan/core/dataset.hpp"

namespace sunplan::coverage {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BBox = bg::model::box<BPoint>;
using PointValue = std::pair<BPoint, std::uint32_t>;
using BoxValue = std::pair<BBox, std::uint32_t>;
using PointTree = bgi::rtree<PointValue, bgi::rstar<16>>;
using BoxTree = bgi::rtree<BoxValue, bgi::rstar<16>>;

// Points per parallel task: fixed, so the output layout never depends on the scheduler.
constexpr std::size_t kBlock = 1024;

struct Entry {
  float cost;
  std::uint32_t facility;
};

struct BlockOut {
  std::vector<Entry> entries;
  std::vector<std::uint32_t> row_size;
};

struct Searcher {
  const PointSet& facilities;
  std::span<const double> radius_m;
  const PointTree& points;
  const BoxTree& boxes;

  // Nearest active facility by sunplan::distance, ties to the lower index. The R-tree finds a
  // nearest candidate; a box query just beyond its distance then collects every facility that
  // could tie or round closer, so the answer is exactly the brute-force one.
  void nearest(Vec2 p, std::int32_t& index, double& dist, std::vector<PointValue>& scratch) const {
    index = kNone;
    dist = std::numeric_limits<double>::infinity();
    if (points.empty()) return;
    scratch.clear();
    const BPoint q(p.x, p.y);
    points.query(bgi::nearest(q, 2), std::back_inserter(scratch));
    double best = std::numeric_limits<double>::infinity();
    for (const auto& v : scratch) best = std::min(best, distance(p, facilities[v.second]));
    const double margin = best * 1e-9 + 1e-9;
    bool tie_possible = scratch.size() == 2;
    if (tie_possible) {
      const double d0 = distance(p, facilities[scratch[0].second]);
      const double d1 = distance(p, facilities[scratch[1].second]);
      tie_possible = std::abs(d0 - d1) <= margin;
    }
    if (!tie_possible) {
      // One clear winner (or a single facility); still prefer the exact min of the two.
      for (const auto& v : scratch) {
        const double d = distance(p, facilities[v.second]);
        if (d < dist || (d == dist && static_cast<std::int32_t>(v.second) < index)) {
          dist = d;
          index = static_cast<std::int32_t>(v.second);
        }
      }
      return;
    }
    const double m = best + margin;
    scratch.clear();
    points.query(bgi::intersects(BBox(BPoint(p.x - m, p.y - m), BPoint(p.x + m, p.y + m))),
                 std::back_inserter(scratch));
    for (const auto& v : scratch) {
      const double d = distance(p, facilities[v.second]);
      if (d < dist || (d == dist && static_cast<std::int32_t>(v.second) < index)) {
        dist = d;
        index = static_cast<std::int32_t>(v.second);
      }
    }
  }

  void in_reach(Vec2 p, std::vector<Entry>& out, std::vector<BoxValue>& scratch) const {
    scratch.clear();
    boxes.query(bgi::intersects(BPoint(p.x, p.y)), std::back_inserter(scratch));
    for (const auto& v : scratch) {
      const double d = distance(p, facilities[v.second]);
      if (d <= radius_m[v.second]) out.push_back({static_cast<float>(d), v.second});
    }
  }
};

}  // namespace

DistanceReach distance_reach(const PointSet& demand, const PointSet& facilities,
                             std::span<const double> radius_m, const DistanceReachOptions& options,
                             Progress& progress) {
  if (radius_m.size() != facilities.size())
    throw std::invalid_argument("distance_reach: one radius per facility expected");

  std::vector<PointValue> point_values;
  std::vector<BoxValue> box_values;
  for (std::size_t j = 0; j < facilities.size(); ++j) {
    const double r = radius_m[j];
    if (!(r >= 0.0)) continue;  // negative or NaN: left out
    const Vec2 f = facilities[j];
    const auto id = static_cast<std::uint32_t>(j);
    point_values.emplace_back(BPoint(f.x, f.y), id);
    box_values.emplace_back(BBox(BPoint(f.x - r, f.y - r), BPoint(f.x + r, f.y + r)), id);
  }
  // The range constructors bulk-load (STR packing): faster to build and to query.
  const PointTree point_tree(point_values.begin(), point_values.end());
  const BoxTree box_tree(box_values.begin(), box_values.end());
  const Searcher searcher{facilities, radius_m, point_tree, box_tree};

  const std::size_t n = demand.size();
  DistanceReach out;
  out.nearest.assign(n, kNone);
  out.nearest_cost.assign(n, std::numeric_limits<double>::infinity());
  out.in_reach_count.assign(n, 0);
  out.reach.offsets.assign(1, 0);
  if (options.build_matrix) out.reach.offsets.reserve(n + 1);

  const std::size_t chunk = std::max<std::size_t>(kBlock, options.chunk_points / kBlock * kBlock);
  for (std::size_t begin = 0; begin < n; begin += chunk) {
    const std::size_t end = std::min(n, begin + chunk);
    const std::size_t blocks = (end - begin + kBlock - 1) / kBlock;
    std::vector<BlockOut> block_out(blocks);
    tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
      const std::size_t lo = begin + b * kBlock;
      const std::size_t hi = std::min(end, lo + kBlock);
      BlockOut& bo = block_out[b];
      bo.row_size.reserve(hi - lo);
      std::vector<PointValue> nn_scratch;
      std::vector<BoxValue> box_scratch;
      std::vector<Entry> row;
      for (std::size_t i = lo; i < hi; ++i) {
        const Vec2 p = demand[i];
        searcher.nearest(p, out.nearest[i], out.nearest_cost[i], nn_scratch);
        row.clear();
        searcher.in_reach(p, row, box_scratch);
        out.in_reach_count[i] = static_cast<std::int32_t>(row.size());
        if (!options.build_matrix) continue;
        std::sort(row.begin(), row.end(), [](const Entry& a, const Entry& b) {
          return a.cost != b.cost ? a.cost < b.cost : a.facility < b.facility;
        });
        bo.entries.insert(bo.entries.end(), row.begin(), row.end());
        bo.row_size.push_back(static_cast<std::uint32_t>(row.size()));
      }
    });
    if (options.build_matrix) {
      for (const BlockOut& bo : block_out) {
        for (std::uint32_t s : bo.row_size)
          out.reach.offsets.push_back(out.reach.offsets.back() + s);
        for (const Entry& e : bo.entries) {
          out.reach.facility.push_back(e.facility);
          out.reach.cost.push_back(e.cost);
        }
      }
    }
    report_or_cancel(progress, static_cast<double>(end) / static_cast<double>(n), "distance reach");
  }
  if (!options.build_matrix) out.reach.offsets.assign(1, 0);
  return out;
}

}  // namespace sunplan::coverage
