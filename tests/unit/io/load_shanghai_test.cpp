// Real data (issue 2): Shanghai's derived township cells with the 7,513 hospital POIs as
// bases. Counts are checked against GDAL itself; district assignment against the POIs'
// own adname field.
#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <sstream>

#include "sunplan/io/load.hpp"
#include "sunplan/pipeline/load.hpp"
#include "test_data.hpp"

namespace sunplan {
namespace {

const char* kGpkg = "shanghai-demo/shanghai_demo_wgs84.gpkg";

Scenario shanghai_scenario() {
  const auto file = test::source_dir() / "tests/data/check/shanghai_hospitals.toml";
  std::ifstream in(file);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // The committed file points at ../shared beside the checkout; honour SUNPLAN_SHARED_DATA.
  const std::string rel = "../../../../shared/data";
  for (auto pos = text.find(rel); pos != std::string::npos; pos = text.find(rel))
    text.replace(pos, rel.size(), test::shared_data_root().string());
  return parse_scenario(text, file);
}

std::int64_t gdal_count(const std::string& layer) {
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(test::shared_data(kGpkg)->c_str(), GDAL_OF_VECTOR));
  return ds->GetLayerByName(layer.c_str())->GetFeatureCount(TRUE);
}

TEST(LoadShanghai, CountsMatchGdalAndHospitalsFallInTheirDistrict) {
  if (!test::shared_data(kGpkg)) GTEST_SKIP() << test::missing_message(kGpkg);
  const Scenario sc = shanghai_scenario();
  NullProgress progress;
  const LoadResult r = load_spread_dataset(sc, progress);
  const Dataset& d = r.dataset;

  std::map<std::string, const LayerReport*> by_role;
  for (const auto& l : r.layers) by_role[l.role] = &l;
  EXPECT_EQ(by_role.at("townships")->features_read, gdal_count("township_voronoi_DERIVED"));
  EXPECT_EQ(by_role.at("counties")->features_read, gdal_count("district"));
  EXPECT_EQ(by_role.at("bases")->features_read, gdal_count("poi_hospital"));
  EXPECT_EQ(static_cast<std::int64_t>(d.admin.townships.size()) + by_role.at("townships")->rejected,
            gdal_count("township_voronoi_DERIVED"));
  EXPECT_EQ(static_cast<std::int64_t>(d.bases.size()) + by_role.at("bases")->rejected,
            gdal_count("poi_hospital"));
  EXPECT_EQ(d.crs.definition, "EPSG:32651");  // Shanghai spans < 6 deg: UTM 51N

  // Each hospital's district (county-level ancestor of its township) against adname.
  GDALDatasetUniquePtr ds(GDALDataset::Open(test::shared_data(kGpkg)->c_str(), GDAL_OF_VECTOR));
  OGRLayer* pois = ds->GetLayerByName("poi_hospital");
  std::map<std::string, std::string> adname_by_fid;
  for (auto& f : *pois) adname_by_fid[std::to_string(f->GetFID())] = f->GetFieldAsString("adname");
  std::size_t agree = 0;
  for (std::size_t i = 0; i < d.bases.size(); ++i) {
    const auto county = d.admin.ancestor(d.bases.township[i], AdminLevel::county);
    if (county != kNone &&
        d.admin.units[static_cast<std::size_t>(county)].name == adname_by_fid.at(d.bases.id[i]))
      ++agree;
  }
  const double share = static_cast<double>(agree) / static_cast<double>(adname_by_fid.size());
  EXPECT_GE(share, 0.999) << agree << " of " << adname_by_fid.size();
}

TEST(LoadShanghai, UrbanShareRuleMatchesDirectSql) {
  if (!test::shared_data(kGpkg)) GTEST_SKIP() << test::missing_message(kGpkg);
  NullProgress progress;
  const LoadResult r = load_spread_dataset(shanghai_scenario(), progress);
  GDALAllRegister();
  GDALDatasetUniquePtr ds(GDALDataset::Open(test::shared_data(kGpkg)->c_str(), GDAL_OF_VECTOR));
  OGRLayer* sql =
      ds->ExecuteSQL("SELECT COUNT(*) AS n FROM township_voronoi_DERIVED WHERE urban_share >= 0.5",
                     nullptr, "SQLite");
  std::unique_ptr<OGRFeature> f(sql->GetNextFeature());
  const auto expected_urban = f->GetFieldAsInteger64(0);
  ds->ReleaseResultSet(sql);
  std::int64_t urban = 0;
  for (auto t : r.dataset.admin.townships)
    urban += r.dataset.admin.units[static_cast<std::size_t>(t)].urban_rural == UrbanRural::urban;
  EXPECT_EQ(urban, expected_urban);
}

}  // namespace
}  // namespace sunplan
