// Which metric CRS a run works in (the rule is explained in docs/geo.md).
//
//   Box lonlat = bounds(all_input_points_lonlat);
//   WorkingCrs crs = sunplan::geo::choose_working_crs(lonlat, scenario.crs);  // "" = auto
//   Transformer to_work("EPSG:4326", crs.definition);
//
// 1. An override from the scenario wins, but it must be a projected CRS in metres
//    (else sunplan::InputError): every distance and area in the engine is metres.
// 2. Data spanning at most kMaxUtmSpanDeg of longitude: the UTM zone of the extent's
//    centre ("EPSG:326zz" north, "EPSG:327zz" south): distances stay true to < 0.4 %.
// 3. Anything wider: Albers equal-area conic for China (kChinaAlbers), so areas and
//    coverage statistics at provincial and national scale are not distorted.
#pragma once

#include <string>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/geometry.hpp"

namespace sunplan::geo {

// One zone's width: centred anywhere in its zone, the extent stays within 6 deg of the
// central meridian, where UTM's scale error is under 0.4 % (0.37 % at 30 N).
constexpr double kMaxUtmSpanDeg = 6.0;

inline constexpr const char* kChinaAlbers =
    "+proj=aea +lat_0=0 +lon_0=105 +lat_1=25 +lat_2=47 +x_0=0 +y_0=0 +ellps=GRS80 +units=m "
    "+no_defs";

// UTM zone number (1..60) for a longitude in degrees.
int utm_zone(double lon_deg);

// lonlat_extent is in degrees (WGS84 or CGCS2000, which differ by centimetres).
// Throws sunplan::InputError for a bad override or an empty/non-finite extent
// when no override is given.
WorkingCrs choose_working_crs(const Box& lonlat_extent, const std::string& override_crs);

}  // namespace sunplan::geo
