#include "sunplan/geo/polygon_index.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <boost/iterator/function_output_iterator.hpp>
#include <cmath>
#include <iterator>

namespace sunplan::geo {
namespace {

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using BgPoint = bg::model::point<double, 2, bg::cs::cartesian>;
using BgBox = bg::model::box<BgPoint>;
using RtreeValue = std::pair<BgBox, std::uint32_t>;
using Rtree = bgi::rtree<RtreeValue, bgi::rstar<16>>;

// A non-horizontal edge stored with a.y < b.y, so both neighbours of a shared edge
// evaluate the same expression on the same operands.
struct Edge {
  double ax, ay, bx, by;
};

// Bands hold about this many edges on average; small enough that a query scans a
// handful, large enough that a long edge rarely spans many bands.
constexpr std::size_t kEdgesPerBand = 4;
constexpr std::size_t kMaxBands = 4096;

struct PolyEntry {
  double y0 = 0.0;          // bottom of band 0
  double inv_band_h = 0.0;  // bands per unit of y
  std::uint32_t band_count = 0;
  std::uint64_t first_band = 0;  // index into band_offsets
};

}  // namespace

struct PolygonIndex::Impl {
  std::size_t polygon_count = 0;
  std::vector<PolyEntry> polys;
  std::vector<std::uint64_t> band_offsets;  // per band: start in band_edges; one extra at end
  std::vector<Edge> band_edges;             // edges copied into each band they overlap
  Rtree rtree;

  bool contains(std::uint32_t id, Vec2 p) const {
    const PolyEntry& e = polys[id];
    const double t = (p.y - e.y0) * e.inv_band_h;
    if (!(t >= 0.0)) return false;  // below the box (or NaN)
    const auto band = static_cast<std::uint64_t>(t);
    if (band >= e.band_count) return false;
    const std::uint64_t b = e.first_band + band;
    bool inside = false;
    for (std::uint64_t k = band_offsets[b]; k < band_offsets[b + 1]; ++k) {
      const Edge& s = band_edges[k];
      if (s.ay <= p.y && p.y < s.by) {
        const double x_cross = s.ax + (p.y - s.ay) * (s.bx - s.ax) / (s.by - s.ay);
        if (p.x < x_cross) inside = !inside;
      }
    }
    return inside;
  }

  std::int32_t locate(Vec2 p, std::vector<std::uint32_t>& candidates) const {
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) return kNone;
    candidates.clear();
    const BgPoint q(p.x, p.y);
    rtree.query(bgi::intersects(q), boost::make_function_output_iterator([&](const RtreeValue& v) {
                  candidates.push_back(v.second);
                }));
    std::sort(candidates.begin(), candidates.end());
    for (std::uint32_t id : candidates)
      if (contains(id, p)) return static_cast<std::int32_t>(id);
    return kNone;
  }
};

PolygonIndex::PolygonIndex() : m_impl(std::make_unique<Impl>()) {}
PolygonIndex::~PolygonIndex() = default;
PolygonIndex::PolygonIndex(PolygonIndex&&) noexcept = default;
PolygonIndex& PolygonIndex::operator=(PolygonIndex&&) noexcept = default;

