#include "map_page.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "qgis_styles.hpp"
#include "sunplan/core/data_dir.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/core/text_escape.hpp"
#include "sunplan/geo/geos_ops.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

namespace {

using nlohmann::json;

std::string read_data_file(const std::string& relative) {
  const auto path = find_data_file(relative);
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  if (!in && !in.eof()) throw ResourceError("cannot read " + path.string());
  return s.str();
}

// Six decimals of a degree: about 0.1 m, enough for a township map and a third of the size.
double round6(double v) {
  return std::round(v * 1e6) / 1e6;
}

class ToWgs84 {
 public:
  explicit ToWgs84(const std::string& crs) : m_tr(crs, "EPSG:4326") {}
  json ring(const Ring& r) const {
    std::vector<double> x, y;
    x.reserve(r.size());
    y.reserve(r.size());
    for (const Vec2& p : r) {
      x.push_back(p.x);
      y.push_back(p.y);
    }
    m_tr.transform(x, y);
    json out = json::array();
    for (std::size_t i = 0; i < x.size(); ++i)
      if (std::isfinite(x[i]) && std::isfinite(y[i])) out.push_back({round6(x[i]), round6(y[i])});
    return out;
  }
  json point(Vec2 p) const {
    double x = p.x, y = p.y;
    if (!m_tr.transform(x, y)) return nullptr;
    return {round6(x), round6(y)};
  }

 private:
  geo::Transformer m_tr;
};

json value(const FieldValue& v) {
  if (const auto* i = std::get_if<std::int64_t>(&v)) return *i;
  if (const auto* d = std::get_if<double>(&v)) return std::isfinite(*d) ? json(*d) : json(nullptr);
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  return nullptr;
}

json geometry(const OutputLayer& layer, std::size_t row, const ToWgs84& to, double tolerance_m) {
  switch (layer.kind) {
    case GeometryKind::point: {
      json p = to.point(layer.points[row]);
      if (p.is_null()) return nullptr;
      return {{"type", "Point"}, {"coordinates", p}};
    }
    case GeometryKind::polygon: {
      const MultiPolygon simple =
          tolerance_m > 0 ? geo::simplify(layer.polygons[row], tolerance_m) : layer.polygons[row];
      json polys = json::array();
      for (const Polygon& poly : simple) {
        json rings = json::array();
        for (const Ring& r : poly.rings) {
          json ring = to.ring(r);
          if (ring.size() >= 4) rings.push_back(std::move(ring));
        }
        if (!rings.empty()) polys.push_back(std::move(rings));
      }
      if (polys.empty()) return nullptr;
      return {{"type", "MultiPolygon"}, {"coordinates", std::move(polys)}};
    }
    default:
      return nullptr;
  }
}

json feature_collection(const OutputLayer& layer, const ToWgs84& to, double tolerance_m) {
  json features = json::array();
  for (std::size_t row = 0; row < layer.size(); ++row) {
    json props = json::object();
    for (std::size_t f = 0; f < layer.fields.size() && f < layer.rows[row].size(); ++f)
      props[layer.fields[f].name] = value(layer.rows[row][f]);
    features.push_back({{"type", "Feature"},
                        {"geometry", geometry(layer, row, to, tolerance_m)},
                        {"properties", props}});
  }
  json fields = json::array();
  for (const OutputField& f : layer.fields)
    fields.push_back({{"name", f.name}, {"numeric", f.type != FieldType::text}});
  return {{"type", "FeatureCollection"},
          {"name", layer.name},
          {"fields", fields},
          {"features", features}};
}

// JSON inside <script>: "</" would end the element early (a township named "</script>...").
std::string script_safe(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') {
      out += "<\\/";
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

}  // namespace

const std::vector<std::string>& map_page_layers() {
  static const std::vector<std::string> names = {
      "townships",       "youth_grid", "catchments", "gaps",
      "site_catchments", "counties",   "bases",      "sites"};
  return names;
}

std::string map_page_html(const std::string& title, const RunResult& run) {
  const std::string leaflet_js = read_data_file("leaflet/leaflet.js");
  const std::string leaflet_css = read_data_file("leaflet/leaflet.css");
  const std::string page_js = read_data_file("map/sunplan-map.js");
  const std::string page_css = read_data_file("map/sunplan-map.css");

  const Dataset& d = run.load.dataset;
  Box extent;
  for (std::int32_t t : d.admin.townships)
    extent.expand(bounds(d.admin.units[static_cast<std::size_t>(t)].geometry));
  const double diagonal =
      extent.empty() ? 0.0 : std::hypot(extent.max_x - extent.min_x, extent.max_y - extent.min_y);
  const double tolerance_m = std::max(5.0, diagonal / 1500.0);

  const ToWgs84 to(d.crs.definition);
  json layers = json::object();
  json order = json::array();
  for (const std::string& name : map_page_layers()) {
    const auto it = std::find_if(run.layers.begin(), run.layers.end(),
                                 [&](const OutputLayer& l) { return l.name == name; });
    if (it == run.layers.end() || it->kind == GeometryKind::none) continue;
    // Points keep their place; area layers are simplified.
    layers[name] = feature_collection(*it, to, it->kind == GeometryKind::polygon ? tolerance_m : 0);
    order.push_back(name);
  }
  json base_colours = json::object();
  for (int t = 0; t < kBaseTypeCount; ++t)
    base_colours[to_string(static_cast<BaseType>(t))] = {
        {"rgb", base_type_rgb(t)}, {"zh", chinese_name(static_cast<BaseType>(t))}};
  const json data{{"title", title},
                  {"software", std::string("sunplan ") + kVersion + " (" + git_revision() + ")"},
                  {"catchment_mode", run.summary.catchment_mode},
                  {"privacy", run.privacy.aggregate_only ? "aggregate" : "individual"},
                  {"min_count", run.privacy.min_count},
                  {"simplified_m", tolerance_m},
                  {"base_types", base_colours},
                  {"order", order},
                  {"layers", layers}};

  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
      "<meta name=\"generator\" content=\"sunplan " +
      std::string(kVersion) + "\">\n<title>" + html_text(title) + "</title>\n<style>\n" +
      leaflet_css + "\n" + page_css +
      "\n</style></head>\n<body>\n<div id=\"map\"></div>\n"
      "<div id=\"panel\" class=\"sp-box\"></div>\n<div id=\"legend\" class=\"sp-box\"></div>\n"
      "<div id=\"info\" class=\"sp-box\"></div>\n<script>\n" +
      leaflet_js + "\n</script>\n<script>\nwindow.SUNPLAN_DATA = " +
      script_safe(data.dump(-1, ' ', false, json::error_handler_t::replace)) +
      ";\n</script>\n<script>\n" + page_js + "\n</script>\n</body></html>\n";
  return h;
}

}  // namespace sunplan
