#include "ogr_layer.hpp"

#include <cpl_string.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>

#include "sunplan/core/error.hpp"
#include "sunplan/gazetteer/text.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/input_limits.hpp"

namespace sunplan::io {

namespace {

// GeoPackage layers written without a CRS carry the placeholder "Undefined geographic/
// Cartesian SRS" (srs_id 0 / -1): that is no CRS at all.
bool is_undefined(const OGRSpatialReference& srs) {
  const char* name = srs.GetName();
  return srs.GetAuthorityCode(nullptr) == nullptr && name &&
         std::string(name).rfind("Undefined", 0) == 0;
}

// Drivers that hand the filter to SQL (GeoPackage, PostGIS) accept any text here and fail only
// when rows are read, which used to look like an empty layer: one row is read now to see.
void check_where_filter(OGRLayer& layer, const std::string& where, const std::string& shown) {
  CPLErrorReset();
  if (layer.SetAttributeFilter(where.c_str()) == OGRERR_NONE) {
    layer.ResetReading();
    std::unique_ptr<OGRFeature> first(layer.GetNextFeature());
    layer.ResetReading();
    if (CPLGetLastErrorType() < CE_Failure) return;
  }
  throw InputError(shown, layer.GetName(), -1, "where",
                   "the filter '" + where + "' cannot be applied: " + CPLGetLastErrorMsg());
}

// Layers whose rows are places (points or polygons): a table without a geometry column and
// without x/y columns would give every row "no geometry", an empty layer, not an answer.
void require_geometry_column(const LayerSpec& spec, const OpenedLayer& out,
                             const std::string& shown) {
  const bool needs = spec.role == "townships" || spec.role == "bases" ||
                     spec.role == "candidates" || spec.role == "teams" || spec.role == "roads" ||
                     (spec.role == "youth" && spec.mode != "counts");
  // Rows placed from an address or division names (docs/registries.md) need no geometry.
  const bool located = !spec.address_field.empty() || !spec.division_fields.empty();
  if (!needs || located || !spec.x_field.empty() ||
      out.layer->GetLayerDefn()->GetGeomFieldCount() > 0)
    return;
  throw InputError(shown, out.layer->GetName(), -1, "",
                   "the layer has no geometry column; name its coordinate columns with x = \"...\" "
                   "and y = \"...\", or its address column with address = \"...\"" +
                       std::string(spec.role == "youth" ? ", or give counts per township with mode "
                                                          "= \"counts\""
                                                        : "") +
                       ", or choose a layer with geometry");
}

// GDAL's open options: the coordinate columns (both or neither), and no re-encoding of a
// Shapefile's bytes when sunplan decodes them.
void set_layer_open_options(const LayerSpec& spec, CPLStringList& options) {
  if (spec.x_field.empty() != spec.y_field.empty())
    throw UsageError("layers." + spec.role +
                     ": give both x and y (the coordinate columns), or neither");
  if (!spec.x_field.empty()) {
    if (spec.x_field == spec.y_field)
      throw UsageError("layers." + spec.role + ": x and y name the same column '" + spec.x_field +
                       "'");
    // GDAL matches the header's bytes: a GBK header needs the names in GBK.
    auto in_source_encoding = [&](const std::string& name) {
      if (spec.encoding.empty()) return name;
      return encode_strict(name, spec.encoding).value_or(name);
    };
    options.SetNameValue("X_POSSIBLE_NAMES", in_source_encoding(spec.x_field).c_str());
    options.SetNameValue("Y_POSSIBLE_NAMES", in_source_encoding(spec.y_field).c_str());
    // Keeping the columns as attributes also avoids a crash in GDAL 3.6's CSV reader when a
    // column name repeats (tests/corpus csv_duplicate_x_column).
    options.SetNameValue("KEEP_GEOM_COLUMNS", "YES");
  }
  const bool is_shapefile =
      spec.source.size() > 4 && (spec.source.ends_with(".shp") || spec.source.ends_with(".SHP") ||
                                 spec.source.ends_with(".dbf"));
  // A declared encoding is decoded by sunplan (strictly, so text that does not decode is
  // reported): a Shapefile's bytes are read as they are.
  if (!spec.encoding.empty() && is_shapefile) options.SetNameValue("ENCODING", "");
}

// Opens the source (a spreadsheet or office CSV through its prepared copy) and picks the
// layer: the named one, else the first. Returns whether the office copy decoded the text.
bool open_layer_source(const LayerSpec& spec, const std::string& shown,
                       const CPLStringList& options, OpenedLayer& out) {
  const bool is_file = spec.source.rfind("PG:", 0) != 0 && spec.source.rfind("/vsi", 0) != 0;
  if (is_file && !std::filesystem::exists(spec.source))
    throw InputError(shown, spec.layer, -1, "", "cannot open: the file does not exist");
  if (is_file) require_regular_source(spec.source, shown, spec.layer);
  CPLErrorReset();
  // Spreadsheets and CSV as office software writes them: decoded, title rows skipped.
  std::optional<OfficeTable> office = is_file ? prepare_office_table(spec) : std::nullopt;
  if (office) {
    out.memory = office->memory;
    out.table_note = office->note;
  }
  const std::string open_path = office ? office->open_path : spec.source;
  out.dataset.reset(GDALDataset::Open(open_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr,
                                      options.List(), nullptr));
  if (!out.dataset) {
    std::string why = CPLGetLastErrorMsg();
    if (why.empty()) why = "not a vector data source GDAL can read";
    throw InputError(shown, spec.layer, -1, "", "cannot open: " + redact_connection(why));
  }
  out.driver = out.dataset->GetDriverName();
  if (spec.layer.empty()) {
    out.layer = out.dataset->GetLayer(0);
  } else {
    out.layer = out.dataset->GetLayerByName(spec.layer.c_str());
  }
  if (!out.layer) {
    std::string names;
    for (auto* l : out.dataset->GetLayers())
      names += (names.empty() ? "" : ", ") + std::string(l->GetName());
    throw InputError(shown, spec.layer, -1, "",
                     "no such layer (the source has: " + (names.empty() ? "none" : names) + ")");
  }
  return office && office->decoded;
}

// The layer's CRS: the scenario's, else the layer's own, else none for a table, else WGS84
// for coordinate columns (with a note); anything else is an error.
void choose_layer_crs(const LayerSpec& spec, const std::string& shown, OpenedLayer& out) {
  if (!spec.crs.empty()) {
    out.crs = spec.crs;
  } else if (const OGRSpatialReference* srs = out.layer->GetSpatialRef();
             srs && !is_undefined(*srs)) {
    out.crs = srs_definition(*srs);
  } else if (spec.x_field.empty() &&
             (out.layer->GetGeomType() == wkbNone ||
              (out.driver == "CSV" && out.layer->GetLayerDefn()->GetGeomFieldCount() == 0))) {
    out.crs = "";  // a table: no geometry, no CRS needed
  } else if (out.driver == "CSV" || !spec.x_field.empty()) {
    // Coordinate columns of a CSV file or a spreadsheet: longitude/latitude, as a rule.
    out.crs = "EPSG:4326";
    out.crs_note =
        out.driver + " has no CRS; assumed EPSG:4326 (set crs in the scenario to change)";
  } else {
    throw InputError(shown, out.layer->GetName(), -1, "",
                     "the layer has no coordinate system; name one with crs = \"EPSG:...\"");
  }
}

// A column name as UTF-8. Names are matched in the encoding they really are in; a declared
// encoding they are not in is reported in out.names_note (their values will be garbled the
// same way).
std::string decoded_column_name(const std::string& raw, OpenedLayer& out) {
  if (!has_non_ascii(raw)) return raw;
  std::string name = raw;
  const std::string declared = out.recode_from.empty() ? "UTF-8" : out.recode_from;
  const TextVerdict v = check_text(raw, out.recode_from);
  std::string in = declared;
  if (v.kind == TextVerdict::Kind::undecodable && !v.likely.empty()) {
    in = v.likely;
    out.names_note = "column names are not " + declared + "; they decode as " + in +
                     ": set encoding = \"" + in + "\"";
  } else if (v.kind == TextVerdict::Kind::utf8_read_as_other) {
    in = "UTF-8";
    out.names_note = "column names are UTF-8, not " + declared +
                     ": remove encoding (or set encoding = \"UTF-8\")";
  }
  if (auto decoded = decode_strict(raw, in)) {
    name = *decoded;
  } else if (!out.recode_from.empty()) {
    char* utf8 = CPLRecode(raw.c_str(), out.recode_from.c_str(), CPL_ENC_UTF8);
    name = utf8;
    CPLFree(utf8);
  }
  return name;
}

// The coordinate columns must be there, once each (else every row would lack a point).
void require_coordinate_columns(const LayerSpec& spec, const std::string& shown,
                                const OpenedLayer& out) {
  if (spec.x_field.empty()) return;
  for (const std::string& column : {spec.x_field, spec.y_field}) {
    int found = 0;
    for (const std::string& name : out.field_names) found += column == name;
    if (found != 1)
      throw InputError(
          shown, out.layer->GetName(), -1, column,
          found == 0 ? "coordinate column is missing" : "coordinate column appears more than once");
  }
}

}  // namespace

}  // namespace sunplan::io