PolygonIndex::PolygonIndex(const std::vector<MultiPolygon>& polygons)
    : m_impl(std::make_unique<Impl>()) {
  Impl& im = *m_impl;
  im.polygon_count = polygons.size();
  im.polys.resize(polygons.size());
  im.band_offsets.push_back(0);
  std::vector<RtreeValue> boxes;
  boxes.reserve(polygons.size());
  std::vector<Edge> edges;
  std::vector<std::uint32_t> counts;

  for (std::size_t id = 0; id < polygons.size(); ++id) {
    edges.clear();
    Box box;
    for (const Polygon& poly : polygons[id])
      for (const Ring& ring : poly.rings) {
        const std::size_t n = ring.size();
        for (std::size_t i = 0; i < n; ++i) {
          // Closing edge from the last vertex to the first: harmless when the ring is
          // already closed (a zero-length edge is horizontal and skipped).
          const Vec2 a = ring[i], b = ring[(i + 1) % n];
          box.expand(a);
          if (a.y == b.y || !std::isfinite(a.y) || !std::isfinite(b.y)) continue;
          edges.push_back(a.y < b.y ? Edge{a.x, a.y, b.x, b.y} : Edge{b.x, b.y, a.x, a.y});
        }
      }
    PolyEntry& entry = im.polys[id];
    entry.first_band = im.band_offsets.size() - 1;
    if (edges.empty() || box.empty() || !(box.max_y > box.min_y)) continue;  // never contains
    const std::size_t bands = std::clamp<std::size_t>(edges.size() / kEdgesPerBand, 1, kMaxBands);
    entry.y0 = box.min_y;
    entry.band_count = static_cast<std::uint32_t>(bands);
    entry.inv_band_h = static_cast<double>(bands) / (box.max_y - box.min_y);
    // A query at y = max_y can compute band == bands: nothing ends above max_y, so
    // returning "outside" there is what the crossing rule gives anyway.
    auto band_of = [&](double y) {
      const double t = (y - entry.y0) * entry.inv_band_h;
      return std::min<std::size_t>(bands - 1, static_cast<std::size_t>(std::max(0.0, t)));
    };
    counts.assign(bands, 0);
    for (const Edge& e : edges)
      for (std::size_t b = band_of(e.ay); b <= band_of(e.by); ++b) ++counts[b];
    const std::uint64_t base = im.band_edges.size();
    std::uint64_t running = base;
    std::vector<std::uint64_t> cursor(bands);
    for (std::size_t b = 0; b < bands; ++b) {
      cursor[b] = running;
      running += counts[b];
      im.band_offsets.push_back(running);
    }
    im.band_edges.resize(running);
    // Edges keep ring order inside each band: the parity result does not depend on it,
    // but a fixed layout keeps the index byte-identical run to run.
    for (const Edge& e : edges)
      for (std::size_t b = band_of(e.ay); b <= band_of(e.by); ++b) im.band_edges[cursor[b]++] = e;
    boxes.emplace_back(BgBox(BgPoint(box.min_x, box.min_y), BgPoint(box.max_x, box.max_y)),
                       static_cast<std::uint32_t>(id));
  }
  im.band_edges.shrink_to_fit();
  im.band_offsets.shrink_to_fit();
  im.rtree = Rtree(boxes.begin(), boxes.end());  // packing (STR-like) constructor
}

std::size_t PolygonIndex::size() const {
  return m_impl->polygon_count;
}

std::size_t PolygonIndex::memory_bytes() const {
  const Impl& im = *m_impl;
  // The R-tree's nodes are not exposed: count its values plus ~1/16 for inner nodes.
  const std::size_t tree = im.rtree.size() * sizeof(RtreeValue) * 17 / 16;
  return im.polys.capacity() * sizeof(PolyEntry) +
         im.band_offsets.capacity() * sizeof(std::uint64_t) +
         im.band_edges.capacity() * sizeof(Edge) + tree;
}

std::int32_t PolygonIndex::locate(Vec2 p) const {
  std::vector<std::uint32_t> candidates;
  return m_impl->locate(p, candidates);
}

std::vector<std::int32_t> PolygonIndex::locate_all(const PointSet& points,
                                                   Progress& progress) const {
  const std::size_t n = points.size();
  std::vector<std::int32_t> out(n, kNone);
  // Chunks keep progress and cancellation responsive on the calling thread while
  // TBB spreads each chunk over all cores.
  constexpr std::size_t kChunk = 1 << 16;
  report_or_cancel(progress, 0.0, "locate points");
  for (std::size_t begin = 0; begin < n; begin += kChunk) {
    const std::size_t end = std::min(n, begin + kChunk);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(begin, end, 1024),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        std::vector<std::uint32_t> candidates;
                        candidates.reserve(16);
                        for (std::size_t i = r.begin(); i < r.end(); ++i)
                          out[i] = m_impl->locate(points[i], candidates);
                      });
    report_or_cancel(progress, static_cast<double>(end) / static_cast<double>(n), "locate points");
  }
  return out;
}

}  // namespace sunplan::geo
