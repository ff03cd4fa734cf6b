#include "sunplan/io/road_layer.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <memory>

#include "ogr_layer.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/name_match.hpp"

namespace sunplan {

namespace {

bool ends_with(const std::string& s, const std::string& tail) {
  return s.size() >= tail.size() && s.compare(s.size() - tail.size(), tail.size(), tail) == 0;
}

// OSM's oneway vocabulary plus the booleans of other line layers; false when unknown.
bool parse_oneway(std::string text, int& out) {
  text = io::ascii_lower(text);
  if (text.empty() || text == "no" || text == "false" || text == "0" || text == "f" || text == "n")
    out = 0;
  else if (text == "yes" || text == "true" || text == "1" || text == "t" || text == "y" ||
           text == "ft")
    out = 1;
  else if (text == "-1" || text == "reverse" || text == "tf")
    out = -1;
  else
    return false;
  return true;
}

void append_line(const OGRLineString* ls, std::vector<std::vector<Vec2>>& out) {
  std::vector<Vec2> pts;
  pts.reserve(static_cast<std::size_t>(ls->getNumPoints()));
  for (int i = 0; i < ls->getNumPoints(); ++i) pts.push_back({ls->getX(i), ls->getY(i)});
  out.push_back(std::move(pts));
}

// Line parts of a geometry in its own CRS; false with a reason when there are none.
bool to_lines(const OGRGeometry* g, std::vector<std::vector<Vec2>>& out, std::string& reason) {
  out.clear();
  std::unique_ptr<OGRGeometry> linear;
  g = io::linearised(g, linear, reason);
  if (!g) return false;
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbLineString) {
    append_line(g->toLineString(), out);
  } else if (type == wkbMultiLineString) {
    for (const OGRLineString* part : *g->toMultiLineString()) append_line(part, out);
  } else if (type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *g->toGeometryCollection())
      if (wkbFlatten(part->getGeometryType()) == wkbLineString)
        append_line(part->toLineString(), out);
  } else {
    reason = std::string("expected a line, found ") + OGRGeometryTypeToName(g->getGeometryType());
    return false;
  }
  if (out.empty()) {
    reason = "no line parts";
    return false;
  }
  return true;
}

}  // namespace

bool is_osm_source(const LayerSpec& spec) {
  const std::string s = io::ascii_lower(spec.source);
  return ends_with(s, ".pbf") || ends_with(s, ".osm") || ends_with(s, ".osm.bz2");
}

RoadLayer read_road_layer(const LayerSpec& spec, const std::string& working_crs,
                          ProblemLog& problems, Progress& progress) {
  io::OpenedLayer opened = io::open_layer(spec);
  RoadLayer out;
  io::LayerProblems layer_problems(spec, opened, problems);
  LayerReport& report = layer_problems.report;
  auto add = [&](Severity s, std::int64_t row, const std::string& field, const std::string& reason,
                 const std::string& id) { layer_problems.add(s, row, field, reason, id); };

  // The class field is what makes a line routable, so it must exist (default name "highway").
  const std::string class_field = spec.maps("class") ? spec.field("class") : "highway";
  if (!io::has_field(opened, class_field)) {
    LayerSpec with_default = spec;
    with_default.fields["class"] = class_field;
    io::require_fields(opened, with_default, {"class"});
  }
  // Optional fields are read only when mapped (a column merely named "speed" is not read).
  const bool has_oneway = spec.maps("oneway") && io::has_field(opened, spec.field("oneway"));
  const bool has_speed = spec.maps("speed") && io::has_field(opened, spec.field("speed"));
  if (spec.maps("oneway") && !spec.field("oneway").empty() && !has_oneway)
    io::require_fields(opened, spec, {"oneway"});
  if (spec.maps("speed") && !spec.field("speed").empty() && !has_speed)
    io::require_fields(opened, spec, {"speed"});
  const bool has_id = spec.maps("id") && io::has_field(opened, spec.field("id"));

  const geo::Transformer to_work(opened.crs, working_crs);
  const auto total = std::max<GIntBig>(1, opened.layer->GetFeatureCount(FALSE));
  std::vector<std::vector<Vec2>> parts;
  std::int64_t row = 0;
  auto text = [&](const OGRFeature& f, const std::string& source_field, const std::string& id) {
    io::TextVerdict verdict;
    auto v = io::field_text(opened, f, source_field, verdict);
    if (verdict.kind != io::TextVerdict::Kind::ok)
      add(verdict.kind == io::TextVerdict::Kind::undecodable ? Severity::repaired
                                                             : Severity::warning,
          row, source_field, verdict.message(), id);
    return v.value_or("");
  };
  for (auto& f : *opened.layer) {
    ++row;
    ++report.features_read;
    if (row % 4096 == 0)
      report_or_cancel(progress, static_cast<double>(row) / static_cast<double>(total),
                       "read roads");
    const std::string id = has_id ? text(*f, spec.field("id"), "") : std::to_string(f->GetFID());
    const OGRGeometry* g = f->GetGeometryRef();
    ++report.geometry_types[io::geometry_type_name(g)];
    std::string reason;
    if (!to_lines(g, parts, reason)) {
      if (!g || g->IsEmpty()) ++report.empty_geometries;
      add(Severity::rejected, row, "", reason, id);
      continue;
    }
    network::RoadLine proto;
    proto.road_class = text(*f, class_field, id);
    if (has_oneway) {
      const std::string ow = text(*f, spec.field("oneway"), id);
      if (!parse_oneway(ow, proto.oneway)) {
        add(Severity::warning, row, spec.field("oneway"),
            "oneway value '" + ow + "' not understood; treated as two-way", id);
        proto.oneway = 0;
      }
    }
    if (has_speed) {
      const std::string sp = text(*f, spec.field("speed"), id);
      if (!sp.empty()) {
        double v = 0.0;
        const auto [p, ec] = std::from_chars(sp.data(), sp.data() + sp.size(), v);
        if (ec != std::errc() || p != sp.data() + sp.size() || !(v > 0.0) || !std::isfinite(v)) {
          add(Severity::rejected, row, spec.field("speed"),
              "speed '" + sp + "' is not a positive number of km/h", id);
          continue;
        }
        proto.speed_kmh = v;
      }
    }
    bool ok = true;
    std::vector<network::RoadLine> lines;
    for (auto& part : parts) {
      std::vector<double> x(part.size()), y(part.size());
      for (std::size_t k = 0; k < part.size(); ++k) {
        x[k] = part[k].x;
        y[k] = part[k].y;
      }
      if (to_work.transform(x, y) != 0) {
        ok = false;
        break;
      }
      network::RoadLine line = proto;
      line.points.resize(part.size());
      for (std::size_t k = 0; k < part.size(); ++k) line.points[k] = {x[k], y[k]};
      lines.push_back(std::move(line));
    }
    if (!ok) {
      add(Severity::rejected, row, "", "coordinates cannot be transformed from " + opened.crs, id);
      continue;
    }
    for (auto& l : lines) out.lines.push_back(std::move(l));
    ++report.kept;
  }
  report_or_cancel(progress, 1.0, "read roads");
  out.report = std::move(report);
  return out;
}

network::ProjectLonLat lonlat_projector(const std::string& working_crs) {
  auto t = std::make_shared<geo::Transformer>("EPSG:4326", working_crs);
  return [t](std::vector<double>& x, std::vector<double>& y) { t->transform(x, y); };
}

}  // namespace sunplan
