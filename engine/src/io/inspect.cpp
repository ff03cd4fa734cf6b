#include "sunplan/io/inspect.hpp"

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <optional>
#include <set>

#include "ogr_layer.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/name_match.hpp"
#include "sunplan/io/scenario.hpp"
#include "text_encoding.hpp"

namespace sunplan {

namespace {

namespace fs = std::filesystem;

constexpr std::size_t kSampleRows = 5000;

bool ends_with_nocase(const std::string& s, const std::string& tail) {
  if (s.size() < tail.size()) return false;
  return io::ascii_lower(s.substr(s.size() - tail.size())) == tail;
}

std::string geometry_kind(OGRwkbGeometryType t) {
  switch (wkbFlatten(t)) {
    case wkbPoint:
    case wkbMultiPoint:
      return "point";
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return "line";
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      return "polygon";
    case wkbNone:
      return "none";
    default:
      return "";
  }
}

bool parse_number(const std::string& text, double& out) {
  if (text.empty()) return false;
  char* end = nullptr;
  out = std::strtod(text.c_str(), &end);
  return end && *end == '\0' && std::isfinite(out);
}

// The encoding of these raw texts, decided by decoding them all. `cpg` is what a Shapefile's
// .cpg file says (nullopt: not a Shapefile).
void decide_encoding(const std::vector<std::string>& raw, const std::optional<std::string>& cpg,
                     LayerSummary& l) {
  std::size_t non_ascii = 0;
  std::string all;
  for (const std::string& t : raw)
    if (io::has_non_ascii(t)) {
      ++non_ascii;
      all += t;
      all += '\n';
    }
  if (non_ascii == 0) {
    l.encoding_note = "no text beyond ASCII";
    return;
  }
  const std::string said = !cpg           ? ""
                           : cpg->empty() ? " (no .cpg file)"
                                          : " (the .cpg file says '" + *cpg + "')";
  if (io::is_utf8(all)) {
    l.encoding_note = std::to_string(non_ascii) + " text values beyond ASCII, all valid UTF-8";
    // A .cpg naming another encoding would make GDAL recode the text: say UTF-8 outright.
    std::string c = cpg.value_or("");
    for (auto& ch : c) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (!c.empty() && c != "UTF-8" && c != "UTF8" && c != "65001") {
      l.encoding = "UTF-8";
      l.encoding_note += said;
    }
    return;
  }
  const std::string decodes = io::decodes_as(all);
  if (decodes.empty()) {
    l.encoding_note = std::to_string(non_ascii) +
                      " text values are neither UTF-8 nor GBK, GB18030 or BIG5: set encoding";
    return;
  }
  l.encoding = decodes;
  l.encoding_note = "decided by decoding: " + std::to_string(non_ascii) +
                    " text values are not UTF-8, all decode as " + decodes + said;
}

std::vector<std::string> layer_names(GDALDataset& ds) {
  std::vector<std::string> out;
  for (auto* l : ds.GetLayers()) out.emplace_back(l->GetName());
  return out;
}

// Longitude and latitude columns of a table: by name, confirmed by the values (numbers in the
// lon/lat range of China for most rows).
void find_coordinate_columns(LayerSummary& l) {
  static const char* kX[] = {"lon",    "lng",     "long",      "longitude", "x",
                             "经度",   "东经",    "x坐标",     "point_x",   "gcj_lng",
                             "bd_lng", "wgs_lng", "lon_wgs84", "lng_gcj"};
  static const char* kY[] = {"lat",     "latitude", "y",      "纬度",    "北纬",      "y坐标",
                             "point_y", "gcj_lat",  "bd_lat", "wgs_lat", "lat_wgs84", "lat_gcj"};
  auto share_in = [&](int c, double lo, double hi) {
    std::size_t n = 0, ok = 0;
    for (const auto& row : l.rows) {
      if (row[static_cast<std::size_t>(c)].empty()) continue;
      ++n;
      double v = 0;
      ok += parse_number(row[static_cast<std::size_t>(c)], v) && v >= lo && v <= hi;
    }
    return n ? static_cast<double>(ok) / static_cast<double>(n) : 0.0;
  };
  auto pick = [&](const char* const* names, std::size_t count, double lo, double hi) {
    for (std::size_t k = 0; k < count; ++k)
      for (std::size_t c = 0; c < l.columns.size(); ++c)
        if (io::ascii_lower(l.columns[c]) == names[k] &&
            share_in(static_cast<int>(c), lo, hi) >= 0.9)
          return static_cast<int>(c);
    return -1;
  };
  int x = pick(kX, std::size(kX), 73, 136), y = pick(kY, std::size(kY), 3, 54);
  if (x < 0 || y < 0) return;
  l.x = l.columns[static_cast<std::size_t>(x)];
  l.y = l.columns[static_cast<std::size_t>(y)];
  for (std::size_t r = 0; r < l.rows.size(); ++r) {
    double vx = 0, vy = 0;
    if (parse_number(l.rows[r][static_cast<std::size_t>(x)], vx) &&
        parse_number(l.rows[r][static_cast<std::size_t>(y)], vy)) {
      l.points.push_back({vx, vy});
      l.point_row.push_back(r);
    }
  }
  l.geometry = "point";
}

LayerSummary summarise(OGRLayer& layer, const std::string& source, const std::string& driver,
                       bool raw_text, const std::optional<std::string>& cpg) {
  LayerSummary l;
  l.source = source;
  l.layer = layer.GetName();
  l.driver = driver;
  l.geometry = geometry_kind(layer.GetGeomType());
  l.features = layer.GetFeatureCount(TRUE);
  if (const OGRSpatialReference* srs = layer.GetSpatialRef();
      srs && !(srs->GetName() && std::string(srs->GetName()).rfind("Undefined", 0) == 0 &&
               srs->GetAuthorityCode(nullptr) == nullptr)) {
    const char* auth = srs->GetAuthorityName(nullptr);
    const char* code = srs->GetAuthorityCode(nullptr);
    if (auth && code && std::string(auth) == "EPSG") {
      l.crs = std::string("EPSG:") + code;
    } else {
      char* wkt = nullptr;
      srs->exportToWkt(&wkt);
      l.crs = wkt ? wkt : "";
      CPLFree(wkt);
    }
    l.crs_is_geographic = srs->IsGeographic();
  }
  const OGRFeatureDefn* defn = layer.GetLayerDefn();
  std::vector<std::string> raw_names;
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    raw_names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());

