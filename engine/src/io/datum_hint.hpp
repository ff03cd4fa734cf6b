// Points that disagree with the township their rows declare are, more often than not, in a
// Chinese web-map datum read as WGS84: GCJ-02 (Amap, Tencent) is 300-700 m off, BD-09 (Baidu)
// more. When many of a layer's points disagree, this tests the two datums and says which one
// would put the points where their rows say they are. Internal to io (the loader).
//
//   std::string hint = datum_hint(opened.crs, lonlat, declared, located, locate, "所属乡镇");
//   if (!hint.empty()) report a warning for the layer
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>

#include "sunplan/core/geometry.hpp"

namespace sunplan::io {

// `lonlat`: the points as read, in WGS84; `declared`: the township each row declares (kNone
// when none); `located`: the township each point is in, as `locate` finds it (the loader has
// already located every point: locating millions again cost seconds); `locate`: the township
// containing a WGS84 point (kNone outside all), for the points moved to another datum. Returns ""
// when the points agree well enough (98 %) or no datum does clearly better, or when the layer's
// CRS is not a geographic one such a mistake can hide in.
std::string datum_hint(const std::string& layer_crs, std::span<const Vec2> lonlat,
                       std::span<const std::int32_t> declared,
                       std::span<const std::int32_t> located,
                       const std::function<std::int32_t(Vec2)>& locate, const std::string& field);

}  // namespace sunplan::io
