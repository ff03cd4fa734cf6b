// A scenario written from WKT in a temp folder, for pipeline tests.
//
//   TempScenario t("straight_road");
//   t.layer("roads", wkbLineString, {{"highway", "residential"}}, {"LINESTRING(...)"});
//   Scenario sc = t.scenario("[catchment]\nmode = 'network'\n");
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "sunplan/io/scenario.hpp"

namespace sunplan::test {

struct Row {
  std::string wkt;
  std::map<std::string, std::string> fields;
};

inline std::string point_wkt(double x, double y) {
  std::ostringstream o;
  o.precision(12);
  o << "POINT(" << x << ' ' << y << ')';
  return o.str();
}

inline std::string box_wkt(double x0, double y0, double x1, double y1) {
  std::ostringstream o;
  o.precision(12);
  o << "POLYGON((" << x0 << ' ' << y0 << ',' << x1 << ' ' << y0 << ',' << x1 << ' ' << y1 << ','
    << x0 << ' ' << y1 << ',' << x0 << ' ' << y0 << "))";
  return o.str();
}

class TempScenario {
 public:
  explicit TempScenario(const std::string& name) {
    GDALAllRegister();
    dir = std::filesystem::temp_directory_path() /
          ("sunplan_pipeline_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    gpkg = (dir / "data.gpkg").string();
  }
  ~TempScenario() { std::filesystem::remove_all(dir); }

  // Adds a layer (text fields only) to data.gpkg in the given EPSG code.
  void layer(const std::string& name, OGRwkbGeometryType type, int epsg,
             const std::vector<std::string>& fields, const std::vector<Row>& rows) {
    GDALDatasetUniquePtr ds;
    if (std::filesystem::exists(gpkg))
      ds.reset(GDALDataset::Open(gpkg.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    else
      ds.reset(GetGDALDriverManager()->GetDriverByName("GPKG")->Create(gpkg.c_str(), 0, 0, 0,
                                                                       GDT_Unknown, nullptr));
    OGRSpatialReference srs;
    srs.importFromEPSG(epsg);
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    OGRLayer* l = ds->CreateLayer(name.c_str(), &srs, type, nullptr);
    for (const std::string& f : fields) {
      OGRFieldDefn d(f.c_str(), OFTString);
      l->CreateField(&d);
    }
    for (const Row& r : rows) {
      OGRFeature f(l->GetLayerDefn());
      for (const auto& [k, v] : r.fields) f.SetField(k.c_str(), v.c_str());
      OGRGeometry* g = nullptr;
      OGRGeometryFactory::createFromWkt(r.wkt.c_str(), nullptr, &g);
      f.SetGeometryDirectly(g);
      if (l->CreateFeature(&f) != OGRERR_NONE)
        throw std::runtime_error("cannot write test layer " + name);
    }
  }

  Scenario scenario(const std::string& toml) const {
    const auto file = dir / "scenario.toml";
    std::ofstream(file) << toml;
    return read_scenario(file);
  }

  std::filesystem::path dir;
  std::string gpkg;
};

}  // namespace sunplan::test
