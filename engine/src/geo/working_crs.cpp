#include "sunplan/geo/working_crs.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"

namespace sunplan::geo {

int utm_zone(double lon_deg) {
  const int zone = static_cast<int>(std::floor((lon_deg + 180.0) / 6.0)) + 1;
  return std::clamp(zone, 1, 60);
}

WorkingCrs choose_working_crs(const Box& lonlat_extent, const std::string& override_crs) {
  if (!override_crs.empty()) {
    const CrsInfo info = describe_crs(override_crs);
    if (!info.is_projected || !info.is_metric)
      throw InputError("working CRS '" + override_crs + "' (" + info.name +
                       ") must be a projected CRS in metres");
    return {override_crs, info.name, "given in the scenario"};
  }
  const Box& e = lonlat_extent;
  if (e.empty() || !std::isfinite(e.min_x) || !std::isfinite(e.max_x) || !std::isfinite(e.min_y) ||
      !std::isfinite(e.max_y))
    throw InputError("cannot choose a working CRS: the data has no finite lon/lat extent");

  const double span_deg = e.max_x - e.min_x;
  char buffer[160];
  if (span_deg <= kMaxUtmSpanDeg) {
    const double lon_c = (e.min_x + e.max_x) / 2.0;
    const double lat_c = (e.min_y + e.max_y) / 2.0;
    const int zone = utm_zone(lon_c);
    const bool north = lat_c >= 0.0;
    WorkingCrs crs;
    std::snprintf(buffer, sizeof buffer, "EPSG:%d", (north ? 32600 : 32700) + zone);
    crs.definition = buffer;
    std::snprintf(buffer, sizeof buffer, "WGS 84 / UTM zone %d%c", zone, north ? 'N' : 'S');
    crs.name = buffer;
    std::snprintf(buffer, sizeof buffer,
                  "data spans %.2f deg of longitude (<= %.0f): UTM zone of its centre "
                  "(%.4f, %.4f) keeps local distances accurate",
                  span_deg, kMaxUtmSpanDeg, lon_c, lat_c);
    crs.rule = buffer;
    return crs;
  }
  std::snprintf(buffer, sizeof buffer,
                "data spans %.2f deg of longitude (> %.0f): Albers equal-area conic for "
                "China keeps areas and coverage statistics true at national scale",
                span_deg, kMaxUtmSpanDeg);
  return {kChinaAlbers, "China Albers equal-area (GRS80, 25/47N, 105E)", buffer};
}

}  // namespace sunplan::geo
