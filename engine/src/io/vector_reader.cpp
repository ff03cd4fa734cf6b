#include "sunplan/io/vector_reader.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <limits>

#include "sunplan/io/gdal_common.hpp"

namespace sunplan::io {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

VectorGeometry family(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
    case wkbPoint:
    case wkbMultiPoint:
      return VectorGeometry::point;
    case wkbLineString:
    case wkbMultiLineString:
    case wkbCircularString:
    case wkbCompoundCurve:
    case wkbMultiCurve:
      return VectorGeometry::line;
    case wkbPolygon:
    case wkbMultiPolygon:
    case wkbCurvePolygon:
    case wkbMultiSurface:
    case wkbTriangle:
    case wkbPolyhedralSurface:
    case wkbTIN:
      return VectorGeometry::polygon;
    case wkbNone:
      return VectorGeometry::none;
    default:
      return VectorGeometry::unknown;
  }
}

Ring to_ring(const OGRLinearRing* r) {
  Ring ring;
  ring.reserve(static_cast<std::size_t>(r->getNumPoints()));
  for (int i = 0; i < r->getNumPoints(); ++i) ring.push_back({r->getX(i), r->getY(i)});
  return ring;
}

Vec2 point_of(const OGRGeometry* g) {
  const auto type = wkbFlatten(g->getGeometryType());
  if (type == wkbPoint) {
    const OGRPoint* p = g->toPoint();
    return {p->getX(), p->getY()};
  }
  if (type == wkbMultiPoint) {
    const OGRMultiPoint* mp = g->toMultiPoint();
    if (mp->getNumGeometries() > 0) return point_of(mp->getGeometryRef(0));
  }
  OGRPoint centroid;  // any other geometry in a point layer: its centroid
  if (g->Centroid(&centroid) == OGRERR_NONE && !centroid.IsEmpty())
    return {centroid.getX(), centroid.getY()};
  return {kNaN, kNaN};
}

}  // namespace

// ---- a feature ----

std::int64_t VectorFeature::fid() const {
  return f_->GetFID();
}

bool VectorFeature::is_set(int field) const {
  return f_->IsFieldSetAndNotNull(field);
}

double VectorFeature::number(int field) const {
  return f_->GetFieldAsDouble(field);
}

std::string VectorFeature::text(int field) const {
  return f_->GetFieldAsString(field);
}

bool VectorFeature::has_geometry() const {
  const OGRGeometry* g = f_->GetGeometryRef();
  return g && !g->IsEmpty();
}

VectorGeometry VectorFeature::geometry_type() const {
  return family(f_->GetGeometryRef()->getGeometryType());
}

MultiPolygon VectorFeature::polygons() const {
  MultiPolygon out;
  std::unique_ptr<OGRGeometry> forced(
      OGRGeometryFactory::forceToMultiPolygon(f_->GetGeometryRef()->clone()));
  if (!forced || wkbFlatten(forced->getGeometryType()) != wkbMultiPolygon) return out;
  for (const OGRPolygon* p : *forced->toMultiPolygon()) {
    if (p->IsEmpty()) continue;
    Polygon poly;
    poly.rings.push_back(to_ring(p->getExteriorRing()));
    for (int i = 0; i < p->getNumInteriorRings(); ++i)
      poly.rings.push_back(to_ring(p->getInteriorRing(i)));
    out.push_back(std::move(poly));
  }
  return out;
}

std::vector<std::vector<Vec2>> VectorFeature::lines() const {
  std::vector<std::vector<Vec2>> out;
  std::unique_ptr<OGRGeometry> forced(
      OGRGeometryFactory::forceToMultiLineString(f_->GetGeometryRef()->clone()));
  if (!forced || wkbFlatten(forced->getGeometryType()) != wkbMultiLineString) return out;
  for (const OGRLineString* l : *forced->toMultiLineString()) {
    std::vector<Vec2> line;
    for (int i = 0; i < l->getNumPoints(); ++i) line.push_back({l->getX(i), l->getY(i)});
    if (line.size() >= 2) out.push_back(std::move(line));
  }
  return out;
}

Vec2 VectorFeature::point() const {
  return point_of(f_->GetGeometryRef());
}

// ---- a layer ----

std::string VectorLayer::name() const {
  return l_->GetName();
}

VectorGeometry VectorLayer::geometry_type() const {
  return family(l_->GetGeomType());
}

std::optional<std::string> VectorLayer::crs() const {
  const OGRSpatialReference* srs = l_->GetSpatialRef();
  if (!srs) return std::nullopt;
  return srs_definition(*srs);
}

std::vector<VectorField> VectorLayer::fields() const {
  std::vector<VectorField> out;
  OGRFeatureDefn* defn = l_->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i) {
    const OGRFieldDefn* fd = defn->GetFieldDefn(i);
    const OGRFieldType t = fd->GetType();
    out.push_back({fd->GetNameRef(), t == OFTInteger || t == OFTInteger64 || t == OFTReal});
  }
  return out;
}

std::int64_t VectorLayer::feature_count() const {
  return l_->GetFeatureCount(TRUE);
}

void VectorLayer::for_each_feature(const std::function<void(const VectorFeature&)>& visit) const {
  l_->ResetReading();
  for (auto& feature : *l_) visit(VectorFeature(*feature));
}

VectorGeometry VectorLayer::first_geometry_type() const {
  l_->ResetReading();
  VectorGeometry type = VectorGeometry::none;
  for (auto& feature : *l_) {
    const VectorFeature f(*feature);
    if (f.has_geometry()) {
      type = f.geometry_type();
      break;
    }
  }
  l_->ResetReading();
  return type;
}

// ---- the file ----

void VectorReader::Close::operator()(GDALDataset* ds) const {
  GDALClose(GDALDataset::ToHandle(ds));
}

VectorReader::VectorReader(const std::string& path) {
  register_gdal();
  ds_.reset(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr,
                              nullptr));
  if (!ds_) error_ = CPLGetLastErrorMsg();
}

VectorReader::~VectorReader() = default;
VectorReader::VectorReader(VectorReader&&) noexcept = default;
VectorReader& VectorReader::operator=(VectorReader&&) noexcept = default;

std::vector<VectorLayer> VectorReader::layers() const {
  std::vector<VectorLayer> out;
  for (OGRLayer* l : ds_->GetLayers()) out.emplace_back(*l);
  return out;
}

std::optional<VectorLayer> VectorReader::layer(const std::string& name) const {
  OGRLayer* l = ds_->GetLayerByName(name.c_str());
  if (!l) return std::nullopt;
  return VectorLayer(*l);
}

void VectorReader::translate(const std::string& dest, const std::vector<std::string>& args,
                             const std::string& what) const {
  vector_translate(*ds_, dest, args, what);
}

}  // namespace sunplan::io
