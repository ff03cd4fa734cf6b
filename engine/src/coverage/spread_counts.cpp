#include "sunplan/coverage/spread_counts.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace sunplan::coverage {

std::vector<std::int64_t> split_largest_remainder(std::int64_t total,
                                                  std::span<const double> weights) {
  const std::size_t n = weights.size();
  std::vector<std::int64_t> share(n, 0);
  if (n == 0 || total <= 0) return share;
  std::vector<long double> w(n);
  long double sum = 0;
  for (std::size_t i = 0; i < n; ++i) {
    w[i] = weights[i] > 0 ? static_cast<long double>(weights[i]) : 0.0L;  // NaN -> 0 too
    sum += w[i];
  }
  const bool equal =
      sum == 0 || std::all_of(w.begin(), w.end(), [&](long double v) { return v == w[0]; });
  const auto nn = static_cast<std::int64_t>(n);
  if (equal) {
    // Every remainder ties: spread the leftover evenly along the order (Bresenham) rather
    // than piling it on the first points, so a grid is filled evenly, not row by row.
    const std::int64_t base = total / nn, rest = total % nn;
    for (std::int64_t i = 0; i < nn; ++i)
      share[static_cast<std::size_t>(i)] = base + ((i + 1) * rest / nn - i * rest / nn);
    return share;
  }
  std::vector<long double> rem(n);
  std::int64_t given = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const long double q = static_cast<long double>(total) * w[i] / sum;
    const long double f = std::floor(q);
    share[i] = static_cast<std::int64_t>(f);
    rem[i] = q - f;
    given += share[i];
  }
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
  std::int64_t left = total - given;
  // left is in [0, n) in exact arithmetic; the loops also absorb any rounding slip.
  for (std::size_t k = 0; left > 0; k = (k + 1) % n, --left) ++share[order[k]];
  for (std::size_t k = n; left < 0;) {
    k = (k == 0 ? n : k) - 1;
    if (share[order[k]] > 0 && w[order[k]] > 0) {
      --share[order[k]];
      ++left;
    }
  }
  return share;
}

namespace {

// A point strictly inside `mp`, from the widest inside interval on a horizontal scan line.
bool scanline_interior(const MultiPolygon& mp, const Box& box, Vec2& out) {
  static constexpr double kFractions[] = {0.5,   0.25,  0.75,   0.125, 0.375,
                                          0.625, 0.875, 0.3141, 0.7071};
  for (double f : kFractions) {
    const double y = box.min_y + f * (box.max_y - box.min_y);
    std::vector<double> xs;
    for (const Polygon& poly : mp)
      for (const Ring& ring : poly.rings)
        for (std::size_t k = 0; k + 1 < ring.size(); ++k) {
          const Vec2 a = ring[k], b = ring[k + 1];
          if ((a.y > y) != (b.y > y)) xs.push_back(a.x + (y - a.y) * (b.x - a.x) / (b.y - a.y));
        }
    std::sort(xs.begin(), xs.end());
    double best = -1;
    for (std::size_t k = 0; k + 1 < xs.size(); k += 2) {
      const Vec2 mid{(xs[k] + xs[k + 1]) / 2, y};
      if (xs[k + 1] - xs[k] > best && contains(mp, mid)) {
        best = xs[k + 1] - xs[k];
        out = mid;
      }
    }
    if (best > 0) return true;
  }
  return false;
}

std::vector<Vec2> grid_points(const MultiPolygon& mp, std::int64_t count, int max_points) {
  std::vector<Vec2> pts;
  const Box box = bounds(mp);
  if (box.empty()) return pts;
  const double a = area(mp);
  const auto target =
      static_cast<double>(std::clamp<std::int64_t>(count, 1, std::max(1, max_points)));
  if (a > 0) {
    double step = std::sqrt(a / target);
    for (int attempt = 0; attempt < 5 && pts.empty(); ++attempt, step /= 2) {
      const auto nx = static_cast<std::int64_t>(std::ceil((box.max_x - box.min_x) / step));
      const auto ny = static_cast<std::int64_t>(std::ceil((box.max_y - box.min_y) / step));
      if (nx * ny > 4'000'000) break;  // absurdly thin shape: use the scan line below
      for (std::int64_t j = 0; j < ny; ++j)
        for (std::int64_t i = 0; i < nx; ++i) {
          const Vec2 p{box.min_x + (static_cast<double>(i) + 0.5) * step,
                       box.min_y + (static_cast<double>(j) + 0.5) * step};
          if (contains(mp, p)) pts.push_back(p);
        }
    }
  }
  if (pts.empty()) {
    Vec2 p;
    if (scanline_interior(mp, box, p)) pts.push_back(p);
  }
  return pts;
}

}  // namespace

SpreadResult spread_counts(const AdminUnits& admin, const UnitCounts& counts,
                           const SpreadAnchors& anchors, const SpreadOptions& options,
                           Progress& progress) {
  if (counts.unit.size() != counts.count.size())
    throw std::invalid_argument("spread_counts: unit and count differ in size");
  if (anchors.unit.size() != anchors.pos.size() ||
      (!anchors.weight.empty() && anchors.weight.size() != anchors.pos.size()))
    throw std::invalid_argument("spread_counts: anchor columns differ in size");

  std::vector<std::vector<std::size_t>> anchors_of(admin.units.size());
  for (std::size_t a = 0; a < anchors.pos.size(); ++a) {
    const std::int32_t u = anchors.unit[a];
    if (u >= 0 && static_cast<std::size_t>(u) < admin.units.size())
      anchors_of[static_cast<std::size_t>(u)].push_back(a);
  }

  SpreadResult out;
  auto emit = [&](Vec2 p, std::int64_t c, std::int32_t unit, std::size_t entry) {
    if (c <= 0) return;
    out.pos.push_back(p);
    out.count.push_back(static_cast<std::int32_t>(c));
    out.township.push_back(unit);
    out.entry.push_back(static_cast<std::int32_t>(entry));
  };
  const std::size_t m = counts.unit.size();
  for (std::size_t e = 0; e < m; ++e) {
    const std::int32_t u = counts.unit[e];
    const std::int64_t c = counts.count[e];
    if (c <= 0) continue;
    if (u < 0 || static_cast<std::size_t>(u) >= admin.units.size()) {
      out.unplaced.push_back(static_cast<std::int32_t>(e));
      continue;
    }
    const auto& mine = anchors_of[static_cast<std::size_t>(u)];
    if (!mine.empty()) {
      std::vector<double> w(mine.size(), 1.0);
      if (!anchors.weight.empty())
        for (std::size_t k = 0; k < mine.size(); ++k) w[k] = anchors.weight[mine[k]];
      const auto share = split_largest_remainder(c, w);
      for (std::size_t k = 0; k < mine.size(); ++k) emit(anchors.pos[mine[k]], share[k], u, e);
    } else {
      const auto pts = grid_points(admin.units[static_cast<std::size_t>(u)].geometry, c,
                                   options.max_grid_points);
      if (pts.empty()) {
        out.unplaced.push_back(static_cast<std::int32_t>(e));
        continue;
      }
      const std::vector<double> w(pts.size(), 1.0);
      const auto share = split_largest_remainder(c, w);
      for (std::size_t k = 0; k < pts.size(); ++k) emit(pts[k], share[k], u, e);
    }
    if ((e & 1023) == 0)
      report_or_cancel(progress, static_cast<double>(e) / static_cast<double>(m), "spread counts");
  }
  report_or_cancel(progress, 1.0, "spread counts");
  return out;
}

}  // namespace sunplan::coverage
