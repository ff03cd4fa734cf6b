// A small result-shaped GeoPackage written with GDAL, for the scene and viewer tests.
//
//   auto path = sunplan::test::write_small_result(tmp_dir / "small.gpkg");
//
// Layers and fields follow docs/outputs.md. WGS84 lon/lat, hand-picked values:
//   townships  T1 310115001 浦东测试镇  square 121.00-121.10 E, 31.00-31.10 N, youth 10, served 0,
//                served_rate 0, gap_rank 1
//              T2 310115002 川沙街道    square 121.10-121.20 E, 31.00-31.10 N with a hole
//                121.13-121.17 E, 31.03-31.07 N, youth 5, served 5, served_rate 1, gap_rank NULL
//              T3 310116001 金山测试镇  square 121.20-121.30 E, 31.00-31.10 N, youth 0,
//                served_rate NULL
//   counties   310115 浦东新区 (T1 and T2's outline)
//   bases      B1 warm_home existing at 121.05 E 31.05 N; B2 rehab candidate at 121.15 E 31.09 N
//   assignments one line from 121.02 E 31.02 N to B1
//   gap_ranking rank 1 = T1; run_metadata scenario = small
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace sunplan::test {

struct SmallTownship {
  const char* code;
  const char* name;
  const char* wkt;
  int youth;
  int served;
  std::optional<double> served_rate;
  std::optional<int> gap_rank;
};

inline std::vector<SmallTownship> small_townships() {
  return {
      {"310115001", "浦东测试镇",
       "MULTIPOLYGON(((121.0 31.0,121.1 31.0,121.1 31.1,121.0 31.1,121.0 31.0)))", 10, 0, 0.0, 1},
      {"310115002", "川沙街道",
       "MULTIPOLYGON(((121.1 31.0,121.2 31.0,121.2 31.1,121.1 31.1,121.1 31.0),"
       "(121.13 31.03,121.13 31.07,121.17 31.07,121.17 31.03,121.13 31.03)))",
       5, 5, 1.0, std::nullopt},
      {"310116001", "金山测试镇",
       "MULTIPOLYGON(((121.2 31.0,121.3 31.0,121.3 31.1,121.2 31.1,121.2 31.0)))", 0, 0,
       std::nullopt, std::nullopt},
  };
}

namespace detail {
inline OGRLayer* make_layer(GDALDataset& ds, const char* name, OGRwkbGeometryType type,
                            const OGRSpatialReference* srs,
                            const std::vector<std::pair<const char*, OGRFieldType>>& fields) {
  OGRLayer* l = ds.CreateLayer(name, const_cast<OGRSpatialReference*>(srs), type, nullptr);
  if (!l) throw std::runtime_error(std::string("cannot create layer ") + name);
  for (auto [fname, ftype] : fields) {
    OGRFieldDefn fd(fname, ftype);
    l->CreateField(&fd);
  }
  return l;
}

inline void add(OGRLayer* l, const char* wkt,
                const std::vector<std::pair<const char*, std::string>>& text,
                const std::vector<std::pair<const char*, std::optional<double>>>& numbers) {
  OGRFeature f(l->GetLayerDefn());
  if (wkt) {
    OGRGeometry* g = nullptr;
    OGRGeometryFactory::createFromWkt(wkt, l->GetSpatialRef(), &g);
    f.SetGeometryDirectly(g);
  }
  for (auto& [k, v] : text) f.SetField(k, v.c_str());
  for (auto& [k, v] : numbers) {
    if (v) {
      f.SetField(k, *v);
    } else {
      f.SetFieldNull(f.GetFieldIndex(k));
    }
  }
  if (l->CreateFeature(&f) != OGRERR_NONE) throw std::runtime_error("cannot write feature");
}
}  // namespace detail

inline std::filesystem::path write_small_result(const std::filesystem::path& path) {
  GDALAllRegister();
  std::filesystem::remove(path);
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr ds(drv->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!ds) throw std::runtime_error("cannot create " + path.string());
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  using detail::add;
  using detail::make_layer;

  OGRLayer* t = make_layer(*ds, "townships", wkbMultiPolygon, &wgs84,
                           {{"code", OFTString},
                            {"name", OFTString},
                            {"county", OFTString},
                            {"youth", OFTInteger},
                            {"served", OFTInteger},
                            {"unserved", OFTInteger},
                            {"served_rate", OFTReal},
                            {"gap_rank", OFTInteger}});
  for (const SmallTownship& s : small_townships())
    add(t, s.wkt, {{"code", s.code}, {"name", s.name}, {"county", "浦东新区"}},
        {{"youth", s.youth},
         {"served", s.served},
         {"unserved", s.youth - s.served},
         {"served_rate", s.served_rate},
         {"gap_rank", s.gap_rank ? std::optional<double>(*s.gap_rank) : std::nullopt}});

  OGRLayer* c = make_layer(*ds, "counties", wkbMultiPolygon, &wgs84,
                           {{"code", OFTString}, {"name", OFTString}, {"youth", OFTInteger}});
  add(c, "MULTIPOLYGON(((121.0 31.0,121.2 31.0,121.2 31.1,121.0 31.1,121.0 31.0)))",
      {{"code", "310115"}, {"name", "浦东新区"}}, {{"youth", 15}});

  OGRLayer* b = make_layer(*ds, "bases", wkbPoint, &wgs84,
                           {{"id", OFTString},
                            {"name", OFTString},
                            {"type", OFTString},
                            {"status", OFTString},
                            {"capacity", OFTInteger}});
  add(b, "POINT(121.05 31.05)",
      {{"id", "B1"}, {"name", "温馨家园一"}, {"type", "warm_home"}, {"status", "existing"}},
      {{"capacity", 20}});
  add(b, "POINT(121.15 31.09)",
      {{"id", "B2"}, {"name", "康复中心二"}, {"type", "rehab"}, {"status", "candidate"}},
      {{"capacity", std::nullopt}});

  OGRLayer* a =
      make_layer(*ds, "assignments", wkbLineString, &wgs84,
                 {{"youth_id", OFTString}, {"base_id", OFTString}, {"distance_m", OFTReal}});
  add(a, "LINESTRING(121.02 31.02,121.05 31.05)", {{"youth_id", "Y1"}, {"base_id", "B1"}},
      {{"distance_m", 4400.0}});

  OGRLayer* g = make_layer(*ds, "gap_ranking", wkbNone, nullptr,
                           {{"rank", OFTInteger}, {"township", OFTString}, {"name", OFTString}});
  add(g, nullptr, {{"township", "310115001"}, {"name", "浦东测试镇"}}, {{"rank", 1}});

  OGRLayer* m =
      make_layer(*ds, "run_metadata", wkbNone, nullptr, {{"key", OFTString}, {"value", OFTString}});
  add(m, nullptr, {{"key", "scenario"}, {"value", "small"}}, {});
  ds.reset();
  return path;
}

}  // namespace sunplan::test
