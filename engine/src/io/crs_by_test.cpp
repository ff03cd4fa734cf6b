#include "crs_by_test.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <memory>

#include "layer_roles.hpp"
#include "sunplan/geo/transformer.hpp"

namespace sunplan::io {

namespace {

bool lonlat_range(const Box& b) {
  return b.min_x >= -180 && b.max_x <= 180 && b.min_y >= -90 && b.max_y <= 90;
}

// A transformer to WGS84 longitude/latitude, or none when `crs` already is (CGCS2000 is the
// same to well within the tests' resolution).
std::unique_ptr<geo::Transformer> to_wgs84(const std::string& crs) {
  if (crs.empty() || crs == "EPSG:4326" || crs == "EPSG:4490") return nullptr;
  return std::make_unique<geo::Transformer>(crs, "EPSG:4326");
}

std::vector<MultiPolygon> lonlat_polygons(const LayerChoice& t, std::vector<std::string>& codes) {
  const LayerSummary& l = *t.layer;
  const auto to_lonlat = to_wgs84(t.crs.empty() ? l.crs : t.crs);
  const int code_col = t.fields.count("code") ? l.column_index(t.fields.at("code")) : -1;
  std::vector<MultiPolygon> out;
  for (std::size_t k = 0; k < l.polygons.size(); ++k) {
    MultiPolygon mp = l.polygons[k];
    if (to_lonlat)
      for (auto& p : mp)
        for (auto& ring : p.rings)
          for (auto& v : ring) to_lonlat->transform(v.x, v.y);
    out.push_back(std::move(mp));
    const std::size_t row = l.polygon_row[k];
    codes.push_back(code_col >= 0 && row < l.rows.size()
                        ? township_code9(l.rows[row][static_cast<std::size_t>(code_col)])
                        : "");
  }
  return out;
}

struct Fit {
  std::string crs, label;
  std::size_t hits = 0;    // points in their declared township (or inside any)
  std::size_t tested = 0;  // points tested
  double share() const {
    return tested ? static_cast<double>(hits) / static_cast<double>(tested) : 0;
  }
};

}  // namespace

TownshipAreas::TownshipAreas(const LayerChoice& townships)
    : index(lonlat_polygons(townships, code9)) {}

CrsTest test_point_crs(const LayerChoice& c, const TownshipAreas& towns) {
  const LayerSummary& l = *c.layer;
  CrsTest out;
  if (l.points.empty()) return out;
  const bool declared_geographic = !l.crs.empty() && l.crs_is_geographic;
  if (!l.crs.empty() && !declared_geographic) return out;  // a projected CRS, as the source says
  Box b;
  for (Vec2 p : l.points) b.expand(p);
  if (!lonlat_range(b)) {
    out.outcome = CrsTest::Outcome::unclear;
    out.note =
        "the coordinates are not longitude/latitude: name the layer's CRS (e.g. "
        "\"EPSG:4547\", CGCS2000 3-degree Gauss-Kruger CM 114E)";
    return out;
  }
  // The declared township of each point, where the row has a township code.
  const int declared_col =
      c.fields.count("township") ? l.column_index(c.fields.at("township")) : -1;
  std::vector<std::string> declared(l.points.size());
  std::size_t with_code = 0;
  if (declared_col >= 0)
    for (std::size_t i = 0; i < l.points.size(); ++i) {
      declared[i] = township_code9(l.rows[l.point_row[i]][static_cast<std::size_t>(declared_col)]);
      with_code += !declared[i].empty();
    }
  const bool by_code = with_code >= 10 && 2 * with_code >= l.points.size();

  const std::string own = declared_geographic ? l.crs : "EPSG:4326";
  std::vector<Fit> fits = {{own, declared_geographic ? "as declared (" + l.crs + ")" : "WGS84"},
                           {"GCJ-02", "GCJ-02"},
                           {"BD-09", "BD-09"}};
  for (Fit& f : fits) {
    const auto to_lonlat = to_wgs84(f.crs);
    for (std::size_t i = 0; i < l.points.size(); ++i) {
      if (by_code && declared[i].empty()) continue;
      ++f.tested;
      Vec2 p = l.points[i];
      if (to_lonlat && !to_lonlat->transform(p.x, p.y)) continue;
      const std::int32_t k = towns.index.locate(p);
      f.hits += k != kNone && (!by_code || towns.code9[static_cast<std::size_t>(k)] == declared[i]);
    }
  }
  std::vector<std::size_t> order{0, 1, 2};
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return fits[a].hits > fits[b].hits; });
  const Fit& best = fits[order[0]];
  const Fit& second = fits[order[1]];
  const std::string evidence =
      fmt::format("of {} points, the share {}: {} {:.1f}%, {} {:.1f}%, {} {:.1f}%", best.tested,
                  by_code ? "in the township their '" + c.fields.at("township") + "' declares"
                          : "inside the townships",
                  fits[0].label, 100 * fits[0].share(), fits[1].label, 100 * fits[1].share(),
                  fits[2].label, 100 * fits[2].share());
  // Clearly: by 2 percentage points and by 3 points at least.
  const bool clear = best.share() - second.share() >= 0.02 && best.hits >= second.hits + 3;
  out.outcome = clear ? CrsTest::Outcome::clear : CrsTest::Outcome::unclear;
  out.crs = clear ? best.crs : own;
  if (!clear)
    out.note = "the test cannot tell (" + evidence + ")";
  else if (declared_geographic && best.crs == own)
    out.note = "the layer's own CRS fits best (" + evidence + ")";
  else if (declared_geographic)
    out.note =
        "the layer says " + l.crs + ", but its points fit " + best.label + " (" + evidence + ")";
  else
    out.note = "no CRS in the source; chosen by test: " + evidence;
  return out;
}

}  // namespace sunplan::io
