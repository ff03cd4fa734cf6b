// Reading a GDAL raster (a map tile, an MBTiles file) as RGBA bytes, for modules that must
// not see a GDAL header (scene draws basemaps with it).
//
//   io::RasterReader tiles(path, "MBTiles");  // only that driver may open it
//   std::vector<std::uint8_t> rgba;
//   if (tiles && tiles.read_rgba(0, 0, tiles.width(), tiles.height(), 256, 256, rgba)) ...
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

class GDALDataset;

namespace sunplan::io {

class RasterReader {
 public:
  // Opens `path` read-only (GDAL registered first); `driver` names the one GDAL driver that
  // may open it, nullptr any. Test with operator bool.
  explicit RasterReader(const std::string& path, const char* driver = nullptr);
  ~RasterReader();
  RasterReader(RasterReader&&) noexcept;
  RasterReader& operator=(RasterReader&&) noexcept;

  explicit operator bool() const { return ds_ != nullptr; }
  int width() const;
  int height() const;
  // GDAL's affine geotransform (origin x, pixel width, 0, origin y, 0, -pixel height);
  // nullopt when the raster has none.
  std::optional<std::array<double, 6>> geo_transform() const;
  int overview_count() const;  // of the first band; 0 when there is no band
  std::optional<std::string> metadata(const std::string& key) const;
  // The window (x, y, w, h) in pixels resampled to buf_w × buf_h as RGBA: gray, gray+alpha,
  // RGB, RGBA or a palette. False when there is no band or a read fails.
  bool read_rgba(int x, int y, int w, int h, int buf_w, int buf_h,
                 std::vector<std::uint8_t>& out) const;

 private:
  struct Close {
    void operator()(GDALDataset* ds) const;
  };
  std::unique_ptr<GDALDataset, Close> ds_;
};

}  // namespace sunplan::io