  // Read a sample of rows as raw text first: the encoding is decided on all of it.
  std::vector<std::vector<std::string>> raw_rows;
  std::vector<std::string> raw_texts = raw_names;
  layer.ResetReading();
  std::size_t row = 0;
  for (auto& f : layer) {
    // Polygon layers are read whole (their codes name the units points are tested against).
    if (row >= kSampleRows && l.geometry != "polygon") break;
    std::vector<std::string> values(raw_names.size());
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      if (f->IsFieldSetAndNotNull(i)) {
        values[static_cast<std::size_t>(i)] = f->GetFieldAsString(i);
        if (raw_text) raw_texts.push_back(values[static_cast<std::size_t>(i)]);
      }
    const OGRGeometry* g = f->GetGeometryRef();
    if (g && !g->IsEmpty()) {
      if (l.geometry == "point" ||
          (l.geometry.empty() && wkbFlatten(g->getGeometryType()) == wkbPoint)) {
        Vec2 p;
        std::string why;
        if (io::to_point(g, p, why)) {
          l.points.push_back(p);
          l.point_row.push_back(row);
        }
      } else if (l.geometry == "polygon" || l.geometry.empty()) {
        MultiPolygon mp;
        std::string why;
        if (io::to_multipolygon(g, mp, why)) {
          l.polygons.push_back(std::move(mp));
          l.polygon_row.push_back(row);
        }
      }
      if (l.geometry.empty()) l.geometry = geometry_kind(g->getGeometryType());
    }
    raw_rows.push_back(std::move(values));
    ++row;
  }
  if (raw_text) decide_encoding(raw_texts, cpg, l);
  // Decode names and values with the encoding decided (lenient: the loader reports the rest).
  auto decode = [&](const std::string& raw) {
    if (l.encoding.empty() || !io::has_non_ascii(raw)) return raw;
    return io::decode_strict(raw, l.encoding).value_or(raw);
  };
  for (const std::string& n : raw_names) l.columns.push_back(decode(n));
  for (auto& values : raw_rows) {
    for (auto& v : values) v = decode(v);
    l.rows.push_back(std::move(values));
  }
  // A table (CSV, spreadsheet, or any layer without geometry) may hold coordinate columns.
  if (l.points.empty() && l.polygons.empty() && l.geometry != "line") find_coordinate_columns(l);
  return l;
}

}  // namespace

int LayerSummary::column_index(const std::string& name) const {
  for (std::size_t i = 0; i < columns.size(); ++i)
    if (columns[i] == name) return static_cast<int>(i);
  return -1;
}

std::vector<std::string> LayerSummary::values(int column) const {
  std::vector<std::string> out;
  if (column < 0) return out;
  for (const auto& row : rows)
    if (!row[static_cast<std::size_t>(column)].empty())
      out.push_back(row[static_cast<std::size_t>(column)]);
  return out;
}

