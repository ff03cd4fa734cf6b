#include "sunplan/geo/coordinate_checks.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numbers>

namespace sunplan::geo {
namespace {

constexpr double kEarthRadiusM = 6'371'008.8;  // mean radius (IUGG)

double haversine_m(Vec2 a, Vec2 b) {
  constexpr double d2r = std::numbers::pi / 180.0;
  const double dlat = (b.y - a.y) * d2r, dlon = (b.x - a.x) * d2r;
  const double s =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.y * d2r) * std::cos(b.y * d2r) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2.0 * kEarthRadiusM * std::asin(std::min(1.0, std::sqrt(s)));
}

bool valid_lonlat(Vec2 p) {
  return std::abs(p.x) <= 180.0 && std::abs(p.y) <= 90.0;
}

std::string format_point(Vec2 p) {
  char b[96];
  std::snprintf(b, sizeof b, "(%.6g, %.6g)", p.x, p.y);
  return b;
}

}  // namespace

const char* to_string(CoordVerdict v) {
  switch (v) {
    case CoordVerdict::ok:
      return "ok";
    case CoordVerdict::non_finite:
      return "non_finite";
    case CoordVerdict::out_of_range:
      return "out_of_range";
    case CoordVerdict::swapped:
      return "swapped";
    case CoordVerdict::far_outside:
      return "far_outside";
    case CoordVerdict::outside_china:
      return "outside_china";
  }
  return "?";
}

Box china_extent_lonlat() {
  return Box{73.4, 18.1, 135.1, 53.6};
}

double distance_outside_box_m(Vec2 p, const Box& box) {
  if (box.contains(p)) return 0.0;
  const Vec2 nearest{std::clamp(p.x, box.min_x, box.max_x), std::clamp(p.y, box.min_y, box.max_y)};
  return haversine_m(p, nearest);
}

CoordCheck check_lonlat(Vec2 p, const CoordCheckOptions& options) {
  CoordCheck out;
  if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
    out.verdict = CoordVerdict::non_finite;
    out.reason = "coordinate is NaN or infinite";
    return out;
  }
  const Vec2 swapped{p.y, p.x};
  // The admin extent, when given, is the sharper test; China's box otherwise.
  const Box reference = options.admin_extent.value_or(china_extent_lonlat());
  const char* reference_name = options.admin_extent ? "the admin extent" : "China's extent";
  const bool fits = valid_lonlat(p) && reference.contains(p);
  const bool fits_swapped = valid_lonlat(swapped) && reference.contains(swapped);
  if (!fits && fits_swapped) {
    out.verdict = CoordVerdict::swapped;
    out.reason = "lat/lon look swapped: " + format_point(p) + " lies in " + reference_name +
                 " only as (lat, lon)";
    return out;
  }
  if (!valid_lonlat(p)) {
    out.verdict = CoordVerdict::out_of_range;
    out.reason = "not a lon/lat position " + format_point(p) +
                 " (|lon| > 180 or |lat| > 90: projected metres or a wrong CRS?)";
    return out;
  }
  if (options.admin_extent) {
    const double d = distance_outside_box_m(p, *options.admin_extent);
    if (d > options.far_threshold_m) {
      out.verdict = CoordVerdict::far_outside;
      out.distance_outside_m = d;
      char b[160];
      std::snprintf(b, sizeof b, "%.1f km outside the admin extent (threshold %.1f km)", d / 1000.0,
                    options.far_threshold_m / 1000.0);
      out.reason = b;
    }
    return out;
  }
  if (!fits) {
    out.verdict = CoordVerdict::outside_china;
    out.reason = format_point(p) + " is outside China's extent";
  }
  return out;
}

}  // namespace sunplan::geo
