#include "sunplan/io/result_reader.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <optional>

#include "ogr_layer.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/gdal_common.hpp"

namespace sunplan {

struct ResultReader::Impl {
  GDALDatasetUniquePtr dataset;
};

namespace {

std::string layer_crs(OGRLayer* layer) {
  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (!srs) return "";
  const char* auth = srs->GetAuthorityName(nullptr);
  const char* code = srs->GetAuthorityCode(nullptr);
  if (auth && code) return std::string(auth) + ":" + code;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs->exportToWkt(&wkt, options);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

GeometryKind kind_of(OGRLayer* layer) {
  switch (wkbFlatten(layer->GetGeomType())) {
    case wkbPoint:
    case wkbMultiPoint:
      return GeometryKind::point;
    case wkbLineString:
    case wkbMultiLineString:
      return GeometryKind::line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
      return GeometryKind::polygon;
    default:
      return layer->GetLayerDefn()->GetGeomFieldCount() > 0 ? GeometryKind::polygon
                                                            : GeometryKind::none;
  }
}

void reproject(std::vector<Vec2>& pts, const geo::Transformer* tr) {
  if (!tr || pts.empty()) return;
  std::vector<double> x(pts.size()), y(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) x[i] = pts[i].x, y[i] = pts[i].y;
  tr->transform(x, y);
  for (std::size_t i = 0; i < pts.size(); ++i) pts[i] = {x[i], y[i]};
}

}  // namespace

ResultReader::ResultReader(const std::string& path)
    : m_path(path), m_impl(std::make_unique<Impl>()) {
  io::register_gdal();
  m_impl->dataset.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!m_impl->dataset) throw InputError(path + ": cannot open as a GIS file");
  if (OGRLayer* meta = m_impl->dataset->GetLayerByName("run_metadata")) {
    const int k = meta->GetLayerDefn()->GetFieldIndex("key");
    const int v = meta->GetLayerDefn()->GetFieldIndex("value");
    if (k >= 0 && v >= 0)
      for (auto& f : *meta) m_metadata.emplace_back(f->GetFieldAsString(k), f->GetFieldAsString(v));
  }
  if (m_metadata.empty() && !has_layer("townships"))
    throw InputError(path + ": not a sunplan result (no run_metadata and no townships layer)");
}

ResultReader::~ResultReader() = default;

bool ResultReader::has_layer(const std::string& name) const {
  return m_impl->dataset->GetLayerByName(name.c_str()) != nullptr;
}

std::vector<std::string> ResultReader::layer_names() const {
  std::vector<std::string> names;
  for (auto* layer : m_impl->dataset->GetLayers()) names.emplace_back(layer->GetName());
  return names;
}

std::string ResultReader::metadata(const std::string& key) const {
  for (const auto& [k, v] : m_metadata)
    if (k == key) return v;
  return "";
}

OutputLayer ResultReader::layer(const std::string& name, const std::string& target_crs) const {
  OGRLayer* layer = m_impl->dataset->GetLayerByName(name.c_str());
  if (!layer) throw InputError(m_path + ": no layer '" + name + "'");
  OutputLayer out(name, kind_of(layer));
  OGRFeatureDefn* defn = layer->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldType t = defn->GetFieldDefn(i)->GetType();
    out.fields.push_back({defn->GetFieldDefn(i)->GetNameRef(), t == OFTInteger || t == OFTInteger64
                                                                   ? FieldType::integer
                                                               : t == OFTReal ? FieldType::real
                                                                              : FieldType::text});
  }
  std::optional<geo::Transformer> tr;
  if (out.kind != GeometryKind::none && !target_crs.empty()) {
    const std::string crs = layer_crs(layer);
    if (crs.empty()) throw InputError(m_path + ": layer '" + name + "' has no CRS");
    if (crs != target_crs) tr.emplace(crs, target_crs);
  }
  layer->ResetReading();
  for (auto& f : *layer) {
    std::vector<FieldValue> row;
    for (int i = 0; i < defn->GetFieldCount(); ++i) {
      if (!f->IsFieldSetAndNotNull(i)) {
        row.emplace_back();
        continue;
      }
      switch (out.fields[static_cast<std::size_t>(i)].type) {
        case FieldType::integer:
          row.emplace_back(static_cast<std::int64_t>(f->GetFieldAsInteger64(i)));
          break;
        case FieldType::real:
          row.emplace_back(f->GetFieldAsDouble(i));
          break;
        default:
          row.emplace_back(std::string(f->GetFieldAsString(i)));
      }
    }
    const OGRGeometry* g = f->GetGeometryRef();
    std::string reason;
    switch (out.kind) {
      case GeometryKind::point: {
        Vec2 p{std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::quiet_NaN()};
        if (g && !g->IsEmpty()) {
          const OGRGeometry* first = g;
          if (wkbFlatten(g->getGeometryType()) == wkbMultiPoint)
            first = g->toMultiPoint()->getGeometryRef(0);
          if (!io::to_point(first, p, reason)) p = {std::nan(""), std::nan("")};
        }
        std::vector<Vec2> one{p};
        reproject(one, tr ? &*tr : nullptr);
        out.add_point(one[0], std::move(row));
        break;
      }
      case GeometryKind::line: {
        std::vector<Vec2> line;
        if (g && !g->IsEmpty()) {
          std::unique_ptr<OGRGeometry> holder;
          if (const OGRGeometry* lin = io::linearised(g, holder, reason)) {
            auto add = [&](const OGRLineString* ls) {
              for (const auto& pt : *ls) line.push_back({pt.getX(), pt.getY()});
            };
            if (wkbFlatten(lin->getGeometryType()) == wkbLineString)
              add(lin->toLineString());
            else if (wkbFlatten(lin->getGeometryType()) == wkbMultiLineString)
              for (const OGRLineString* ls : *lin->toMultiLineString()) add(ls);
          }
        }
        reproject(line, tr ? &*tr : nullptr);
        out.add_line(std::move(line), std::move(row));
        break;
      }
      case GeometryKind::polygon: {
        MultiPolygon mp;
        if (g && !g->IsEmpty()) io::to_multipolygon(g, mp, reason);
        for (Polygon& poly : mp)
          for (Ring& r : poly.rings) reproject(r, tr ? &*tr : nullptr);
        out.add_polygon(std::move(mp), std::move(row));
        break;
      }
      default:
        out.add_row(std::move(row));
    }
  }
  return out;
}

double field_number(const OutputLayer& layer, std::size_t row, int field) {
  if (field < 0) return std::numeric_limits<double>::quiet_NaN();
  const FieldValue& v = layer.rows[row][static_cast<std::size_t>(field)];
  if (const auto* i = std::get_if<std::int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return std::numeric_limits<double>::quiet_NaN();
}

std::string field_text(const OutputLayer& layer, std::size_t row, int field) {
  if (field < 0) return "";
  const FieldValue& v = layer.rows[row][static_cast<std::size_t>(field)];
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* i = std::get_if<std::int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return "";
}

}  // namespace sunplan
