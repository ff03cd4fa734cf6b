// Is a working CRS fit to measure distances over the study area?
//
//   const std::string warning = geo::check_working_crs(crs, extent_lonlat);  // may throw
//
// An extent wider than 180 deg of longitude (a study area across the antimeridian, or data in
// both hemispheres) has no sound working CRS: InputError. A CRS named in the scenario is
// measured over the extent (max_scale_error): more than kMaxScaleError (Web Mercator anywhere
// in China, a Gauss-Kruger zone far from the data) is an InputError, since every radius would
// be wrong; more than kWarnScaleError is kept, and the returned warning says by how much.
// The automatic choice (UTM, China Albers) is always within both limits.
#pragma once

#include <string>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/geometry.hpp"

namespace sunplan::geo {

inline constexpr double kMaxScaleError = 0.05;   // 5 %: EPSG:3857 is 5.2 % off at 18 N
inline constexpr double kWarnScaleError = 0.01;  // 1 %

// The largest |scale - 1| of `crs` along meridians and parallels over the extent (corners,
// edge midpoints, centre), against the WGS84 ellipsoid's arc lengths.
double max_scale_error(const std::string& crs, const Box& lonlat_extent);

// Throws InputError as above; returns "" or a warning for a CRS given in the scenario.
std::string check_working_crs(const WorkingCrs& crs, bool given_in_scenario,
                              const Box& lonlat_extent);

}  // namespace sunplan::geo