namespace sunplan {
void silence_gdal_messages() {
  CPLSetErrorHandler(CPLQuietErrorHandler);
}
}  // namespace sunplan

namespace sunplan::io {

OpenedLayer open_layer(const LayerSpec& spec) {
  register_gdal();
  const std::string shown = spec.display_source();
  CPLStringList options;
  set_layer_open_options(spec, options);
  OpenedLayer out;
  const bool decoded = open_layer_source(spec, shown, options, out);
  if (!spec.where.empty()) check_where_filter(*out.layer, spec.where, shown);
  require_geometry_column(spec, out, shown);
  choose_layer_crs(spec, shown, out);
  out.recode_from = decoded ? "" : spec.encoding;
  const OGRFeatureDefn* names = out.layer->GetLayerDefn();
  for (int i = 0; i < names->GetFieldCount(); ++i) {
    const std::string name = decoded_column_name(names->GetFieldDefn(i)->GetNameRef(), out);
    out.field_at.emplace(name, i);
    out.field_names.push_back(name);
  }
  require_coordinate_columns(spec, shown, out);
  return out;
}

int OpenedLayer::field_index(const std::string& utf8_name) const {
  const auto it = field_at.find(utf8_name);
  return it == field_at.end() ? -1 : it->second;
}

bool has_field(const OpenedLayer& opened, const std::string& source_field) {
  if (source_field == kFidField) return true;
  return opened.field_index(source_field) >= 0;
}

void require_fields(const OpenedLayer& opened, const LayerSpec& spec,
                    const std::vector<std::string>& required_keys) {
  for (const std::string& key : required_keys) {
    const std::string source_field = spec.field(key);
    if (has_field(opened, source_field)) continue;
    std::string names;
    for (std::size_t i = 0; i < opened.field_names.size(); ++i)
      names += (i ? ", " : "") + opened.field_names[i];
    throw InputError(spec.display_source(), opened.layer->GetName(), -1, source_field,
                     "required field for '" + key + "' is missing (map it under [layers." +
                         spec.role + ".fields]; the layer has: " + names + ")");
  }
}

std::optional<std::string> field_text(const OpenedLayer& opened, const OGRFeature& f,
                                      const std::string& source_field, TextVerdict& verdict) {
  verdict = TextVerdict{};
  if (source_field == kFidField) return std::to_string(f.GetFID());
  const int idx = opened.field_index(source_field);
  if (idx < 0 || !f.IsFieldSetAndNotNull(idx)) return std::nullopt;
  std::string raw = f.GetFieldAsString(idx);
  if (!has_non_ascii(raw)) return raw;
  if (auto hit = opened.decoded.find(raw); hit != opened.decoded.end()) {
    verdict = hit->second.second;
    return hit->second.first;
  }
  verdict = check_text(raw, opened.recode_from);
  std::string text;
  if (verdict.kind != TextVerdict::Kind::undecodable) {
    text = opened.recode_from.empty() ? raw : *decode_strict(raw, opened.recode_from);
  } else {
    // Keep what decodes; what does not becomes '?'.
    char* fixed = CPLForceToASCII(raw.c_str(), -1, '?');
    text = fixed;
    CPLFree(fixed);
    if (!opened.recode_from.empty()) {
      char* utf8 = CPLRecode(raw.c_str(), opened.recode_from.c_str(), CPL_ENC_UTF8);
      if (CPLIsUTF8(utf8, -1)) text = utf8;
      CPLFree(utf8);
    }
  }
  // A cell typed in full-width digits and signs (２０２４－０１－０１) reads as ASCII.
  text = gazetteer::fullwidth_cell_to_ascii(text);
  if (opened.decoded.size() < 100000) opened.decoded.emplace(raw, std::make_pair(text, verdict));
  return text;
}

std::optional<std::string> field_text(const OpenedLayer& opened, const OGRFeature& f,
                                      const std::string& source_field, bool& bad_text) {
  TextVerdict verdict;
  auto text = field_text(opened, f, source_field, verdict);
  bad_text = verdict.kind != TextVerdict::Kind::ok;
  return text;
}

std::string read_coordinate(const std::string& text, double& out) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return "empty";
  const char* begin = text.c_str() + first;
  char* end = nullptr;
  out = std::strtod(begin, &end);
  if (end == begin) return "not a number";
  if (!std::isfinite(out)) return "not a finite number (NaN or infinity)";
  while (*end == ' ' || *end == '\t') ++end;
  if (*end != '\0') return "a number followed by other text";
  return "";
}

