#include "sunplan/scene/display_crs.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace sunplan::scene {

namespace {
constexpr double kDeg = std::numbers::pi / 180.0;
// Web Mercator is undefined at the poles; EPSG:3857's own area of use stops here.
constexpr double kMaxLat = 85.06;
constexpr double kTilePx = 256.0;
}  // namespace

Vec2 lonlat_to_display(Vec2 lonlat) {
  const double lat = std::clamp(lonlat.y, -kMaxLat, kMaxLat) * kDeg;
  return {kEarthRadiusM * lonlat.x * kDeg,
          kEarthRadiusM * std::log(std::tan(std::numbers::pi / 4.0 + lat / 2.0))};
}

Vec2 display_to_lonlat(Vec2 xy) {
  const double lon = xy.x / kEarthRadiusM / kDeg;
  const double lat =
      (2.0 * std::atan(std::exp(xy.y / kEarthRadiusM)) - std::numbers::pi / 2.0) / kDeg;
  return {lon, lat};
}

double metres_per_pixel(double zoom) {
  return 2.0 * std::numbers::pi * kEarthRadiusM / kTilePx / std::pow(2.0, zoom);
}

double zoom_for(double mpp) {
  return std::log2(2.0 * std::numbers::pi * kEarthRadiusM / kTilePx / mpp);
}

}  // namespace sunplan::scene
