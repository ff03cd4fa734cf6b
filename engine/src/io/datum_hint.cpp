#include "datum_hint.hpp"

#include <fmt/format.h>
#include <ogr_spatialref.h>

#include "sunplan/core/dataset.hpp"
#include "sunplan/geo/transformer.hpp"

namespace sunplan::io {

namespace {

bool geographic(const std::string& crs) {
  if (crs.empty() || crs == "GCJ-02" || crs == "BD-09") return false;
  OGRSpatialReference srs;
  return srs.SetFromUserInput(crs.c_str()) == OGRERR_NONE && srs.IsGeographic();
}

}  // namespace

std::string datum_hint(const std::string& layer_crs, std::span<const Vec2> lonlat,
                       std::span<const std::int32_t> declared,
                       std::span<const std::int32_t> located,
                       const std::function<std::int32_t(Vec2)>& locate, const std::string& field) {
  std::size_t with_code = 0, agree = 0;
  for (std::size_t i = 0; i < lonlat.size(); ++i) {
    if (declared[i] == kNone) continue;
    ++with_code;
    agree += located[i] == declared[i];
  }
  if (with_code < 10 || (with_code - agree) * 50 <= with_code || !geographic(layer_crs)) return "";
  std::string best;
  std::size_t best_agree = agree;
  for (const char* datum : {"GCJ-02", "BD-09"}) {
    const geo::Transformer to_wgs84(datum, "EPSG:4326");
    std::size_t n = 0;
    for (std::size_t i = 0; i < lonlat.size(); ++i) {
      if (declared[i] == kNone) continue;
      Vec2 p = lonlat[i];
      n += to_wgs84.transform(p.x, p.y) && locate(p) == declared[i];
    }
    if (n > best_agree) {
      best = datum;
      best_agree = n;
    }
  }
  const auto share = [&](std::size_t n) {
    return 100.0 * static_cast<double>(n) / static_cast<double>(with_code);
  };
  // Clearly better: by 2 percentage points and 3 points at least.
  if (best.empty() || share(best_agree) - share(agree) < 2.0 || best_agree < agree + 3) return "";
  return fmt::format(
      "{} of {} points lie outside the township their '{}' declares ({:.1f}% agree); read as {} "
      "instead of {}, {:.1f}% would agree: set crs = \"{}\" if the points come from {}",
      with_code - agree, with_code, field, share(agree), best, layer_crs, share(best_agree), best,
      best == "GCJ-02" ? "Amap or Tencent maps" : "Baidu maps");
}

}  // namespace sunplan::io