bool to_point(const OGRGeometry* g, Vec2& out, std::string& reason) {
  if (!g) {
    reason = "no geometry";
    return false;
  }
  if (g->IsEmpty()) {
    reason = "empty geometry";
    return false;
  }
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbPoint) {
    const auto* p = g->toPoint();
    out = {p->getX(), p->getY()};
    return true;
  }
  if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
    const auto* p = g->toMultiPoint()->getGeometryRef(0);
    out = {p->getX(), p->getY()};
    return true;
  }
  reason = std::string("expected a point, found ") + OGRGeometryTypeToName(g->getGeometryType());
  return false;
}

namespace {
// A ring needs 4 points (3 distinct, closed). A degenerate hole is dropped; a degenerate
// shell drops its whole polygon, holes included, so a hole never becomes an area of its own.
// Returns false when something was dropped.
bool append_polygon(const OGRPolygon* poly, MultiPolygon& out) {
  Polygon p;
  bool whole = true;
  bool shell = true;
  for (const OGRLinearRing* ring : *poly) {
    Ring r;
    r.reserve(static_cast<std::size_t>(ring->getNumPoints()));
    for (const OGRPoint& pt : *ring) r.push_back({pt.getX(), pt.getY()});
    if (r.size() >= 4) {
      if (shell || !p.rings.empty()) p.rings.push_back(std::move(r));
    } else {
      whole = false;
    }
    if (shell && p.rings.empty()) return false;  // the shell itself is degenerate
    shell = false;
  }
  if (!p.rings.empty()) out.push_back(std::move(p));
  return whole;
}
}  // namespace

