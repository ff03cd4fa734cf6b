// Reading a GDAL vector file (GeoPackage, Shapefile, GeoJSON, ...) layer by layer as core
// types, for modules that must not see a GDAL header (scene reads result files with it).
//
//   io::VectorReader file(path);
//   if (!file) throw InputError(path, "", -1, "", file.error());
//   for (io::VectorLayer layer : file.layers())
//     layer.for_each_feature([&](const io::VectorFeature& f) {
//       if (f.has_geometry()) shapes.push_back(f.polygons());
//     });
//
// A VectorLayer and a VectorFeature are views: valid while their reader is, and (a feature)
// during its call.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"

class GDALDataset;
class OGRFeature;
class OGRLayer;

namespace sunplan::io {

// A layer's declared geometry type, or one geometry's, in the families sunplan draws;
// `unknown` is any other (a collection, or a layer that does not say).
enum class VectorGeometry { none, point, line, polygon, unknown };

struct VectorField {
  std::string name;
  bool numeric = false;  // integer, 64-bit integer or real
};

class VectorFeature {
 public:
  explicit VectorFeature(const OGRFeature& feature) : f_(&feature) {}
  std::int64_t fid() const;
  bool is_set(int field) const;  // set and not NULL
  double number(int field) const;
  std::string text(int field) const;
  bool has_geometry() const;  // a geometry that is not empty
  VectorGeometry geometry_type() const;
  // The geometry (has_geometry() must hold) as areas: forced to a multipolygon, empty when
  // it has no area.
  MultiPolygon polygons() const;
  // As lines: forced to a multilinestring; parts of fewer than two points are left out.
  std::vector<std::vector<Vec2>> lines() const;
  // As a point: the point, a multipoint's first, any other geometry's centroid; NaN when
  // there is none.
  Vec2 point() const;

 private:
  const OGRFeature* f_;
};

class VectorLayer {
 public:
  explicit VectorLayer(OGRLayer& layer) : l_(&layer) {}
  std::string name() const;
  VectorGeometry geometry_type() const;  // as the layer declares it
  // The CRS as srs_definition (gdal_common.hpp) gives it; none when the layer has none.
  std::optional<std::string> crs() const;
  std::vector<VectorField> fields() const;
  std::int64_t feature_count() const;  // counted by reading when the driver cannot tell
  // Every feature from the first, in the file's order.
  void for_each_feature(const std::function<void(const VectorFeature&)>& visit) const;
  // The type of the first non-empty geometry; none when no feature has one.
  VectorGeometry first_geometry_type() const;

 private:
  OGRLayer* l_;
};

class VectorReader {
 public:
  // Opens `path` read-only (GDAL registered first); test with operator bool.
  explicit VectorReader(const std::string& path);
  ~VectorReader();
  VectorReader(VectorReader&&) noexcept;
  VectorReader& operator=(VectorReader&&) noexcept;

  explicit operator bool() const { return ds_ != nullptr; }
  // GDAL's message when the file did not open (empty when GDAL gave none, e.g. no such file).
  const std::string& error() const { return error_; }
  std::vector<VectorLayer> layers() const;  // every layer, internal tables included
  std::optional<VectorLayer> layer(const std::string& name) const;
  // One ogr2ogr of the file into the new file `dest`: vector_translate (gdal_common.hpp).
  void translate(const std::string& dest, const std::vector<std::string>& args,
                 const std::string& what) const;

 private:
  struct Close {
    void operator()(GDALDataset* ds) const;
  };
  std::unique_ptr<GDALDataset, Close> ds_;
  std::string error_;
};

}  // namespace sunplan::io
