#include "colormap.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

namespace sunplan::viewer {

namespace {
std::uint8_t lerp(std::uint8_t a, std::uint8_t b, double t) {
  return static_cast<std::uint8_t>(std::lround(a + (b - a) * t));
}
Rgba mix(Rgba a, Rgba b, double t) {
  return {lerp(a.r, b.r, t), lerp(a.g, b.g, t), lerp(a.b, b.b, t), 255};
}
bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}
}  // namespace

Rgba ramp(double t) {
  if (std::isnan(t)) return kNoDataColour;
  t = std::clamp(t, 0.0, 1.0);
  return t < 0.5 ? mix(kGapColour, kMidColour, t * 2.0)
                 : mix(kMidColour, kGoodColour, (t - 0.5) * 2.0);
}

Rgba density_colour(double t) {
  if (!(t > 0.0)) return {255, 255, 178, 0};
  t = std::min(t, 1.0);
  static constexpr Rgba kStops[] = {{255, 255, 178, 255},
                                    {254, 204, 92, 255},
                                    {253, 141, 60, 255},
                                    {240, 59, 32, 255},
                                    kDensityHigh};
  const double x = t * 4.0;
  const int i = std::min(3, static_cast<int>(x));
  Rgba c = mix(kStops[i], kStops[i + 1], x - i);
  c.a = static_cast<std::uint8_t>(std::lround(255.0 * std::min(1.0, t / kDensityFadeT)));
  return c;
}

Rgba Choropleth::colour(double v) const {
  if (std::isnan(v)) return kNoDataColour;
  double t = hi > lo ? (v - lo) / (hi - lo) : 0.5;
  if (!higher_is_better) t = 1.0 - t;
  return ramp(t);
}

Choropleth choropleth_for(const scene::Column& column) {
  Choropleth c;
  c.field = column.name;
  const std::string_view n = column.name;
  if (ends_with(n, "_rate") || n == "accessibility") {
    c.lo = 0.0;
    c.hi = 1.0;
  } else {
    c.lo = column.min <= column.max ? column.min : 0.0;
    c.hi = column.min <= column.max ? column.max : 1.0;
  }
  // gap_rank keeps "higher is better": rank 1 is the worst township.
  c.higher_is_better = !(n.rfind("unserved", 0) == 0 || ends_with(n, "_m"));
  return c;
}

Rgba base_type_colour(const std::string& type) {
  if (type == "warm_home" || type == "温馨家园") return {230, 97, 1, 255};
  if (type == "work_therapy" || type == "工疗站") return {94, 60, 153, 255};
  if (type == "rehab" || type == "康复中心") return {33, 102, 172, 255};
  if (type == "care" || type == "托养中心") return {178, 24, 43, 255};
  if (type == "youth_centre" || type == "青年中心") return {1, 133, 113, 255};
  if (type == "community_station" || type == "社区志愿服务站") return {140, 81, 10, 255};
  return {90, 90, 90, 255};
}

int base_status_shape(const std::string& status) {
  if (status == "existing" || status.empty()) return 0;
  if (status == "candidate") return 1;
  return 2;
}

}  // namespace sunplan::viewer
