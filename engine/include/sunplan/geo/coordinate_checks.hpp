// Sanity checks on input lon/lat before anything is projected: loaders turn the
// verdicts into Problems (swapped points can be repaired, the rest rejected or warned).
//
//   CoordCheckOptions opts;
//   opts.admin_extent = Box{120.85, 30.67, 122.2, 31.88};  // lon/lat of the study area
//   CoordCheck c = sunplan::geo::check_lonlat({31.23, 121.47}, opts);
//   if (c.verdict == CoordVerdict::swapped) lonlat = {lonlat.y, lonlat.x};  // and report
//
// Pure functions: no I/O, no PROJ.
#pragma once

#include <optional>
#include <string>

#include "sunplan/core/geometry.hpp"

namespace sunplan::geo {

enum class CoordVerdict {
  ok,
  non_finite,     // NaN or infinity
  out_of_range,   // |lon| > 180 or |lat| > 90 and not explained by a swap (e.g. metres)
  swapped,        // looks like (lat, lon): fits China / the admin extent only swapped
  far_outside,    // valid, but more than far_threshold_m beyond the admin extent box
  outside_china,  // valid, but not in China's rough extent (and no admin extent given)
};
const char* to_string(CoordVerdict v);

struct CoordCheckOptions {
  std::optional<Box> admin_extent;    // lon/lat box of the study area, when known
  double far_threshold_m = 50'000.0;  // distance beyond the admin box that counts as far
};

struct CoordCheck {
  CoordVerdict verdict = CoordVerdict::ok;
  std::string reason;               // human-readable, empty when ok
  double distance_outside_m = 0.0;  // for far_outside: metres beyond the admin box
};

// China's rough lon/lat box (73.4-135.1 E, 18.1-53.6 N): mainland, Hainan and Taiwan.
Box china_extent_lonlat();

// Great-circle metres from a lon/lat point to the nearest point of a lon/lat box
// (0 inside); the box's nearest point is found by clamping, fine for boxes < ~1000 km.
double distance_outside_box_m(Vec2 lonlat, const Box& box_lonlat);

CoordCheck check_lonlat(Vec2 lonlat, const CoordCheckOptions& options = {});

}  // namespace sunplan::geo
