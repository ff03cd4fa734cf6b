// io::FeaturePrefetch (engine/src/io/feature_prefetch.hpp): a layer's features read on a
// thread of their own. Oracle: GDAL's own GetNextFeature order on the same layer.
#include "feature_prefetch.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <vector>

#include "sunplan/io/gdal_common.hpp"

namespace sunplan::io {
namespace {

// A GeoPackage in memory with `n` points, field "v" = 7 * i + 3 for the i-th.
GDALDatasetUniquePtr points(const char* name, int n) {
  register_gdal();
  auto* driver = GetGDALDriverManager()->GetDriverByName("GPKG");
  GDALDatasetUniquePtr ds(
      driver->Create((std::string("/vsimem/") + name).c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer = ds->CreateLayer("p", nullptr, wkbPoint, nullptr);
  OGRFieldDefn v("v", OFTInteger);
  EXPECT_EQ(layer->CreateField(&v), OGRERR_NONE);
  EXPECT_EQ(layer->StartTransaction(), OGRERR_NONE);
  for (int i = 0; i < n; ++i) {
    OGRFeature f(layer->GetLayerDefn());
    f.SetField("v", 7 * i + 3);
    OGRPoint p(i, -i);
    f.SetGeometry(&p);
    EXPECT_EQ(layer->CreateFeature(&f), OGRERR_NONE);
  }
  EXPECT_EQ(layer->CommitTransaction(), OGRERR_NONE);
  return ds;
}

std::vector<int> gdal_order(OGRLayer& layer) {
  std::vector<int> out;
  for (auto& f : layer) out.push_back(f->GetFieldAsInteger("v"));
  return out;
}

TEST(FeaturePrefetch, HandsOutEveryFeatureInGdalsOrder) {
  auto ds = points("prefetch_order.gpkg", 5000);
  OGRLayer& layer = *ds->GetLayer(0);
  const std::vector<int> expected = gdal_order(layer);
  ASSERT_EQ(expected.size(), 5000u);
  // Small batches and a short queue, so the reader waits for room many times.
  std::vector<int> got;
  {
    FeaturePrefetch features(layer, 7, 2);
    while (OGRFeature* f = features.next()) {
      got.push_back(f->GetFieldAsInteger("v"));
      ASSERT_NE(f->GetGeometryRef(), nullptr);
    }
    EXPECT_EQ(features.next(), nullptr);  // and stays at the end
  }
  EXPECT_EQ(got, expected);
  // The layer reads again from the start afterwards.
  EXPECT_EQ(gdal_order(layer), expected);
  ds.reset();
  GDALDeleteDataset(nullptr, "/vsimem/prefetch_order.gpkg");
}

TEST(FeaturePrefetch, StopsWhenLeftEarlyAndEndsAnEmptyLayer) {
  auto ds = points("prefetch_early.gpkg", 3000);
  {
    // Leaving after 10 features while the reader waits for room must not hang.
    FeaturePrefetch features(*ds->GetLayer(0), 16, 1);
    for (int i = 0; i < 10; ++i) {
      OGRFeature* f = features.next();
      ASSERT_NE(f, nullptr);
      EXPECT_EQ(f->GetFieldAsInteger("v"), 7 * i + 3);
    }
  }
  auto empty = points("prefetch_empty.gpkg", 0);
  {
    FeaturePrefetch none(*empty->GetLayer(0));
    EXPECT_EQ(none.next(), nullptr);
  }
  ds.reset();
  empty.reset();
  GDALDeleteDataset(nullptr, "/vsimem/prefetch_early.gpkg");
  GDALDeleteDataset(nullptr, "/vsimem/prefetch_empty.gpkg");
}

}  // namespace
}  // namespace sunplan::io
