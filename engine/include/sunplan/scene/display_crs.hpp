// Lon/lat <-> the scene's display CRS (spherical Web Mercator, EPSG:3857) and web-map zoom.
//
//   Vec2 m = sunplan::scene::lonlat_to_display({121.5, 31.2});
//   double mpp = sunplan::scene::metres_per_pixel(10.0);   // zoom 10, 256-pixel tiles
//
// Closed-form so the viewer can turn `--view lon,lat,zoom` into a camera without PROJ.
// The formulas equal PROJ's EPSG:4326 -> EPSG:3857 (tested against it).
#pragma once

#include "sunplan/core/geometry.hpp"

namespace sunplan::scene {

inline constexpr double kEarthRadiusM = 6378137.0;

Vec2 lonlat_to_display(Vec2 lonlat);
Vec2 display_to_lonlat(Vec2 xy);
// Display metres per screen pixel at a web-map zoom level (zoom 0 = the world in 256 px).
double metres_per_pixel(double zoom);
double zoom_for(double metres_per_pixel);

}  // namespace sunplan::scene
