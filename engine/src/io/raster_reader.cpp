#include "sunplan/io/raster_reader.hpp"

#include <gdal_priv.h>

#include <algorithm>

#include "sunplan/io/gdal_common.hpp"

namespace sunplan::io {

void RasterReader::Close::operator()(GDALDataset* ds) const {
  GDALClose(GDALDataset::ToHandle(ds));
}

RasterReader::RasterReader(const std::string& path, const char* driver) {
  register_gdal();
  const char* drivers[] = {driver, nullptr};
  ds_.reset(static_cast<GDALDataset*>(GDALOpenEx(path.c_str(), GDAL_OF_RASTER | GDAL_OF_READONLY,
                                                 driver ? drivers : nullptr, nullptr, nullptr)));
}

RasterReader::~RasterReader() = default;
RasterReader::RasterReader(RasterReader&&) noexcept = default;
RasterReader& RasterReader::operator=(RasterReader&&) noexcept = default;

int RasterReader::width() const {
  return ds_->GetRasterXSize();
}

int RasterReader::height() const {
  return ds_->GetRasterYSize();
}

std::optional<std::array<double, 6>> RasterReader::geo_transform() const {
  std::array<double, 6> gt{};
  if (ds_->GetGeoTransform(gt.data()) != CE_None) return std::nullopt;
  return gt;
}

int RasterReader::overview_count() const {
  return ds_->GetRasterCount() < 1 ? 0 : ds_->GetRasterBand(1)->GetOverviewCount();
}

std::optional<std::string> RasterReader::metadata(const std::string& key) const {
  const char* value = ds_->GetMetadataItem(key.c_str());
  if (!value) return std::nullopt;
  return std::string(value);
}

bool RasterReader::read_rgba(int x, int y, int w, int h, int buf_w, int buf_h,
                             std::vector<std::uint8_t>& out) const {
  GDALDataset& ds = *ds_;
  out.assign(static_cast<std::size_t>(buf_w) * buf_h * 4, 255);
  const int bands = ds.GetRasterCount();
  if (bands < 1) return false;
  std::vector<std::uint8_t> plane(static_cast<std::size_t>(buf_w) * buf_h);
  auto read_band = [&](int b) {
    return ds.GetRasterBand(b)->RasterIO(GF_Read, x, y, w, h, plane.data(), buf_w, buf_h, GDT_Byte,
                                         0, 0, nullptr) == CE_None;
  };
  auto put = [&](int channel) {
    for (std::size_t i = 0; i < plane.size(); ++i)
      out[i * 4 + static_cast<std::size_t>(channel)] = plane[i];
  };
  GDALColorTable* palette = ds.GetRasterBand(1)->GetColorTable();
  if (bands == 1 && palette) {
    if (!read_band(1)) return false;
    for (std::size_t i = 0; i < plane.size(); ++i) {
      const GDALColorEntry* e = palette->GetColorEntry(plane[i]);
      if (!e) continue;
      out[i * 4] = static_cast<std::uint8_t>(e->c1);
      out[i * 4 + 1] = static_cast<std::uint8_t>(e->c2);
      out[i * 4 + 2] = static_cast<std::uint8_t>(e->c3);
      out[i * 4 + 3] = static_cast<std::uint8_t>(e->c4);
    }
    return true;
  }
  if (bands <= 2) {
    if (!read_band(1)) return false;
    put(0), put(1), put(2);
    if (bands == 2) {
      if (!read_band(2)) return false;
      put(3);
    }
    return true;
  }
  for (int b = 1; b <= std::min(bands, 4); ++b) {
    if (!read_band(b)) return false;
    put(b - 1);
  }
  return true;
}

}  // namespace sunplan::io
