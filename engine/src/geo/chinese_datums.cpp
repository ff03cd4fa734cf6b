#include "sunplan/geo/chinese_datums.hpp"

#include <cmath>
#include <numbers>

namespace sunplan::geo {
namespace {

constexpr double kPi = std::numbers::pi;
constexpr double kKrasovskyA = 6378245.0;
constexpr double kKrasovskyEe = 0.00669342162296594323;
constexpr double kXPi = kPi * 3000.0 / 180.0;
// 1e-10 degrees is about 1.1e-5 m: far below the 0.01 m the round trip must reach.
constexpr double kInverseTolDeg = 1e-10;
constexpr int kMaxIterations = 50;

double transform_lat(double x, double y) {
  double r = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(y * kPi) + 40.0 * std::sin(y / 3.0 * kPi)) * 2.0 / 3.0;
  r += (160.0 * std::sin(y / 12.0 * kPi) + 320.0 * std::sin(y * kPi / 30.0)) * 2.0 / 3.0;
  return r;
}

double transform_lon(double x, double y) {
  double r = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * std::sqrt(std::abs(x));
  r += (20.0 * std::sin(6.0 * x * kPi) + 20.0 * std::sin(2.0 * x * kPi)) * 2.0 / 3.0;
  r += (20.0 * std::sin(x * kPi) + 40.0 * std::sin(x / 3.0 * kPi)) * 2.0 / 3.0;
  r += (150.0 * std::sin(x / 12.0 * kPi) + 300.0 * std::sin(x / 30.0 * kPi)) * 2.0 / 3.0;
  return r;
}

// The GCJ-02 offset without the in-China test.
Vec2 gcj_offset(Vec2 p) {
  double dlat = transform_lat(p.x - 105.0, p.y - 35.0);
  double dlon = transform_lon(p.x - 105.0, p.y - 35.0);
  const double radlat = p.y / 180.0 * kPi;
  double magic = std::sin(radlat);
  magic = 1.0 - kKrasovskyEe * magic * magic;
  const double sqrtmagic = std::sqrt(magic);
  dlat = (dlat * 180.0) / ((kKrasovskyA * (1.0 - kKrasovskyEe)) / (magic * sqrtmagic) * kPi);
  dlon = (dlon * 180.0) / (kKrasovskyA / sqrtmagic * std::cos(radlat) * kPi);
  return {p.x + dlon, p.y + dlat};
}

Vec2 bd_forward(Vec2 g) {
  const double z = std::sqrt(g.x * g.x + g.y * g.y) + 0.00002 * std::sin(g.y * kXPi);
  const double theta = std::atan2(g.y, g.x) + 0.000003 * std::cos(g.x * kXPi);
  return {z * std::cos(theta) + 0.0065, z * std::sin(theta) + 0.006};
}

// Solves forward(p) = target by fixed point, starting from `guess`. Both forward maps are
// a small smooth perturbation of the identity (Jacobian within ~1e-4 of I), so each step
// shrinks the error by about four orders of magnitude; a few steps reach the tolerance.
template <class Forward>
Vec2 invert(Forward forward, Vec2 target, Vec2 guess) {
  Vec2 p = guess;
  for (int i = 0; i < kMaxIterations; ++i) {
    const Vec2 f = forward(p);
    const double ex = f.x - target.x, ey = f.y - target.y;
    p.x -= ex;
    p.y -= ey;
    if (std::abs(ex) < kInverseTolDeg && std::abs(ey) < kInverseTolDeg) break;
  }
  return p;
}

}  // namespace

bool in_china_rough(double lon, double lat) {
  // The box of wandergis/coordtransform's out_of_china().
  return lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271;
}

Vec2 wgs84_to_gcj02(Vec2 p) {
  if (!in_china_rough(p.x, p.y)) return p;
  return gcj_offset(p);
}

Vec2 gcj02_to_wgs84(Vec2 g) {
  if (!in_china_rough(g.x, g.y)) return g;
  const Vec2 first = gcj_offset(g);
  const Vec2 guess{2.0 * g.x - first.x, 2.0 * g.y - first.y};  // the published one-step inverse
  return invert(gcj_offset, g, guess);
}

Vec2 gcj02_to_bd09(Vec2 g) {
  return bd_forward(g);
}

Vec2 bd09_to_gcj02(Vec2 b) {
  // The published approximate inverse as the starting point, then refine.
  const double x = b.x - 0.0065, y = b.y - 0.006;
  const double z = std::sqrt(x * x + y * y) - 0.00002 * std::sin(y * kXPi);
  const double theta = std::atan2(y, x) - 0.000003 * std::cos(x * kXPi);
  return invert(bd_forward, b, Vec2{z * std::cos(theta), z * std::sin(theta)});
}

Vec2 wgs84_to_bd09(Vec2 p) {
  return gcj02_to_bd09(wgs84_to_gcj02(p));
}

Vec2 bd09_to_wgs84(Vec2 b) {
  return gcj02_to_wgs84(bd09_to_gcj02(b));
}

}  // namespace sunplan::geo