const OGRGeometry* linearised(const OGRGeometry* g, std::unique_ptr<OGRGeometry>& holder,
                              std::string& reason) {
  if (!g) {
    reason = "no geometry";
    return nullptr;
  }
  if (g->IsEmpty()) {
    reason = "empty geometry";
    return nullptr;
  }
  if (!g->hasCurveGeometry()) return g;
  holder.reset(g->getLinearGeometry());
  return holder.get();
}

bool to_multipolygon(const OGRGeometry* g, MultiPolygon& out, std::string& reason) {
  out.clear();
  std::unique_ptr<OGRGeometry> linear;
  g = linearised(g, linear, reason);
  if (!g) return false;
  const auto type = wkbFlatten(g->getGeometryType());
  bool whole = true;
  if (type == wkbPolygon) {
    whole = append_polygon(g->toPolygon(), out);
  } else if (type == wkbMultiPolygon) {
    for (const OGRPolygon* poly : *g->toMultiPolygon()) whole &= append_polygon(poly, out);
  } else if (type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *g->toGeometryCollection())
      if (wkbFlatten(part->getGeometryType()) == wkbPolygon)
        whole &= append_polygon(part->toPolygon(), out);
  } else {
    reason =
        std::string("expected a polygon, found ") + OGRGeometryTypeToName(g->getGeometryType());
    return false;
  }
  if (out.empty()) {
    reason = "polygon without a valid ring (a ring needs at least 3 distinct points)";
    return false;
  }
  // Kept, but the caller reports what was dropped.
  reason = whole ? "" : "a ring with fewer than 3 distinct points was dropped";
  return true;
}

std::string geometry_type_name(const OGRGeometry* g) {
  if (!g) return "NULL";
  return OGRGeometryTypeToName(g->getGeometryType());
}

}  // namespace sunplan::io

namespace sunplan::io {

LayerProblems::LayerProblems(const LayerSpec& spec, const OpenedLayer& opened, ProblemLog& problems)
    : log(problems), personal(spec.role == "youth") {
  report.role = spec.role;
  report.source = spec.display_source();
  report.layer = opened.layer->GetName();
  report.driver = opened.driver;
  report.crs = opened.crs;
  if (!opened.crs_note.empty()) add(Severity::warning, -1, "", opened.crs_note, "");
  if (!opened.table_note.empty()) report.notes.push_back(opened.table_note);
  if (!opened.names_note.empty()) add(Severity::warning, -1, "", opened.names_note, "");
}

void LayerProblems::add(Severity s, std::int64_t row, const std::string& field,
                        const std::string& reason, const std::string& id,
                        std::optional<Vec2> lonlat) {
  Problem p;
  p.severity = s;
  p.file = report.source;
  p.layer = report.layer;
  p.row = row;
  p.field = field;
  p.reason = personal && row >= 0 ? withhold_quoted_values(reason) : reason;
  p.feature_id = id;
  p.lonlat = lonlat;
  log.add(std::move(p));
  if (s == Severity::rejected)
    ++report.rejected;
  else if (s == Severity::repaired)
    ++report.repaired;
  else
    ++report.warnings;
}

}  // namespace sunplan::io
