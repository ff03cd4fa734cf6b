#include "sunplan/network/reached_parts.hpp"

#include <algorithm>
#include <cmath>

namespace sunplan::network {

namespace {

// Time along a piece as a straight line in the fraction x, valid on [lo, hi].
struct Line {
  double c0, slope, lo, hi;
  std::uint32_t source;
  double at(double x) const { return c0 + slope * x; }
};

void piece_lines(const RoadGraph& g, const TravelTimes& t, std::uint32_t p,
                 std::vector<Seed>::const_iterator seed_begin,
                 std::vector<Seed>::const_iterator seed_end, std::vector<Line>& lines) {
  lines.clear();
  const float fwd = g.piece_forward_s[p], bwd = g.piece_backward_s[p];
  const float ta = t.node_seconds[g.piece_from[p]], tb = t.node_seconds[g.piece_to[p]];
  if (ta != kUnreachable && fwd != kUnreachable) {
    lines.push_back({ta, fwd, 0.0, 1.0, t.node_source[g.piece_from[p]]});
  }
  if (tb != kUnreachable && bwd != kUnreachable) {
    lines.push_back({static_cast<double>(tb) + bwd, -static_cast<double>(bwd), 0.0, 1.0,
                     t.node_source[g.piece_to[p]]});
  }
  for (auto s = seed_begin; s != seed_end; ++s) {
    if (fwd != kUnreachable) {
      lines.push_back({s->start_s - s->fraction * fwd, fwd, s->fraction, 1.0, s->source});
    }
    if (bwd != kUnreachable) {
      lines.push_back(
          {s->start_s + s->fraction * bwd, -static_cast<double>(bwd), 0.0, s->fraction, s->source});
    }
  }
}

}  // namespace

std::vector<Vec2> piece_slice(const RoadGraph& g, std::uint32_t piece, double from_fraction,
                              double to_fraction) {
  const auto b = g.piece_point_offsets[piece], e = g.piece_point_offsets[piece + 1];
  std::vector<double> cum{0.0};
  for (auto k = b; k + 1 < e; ++k) {
    cum.push_back(cum.back() + distance(g.piece_points[k], g.piece_points[k + 1]));
  }
  const double total = cum.back();
  auto point_at_length = [&](double len) {
    const auto i = std::min<std::size_t>(
        cum.size() - 2, std::max<std::ptrdiff_t>(
                            0, std::upper_bound(cum.begin(), cum.end(), len) - cum.begin() - 1));
    const Vec2 p = g.piece_points[b + i], q = g.piece_points[b + i + 1];
    const double seg = cum[i + 1] - cum[i];
    const double t = seg > 0.0 ? std::clamp((len - cum[i]) / seg, 0.0, 1.0) : 0.0;
    return Vec2{p.x + t * (q.x - p.x), p.y + t * (q.y - p.y)};
  };
  const double l0 = std::clamp(from_fraction, 0.0, 1.0) * total;
  const double l1 = std::clamp(to_fraction, 0.0, 1.0) * total;
  std::vector<Vec2> out{point_at_length(l0)};
  for (std::size_t i = 1; i + 1 < cum.size(); ++i) {
    if (cum[i] > l0 && cum[i] < l1) out.push_back(g.piece_points[b + i]);
  }
  out.push_back(point_at_length(l1));
  return out;
}

std::vector<ReachedPart> reached_parts(const RoadGraph& g, const TravelTimes& t, double cutoff_s,
                                       bool by_source) {
  std::vector<ReachedPart> parts;
  std::vector<Line> lines;
  std::vector<double> breaks;
  auto seed = t.seeds.begin();
  for (std::uint32_t p = 0; p < g.piece_count(); ++p) {
    while (seed != t.seeds.end() && seed->piece < p) ++seed;
    auto seed_end = seed;
    while (seed_end != t.seeds.end() && seed_end->piece == p) ++seed_end;
    const bool has_seed = seed != seed_end;
    if (!has_seed && !(t.node_seconds[g.piece_from[p]] <= cutoff_s) &&
        !(t.node_seconds[g.piece_to[p]] <= cutoff_s)) {
      continue;
    }
    piece_lines(g, t, p, seed, seed_end, lines);
    if (lines.empty()) continue;
    breaks.assign({0.0, 1.0});
    for (std::size_t i = 0; i < lines.size(); ++i) {
      const Line& a = lines[i];
      breaks.push_back(a.lo);
      breaks.push_back(a.hi);
      if (a.slope != 0.0) breaks.push_back((cutoff_s - a.c0) / a.slope);
      for (std::size_t j = i + 1; j < lines.size(); ++j) {
        const Line& b = lines[j];
        if (a.slope != b.slope) breaks.push_back((b.c0 - a.c0) / (a.slope - b.slope));
      }
    }
    std::erase_if(breaks, [](double x) { return !(x >= 0.0 && x <= 1.0); });
    std::sort(breaks.begin(), breaks.end());
    breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());
    double run_from = -1.0, run_to = -1.0;
    std::uint32_t run_source = kNone;
    auto flush = [&] {
      if (run_from < 0.0) return;
      parts.push_back({p, run_from, run_to, run_source, piece_slice(g, p, run_from, run_to)});
      run_from = -1.0;
    };
    for (std::size_t k = 0; k + 1 < breaks.size(); ++k) {
      const double x0 = breaks[k], x1 = breaks[k + 1];
      if (x1 - x0 <= 1e-12) continue;
      const double m = 0.5 * (x0 + x1);
      const Line* best = nullptr;
      for (const Line& l : lines) {
        if (m < l.lo || m > l.hi) continue;
        if (!best || l.at(m) < best->at(m) || (l.at(m) == best->at(m) && l.source < best->source)) {
          best = &l;
        }
      }
      if (!best || best->at(m) > cutoff_s) {
        flush();
        continue;
      }
      const std::uint32_t label = by_source ? best->source : kNone;
      if (run_from >= 0.0 && label == run_source && run_to == x0) {
        run_to = x1;
      } else {
        flush();
        run_from = x0;
        run_to = x1;
        run_source = label;
      }
    }
    flush();
  }
  return parts;
}

}  // namespace sunplan::network
