#include "sunplan/geo/crs_distortion.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"

namespace sunplan::geo {

double max_scale_error(const std::string& crs, const Box& e) {
  const Transformer to_crs("EPSG:4326", crs);
  constexpr double a = 6378137.0, e2 = 0.00669437999014;  // WGS84
  constexpr double kDeg = 3.14159265358979323846 / 180.0, kStep = 1e-3;
  double worst = 0;
  for (double fx : {0.0, 0.5, 1.0})
    for (double fy : {0.0, 0.5, 1.0}) {
      const double lon = e.min_x + fx * (e.max_x - e.min_x);
      const double lat = std::clamp(e.min_y + fy * (e.max_y - e.min_y), -84.0, 84.0);
      const double s2 = std::sin(lat * kDeg) * std::sin(lat * kDeg);
      const double n = a / std::sqrt(1 - e2 * s2);                 // prime vertical radius
      const double m = a * (1 - e2) / std::pow(1 - e2 * s2, 1.5);  // meridian radius
      std::vector<double> x{lon, lon + kStep, lon}, y{lat, lat, lat + kStep};
      to_crs.transform(x, y);
      const double along_parallel =
          std::hypot(x[1] - x[0], y[1] - y[0]) / (n * std::cos(lat * kDeg) * kStep * kDeg);
      const double along_meridian = std::hypot(x[2] - x[0], y[2] - y[0]) / (m * kStep * kDeg);
      for (double k : {along_parallel, along_meridian})
        worst = std::max(worst, std::isfinite(k) ? std::abs(k - 1) : HUGE_VAL);
    }
  return worst;
}

std::string check_working_crs(const WorkingCrs& crs, bool given, const Box& e) {
  if (e.empty()) return "";
  if (e.max_x - e.min_x > 180.0)
    throw InputError("the study area spans " + std::to_string(static_cast<int>(e.max_x - e.min_x)) +
                     " deg of longitude (across the antimeridian, or in both hemispheres): no "
                     "working CRS keeps distances true over it; split the study area");
  if (!given) return "";
  const double err = max_scale_error(crs.definition, e);
  char pct[32];
  std::snprintf(pct, sizeof pct, "%.1f %%", 100 * err);
  const bool mercator = crs.name.find("Pseudo-Mercator") != std::string::npos ||
                        crs.name.find("Popular Visualisation") != std::string::npos;
  const std::string what = "working CRS '" + crs.definition + "' (" + crs.name +
                           ") stretches distances by up to " + pct + " over the study area" +
                           (mercator ? " (a web-map display CRS, not for measuring)" : "");
  if (err > kMaxScaleError)
    throw InputError(what +
                     ": every radius and distance would be wrong; use working_crs = \"auto\" or a "
                     "projected CRS made for the area");
  return err > kWarnScaleError ? what + "; distances are that much off" : "";
}

}  // namespace sunplan::geo
