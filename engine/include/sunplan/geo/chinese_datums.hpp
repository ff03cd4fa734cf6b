// GCJ-02 ("Mars" datum of Chinese web maps) and BD-09 (Baidu) to and from WGS84.
//
//   sunplan::Vec2 gcj = sunplan::geo::wgs84_to_gcj02({121.4737, 31.2304});  // lon, lat
//   sunplan::Vec2 wgs = sunplan::geo::gcj02_to_wgs84(gcj);                 // back, < 1 mm off
//
// All values are lon/lat degrees, x = lon, y = lat. The forward transforms are the
// published formulas (Krasovsky ellipsoid a = 6378245 m, ee = 0.00669342162296594323,
// BD-09 x_pi = pi * 3000 / 180), as in wandergis/coordtransform and googollee/eviltransform.
// The inverses have no closed form: they are solved by fixed-point iteration on the
// forward transform until the residual is below 1e-10 degrees (about 0.01 mm), so a
// round trip is exact to well under a centimetre.
//
// Outside in_china_rough() the GCJ-02 offset is not applied (the identity), exactly as the
// published code does; BD-09's extra rotation is applied everywhere, also as published.
#pragma once

#include "sunplan/core/geometry.hpp"

namespace sunplan::geo {

// The bounding box the published code uses to decide whether to offset at all.
bool in_china_rough(double lon, double lat);

Vec2 wgs84_to_gcj02(Vec2 lonlat);
Vec2 gcj02_to_wgs84(Vec2 lonlat);
Vec2 gcj02_to_bd09(Vec2 lonlat);
Vec2 bd09_to_gcj02(Vec2 lonlat);
Vec2 wgs84_to_bd09(Vec2 lonlat);
Vec2 bd09_to_wgs84(Vec2 lonlat);

}  // namespace sunplan::geo
