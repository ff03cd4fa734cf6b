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

// One read_road_layer call: the opened layer, which optional fields it has, and the report.
struct RoadReader {
  const LayerSpec& spec;
  io::OpenedLayer opened;
  io::LayerProblems layer_problems;
  LayerReport& report = layer_problems.report;
  // The class field is what makes a line routable, so it must exist (default name "highway").
  const std::string class_field = spec.maps("class") ? spec.field("class") : "highway";
  bool has_oneway = false, has_speed = false, has_id = false;
  std::int64_t row = 0;

  RoadReader(const LayerSpec& s, ProblemLog& problems)
      : spec(s), opened(io::open_layer(s)), layer_problems(s, opened, problems) {}

  void add(Severity s, const std::string& field, const std::string& reason, const std::string& id) {
    layer_problems.add(s, row, field, reason, id);
  }

  // The class field must exist; optional fields are read only when mapped (a column merely
  // named "speed" is not read), and a mapped one must exist.
  void check_fields() {
    if (!io::has_field(opened, class_field)) {
      LayerSpec with_default = spec;
      with_default.fields["class"] = class_field;
      io::require_fields(opened, with_default, {"class"});
    }
    has_oneway = spec.maps("oneway") && io::has_field(opened, spec.field("oneway"));
    has_speed = spec.maps("speed") && io::has_field(opened, spec.field("speed"));
    if (spec.maps("oneway") && !spec.field("oneway").empty() && !has_oneway)
      io::require_fields(opened, spec, {"oneway"});
    if (spec.maps("speed") && !spec.field("speed").empty() && !has_speed)
      io::require_fields(opened, spec, {"speed"});
    has_id = spec.maps("id") && io::has_field(opened, spec.field("id"));
  }

  // A field's text; text that did not decode cleanly is reported.
  std::string text(const OGRFeature& f, const std::string& source_field, const std::string& id) {
    io::TextVerdict verdict;
    auto v = io::field_text(opened, f, source_field, verdict);
    if (verdict.kind != io::TextVerdict::Kind::ok)
      add(verdict.kind == io::TextVerdict::Kind::undecodable ? Severity::repaired
                                                             : Severity::warning,
          source_field, verdict.message(), id);
    return v.value_or("");
  }

  // The line's class, direction and speed; false (reported) when its speed is not a speed.
  bool read_attributes(const OGRFeature& f, const std::string& id, network::RoadLine& proto) {
    proto.road_class = text(f, class_field, id);
    if (has_oneway) {
      const std::string ow = text(f, spec.field("oneway"), id);
      if (!parse_oneway(ow, proto.oneway)) {
        add(Severity::warning, spec.field("oneway"),
            "oneway value '" + ow + "' not understood; treated as two-way", id);
        proto.oneway = 0;
      }
    }
    if (has_speed) {
      const std::string sp = text(f, spec.field("speed"), id);
      if (!sp.empty()) {
        double v = 0.0;
        const auto [p, ec] = std::from_chars(sp.data(), sp.data() + sp.size(), v);
        if (ec != std::errc() || p != sp.data() + sp.size() || !(v > 0.0) || !std::isfinite(v)) {
          add(Severity::rejected, spec.field("speed"),
              "speed '" + sp + "' is not a positive number of km/h", id);
          return false;
        }
        proto.speed_kmh = v;
      }
    }
    return true;
  }

  // Each part as a road line in the working CRS; false when a part cannot be transformed.
  static bool project_parts(const std::vector<std::vector<Vec2>>& parts,
                            const network::RoadLine& proto, const geo::Transformer& to_work,
                            std::vector<network::RoadLine>& lines) {
    for (auto& part : parts) {
      std::vector<double> x(part.size()), y(part.size());
      for (std::size_t k = 0; k < part.size(); ++k) {
        x[k] = part[k].x;
        y[k] = part[k].y;
      }
      if (to_work.transform(x, y) != 0) return false;
      network::RoadLine line = proto;
      line.points.resize(part.size());
      for (std::size_t k = 0; k < part.size(); ++k) line.points[k] = {x[k], y[k]};
      lines.push_back(std::move(line));
    }
    return true;
  }

  // One feature: its lines into out, or a problem saying why it is left out.
  void read_feature(const OGRFeature& f, const geo::Transformer& to_work,
                    std::vector<std::vector<Vec2>>& parts, RoadLayer& out) {
    const std::string id = has_id ? text(f, spec.field("id"), "") : std::to_string(f.GetFID());
    const OGRGeometry* g = f.GetGeometryRef();
    ++report.geometry_types[io::geometry_type_name(g)];
    std::string reason;
    if (!to_lines(g, parts, reason)) {
      if (!g || g->IsEmpty()) ++report.empty_geometries;
      add(Severity::rejected, "", reason, id);
      return;
    }
    network::RoadLine proto;
    if (!read_attributes(f, id, proto)) return;
    std::vector<network::RoadLine> lines;
    if (!project_parts(parts, proto, to_work, lines)) {
      add(Severity::rejected, "", "coordinates cannot be transformed from " + opened.crs, id);
      return;
    }
    for (auto& l : lines) out.lines.push_back(std::move(l));
    ++report.kept;
  }
};

}  // namespace

bool is_osm_source(const LayerSpec& spec) {
  const std::string s = io::ascii_lower(spec.source);
  return ends_with(s, ".pbf") || ends_with(s, ".osm") || ends_with(s, ".osm.bz2");
}

RoadLayer read_road_layer(const LayerSpec& spec, const std::string& working_crs,
                          ProblemLog& problems, Progress& progress) {
  RoadReader reader(spec, problems);
  RoadLayer out;
  reader.check_fields();
  const geo::Transformer to_work(reader.opened.crs, working_crs);
  const auto total = std::max<GIntBig>(1, reader.opened.layer->GetFeatureCount(FALSE));
  std::vector<std::vector<Vec2>> parts;
  for (auto& f : *reader.opened.layer) {
    ++reader.row;
    ++reader.report.features_read;
    if (reader.row % 4096 == 0)
      report_or_cancel(progress, static_cast<double>(reader.row) / static_cast<double>(total),
                       "read roads");
    reader.read_feature(*f, to_work, parts, out);
  }
  report_or_cancel(progress, 1.0, "read roads");
  out.report = std::move(reader.report);
  return out;
}

network::ProjectLonLat lonlat_projector(const std::string& working_crs) {
  auto t = std::make_shared<geo::Transformer>("EPSG:4326", working_crs);
  return [t](std::vector<double>& x, std::vector<double>& y) { t->transform(x, y); };
}

}  // namespace sunplan
