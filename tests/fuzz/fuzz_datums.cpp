// libFuzzer target: GCJ-02 / BD-09 conversions. Checks invariants, not just "no crash":
// finite in gives finite out, the published shifts stay within 1 km (BD-09: 2 km), and round trips
// come back to well under a centimetre wherever the published in-China test is stable.
//
//   build/fuzz/fuzz_datums tests/fuzz/corpus/datums -max_total_time=30
//
// Input: two little-endian doubles (lon, lat); shorter inputs are zero-padded.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "sunplan/geo/chinese_datums.hpp"

namespace {

using sunplan::Vec2;

void require(bool ok, const char* what, Vec2 p, Vec2 q) {
  if (ok) return;
  std::fprintf(stderr, "%s: in (%.17g, %.17g) out (%.17g, %.17g)\n", what, p.x, p.y, q.x, q.y);
  std::abort();
}

bool finite(Vec2 p) {
  return std::isfinite(p.x) && std::isfinite(p.y);
}
double dist_deg(Vec2 a, Vec2 b) {
  return std::max(std::abs(a.x - b.x), std::abs(a.y - b.y));
}
// Ground distance, metres (equirectangular: exact enough for shifts of a kilometre).
double dist_m(Vec2 a, Vec2 b) {
  const double kPi = 3.14159265358979323846;
  const double dx = (a.x - b.x) * 111320.0 * std::cos(a.y * kPi / 180.0);
  const double dy = (a.y - b.y) * 110574.0;
  return std::sqrt(dx * dx + dy * dy);
}

// Inside the in-China box by a margin wider than any shift, so a point and its shifted
// image are on the same side of the box's edge.
bool deep_inside(Vec2 p) {
  constexpr double m = 0.05;
  return sunplan::geo::in_china_rough(p.x - m, p.y - m) &&
         sunplan::geo::in_china_rough(p.x + m, p.y + m);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace g = sunplan::geo;
  double v[2] = {0, 0};
  std::memcpy(v, data, std::min(size, sizeof v));
  const Vec2 p{v[0], v[1]};

  // Any input: no crash, no UB (NaN and infinities included).
  (void)g::wgs84_to_gcj02(p);
  (void)g::gcj02_to_wgs84(p);
  (void)g::wgs84_to_bd09(p);
  (void)g::bd09_to_wgs84(p);

  // Lon/lat-range input: finite output; the published GCJ-02 offsets stay under a kilometre,
  // BD-09 adds about another 700 m.
  if (!finite(p) || std::abs(p.x) > 180 || std::abs(p.y) > 90) return 0;
  const Vec2 gcj = g::wgs84_to_gcj02(p);
  require(finite(gcj), "wgs84_to_gcj02 not finite", p, gcj);
  require(dist_m(gcj, p) < 1000, "GCJ-02 shift over 1 km", p, gcj);
  const Vec2 back = g::gcj02_to_wgs84(p);
  require(finite(back), "gcj02_to_wgs84 not finite", p, back);
  require(dist_m(back, p) < 1000, "GCJ-02 inverse shift over 1 km", p, back);
  if (!g::in_china_rough(p.x, p.y)) {
    require(gcj.x == p.x && gcj.y == p.y, "GCJ-02 moved a point outside China", p, gcj);
  }
  if (deep_inside(p)) {
    // 1e-9 deg is about 0.1 mm.
    const Vec2 rt = g::gcj02_to_wgs84(gcj);
    require(dist_deg(rt, p) < 1e-9, "WGS84 -> GCJ-02 -> WGS84 round trip", p, rt);
    const Vec2 rt2 = g::wgs84_to_gcj02(back);
    require(dist_deg(rt2, p) < 1e-9, "GCJ-02 -> WGS84 -> GCJ-02 round trip", p, rt2);
    const Vec2 bd = g::wgs84_to_bd09(p);
    require(finite(bd) && dist_m(bd, p) < 2000, "BD-09 shift over 2 km", p, bd);
    const Vec2 rt3 = g::bd09_to_wgs84(bd);
    require(dist_deg(rt3, p) < 1e-9, "WGS84 -> BD-09 -> WGS84 round trip", p, rt3);
    const Vec2 bd_rt = g::gcj02_to_bd09(g::bd09_to_gcj02(p));
    require(dist_deg(bd_rt, p) < 1e-9, "BD-09 -> GCJ-02 -> BD-09 round trip", p, bd_rt);
  }
  return 0;
}