std::vector<std::string> data_sources(const std::vector<std::string>& given,
                                      std::vector<std::string>& skipped) {
  static const std::vector<std::string> kSideFiles = {
      ".shx",     ".prj",     ".cpg", ".sbn",      ".sbx",      ".qix",         ".qmd",
      ".shp.xml", ".aux.xml", ".qpj", ".gpkg-wal", ".gpkg-shm", ".gpkg-journal"};
  auto side_file = [&](const std::string& path) {
    const std::string l = io::ascii_lower(path);
    return std::any_of(kSideFiles.begin(), kSideFiles.end(),
                       [&](const std::string& e) { return ends_with_nocase(l, e); });
  };
  io::register_gdal();
  // Files (given, or found in a folder), in order, each once.
  std::vector<std::pair<std::string, bool>> files;  // path, found in a folder
  for (const std::string& g : given) {
    if (g.rfind("PG:", 0) != 0 && fs::is_directory(g)) {
      std::vector<std::string> inside;
      for (const auto& e : fs::directory_iterator(g))
        if (e.is_regular_file()) inside.push_back(e.path().string());
      std::sort(inside.begin(), inside.end());
      for (auto& f : inside) files.emplace_back(std::move(f), true);
    } else {
      files.emplace_back(g, false);
    }
  }
  std::set<std::string> shapefiles;  // stems of the .shp files
  for (const auto& [f, in_folder] : files)
    if (ends_with_nocase(f, ".shp"))
      shapefiles.insert(io::ascii_lower(fs::path(f).replace_extension().string()));
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& [f, in_folder] : files) {
    const bool of_shapefile =
        side_file(f) ||
        (ends_with_nocase(f, ".dbf") &&
         shapefiles.count(io::ascii_lower(fs::path(f).replace_extension().string())));
    if (of_shapefile || !seen.insert(f).second) continue;
    if (in_folder) {
      // Only what GDAL can open as vector data (a folder holds notes, PDFs, ...).
      CPLErrorReset();
      GDALDatasetUniquePtr probe(GDALDataset::Open(f.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
      if (!probe) {
        skipped.push_back(f + " (not vector data GDAL can read)");
        continue;
      }
    }
    out.push_back(f);
  }
  return out;
}

std::vector<LayerSummary> inspect_source(const std::string& source) {
  io::register_gdal();
  if (ends_with_nocase(source, ".osm.pbf") || ends_with_nocase(source, ".osm")) {
    if (!fs::exists(source))
      throw InputError(source, "", -1, "", "cannot open: the file does not exist");
    LayerSummary l;
    l.source = source;
    l.layer = fs::path(source).filename().string();
    l.driver = "OSM";
    l.geometry = "line";
    l.crs = "EPSG:4326";
    l.crs_is_geographic = true;
    return {l};
  }
  const bool is_pg = source.rfind("PG:", 0) == 0;
  if (!is_pg && !fs::exists(source))
    throw InputError(redact_connection(source), "", -1, "", "cannot open: the file does not exist");
  const bool is_shp = ends_with_nocase(source, ".shp") || ends_with_nocase(source, ".dbf");
  CPLStringList options;
  if (is_shp) options.SetNameValue("ENCODING", "");  // raw bytes: the encoding is decided here
  CPLErrorReset();
  GDALDatasetUniquePtr ds(GDALDataset::Open(source.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                            nullptr, options.List(), nullptr));
  if (!ds) {
    std::string why = CPLGetLastErrorMsg();
    throw InputError(redact_connection(source), "", -1, "",
                     "cannot open: " + (why.empty() ? "not a vector data source GDAL can read"
                                                    : redact_connection(why)));
  }
  const std::string driver = ds->GetDriverName();
  // Only Shapefiles and CSV carry bytes in an encoding of their own; the others are UTF-8.
  const bool raw_text = is_shp || driver == "CSV";
  std::optional<std::string> cpg;  // what a Shapefile's .cpg file says ("" when it has none)
  if (is_shp) {
    cpg.emplace();
    std::ifstream in(fs::path(source).replace_extension(".cpg"));
    std::getline(in, *cpg);
    while (!cpg->empty() && std::isspace(static_cast<unsigned char>(cpg->back()))) cpg->pop_back();
  }
  std::vector<LayerSummary> out;
  for (const std::string& name : layer_names(*ds)) {
    OGRLayer* layer = ds->GetLayerByName(name.c_str());
    if (!layer) continue;
    out.push_back(summarise(*layer, source, driver, raw_text, cpg));
  }
  return out;
}

}  // namespace sunplan
