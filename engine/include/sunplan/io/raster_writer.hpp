// A single-band float GeoTIFF from a north-up grid in the working CRS (e.g. travel minutes).
//
//   RasterGrid g{.origin_x = x0, .origin_y = y_top, .cell_m = 100, .cols = 400, .rows = 300};
//   OutputTransaction out;
//   write_float_geotiff(out, "out/run-travel-time.tif", g, minutes, "EPSG:32649");
//   out.commit();
//
// NaN cells are written as the nodata value (-9999), so GIS tools show them as empty. The
// file is one of the transaction's set (a temporary until out.commit()), and carries
// TIFFTAG_SOFTWARE = "sunplan <version>" so a later run recognises it as its own.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace sunplan {

class OutputTransaction;

struct RasterGrid {
  double origin_x = 0.0;  // left edge
  double origin_y = 0.0;  // top edge
  double cell_m = 100.0;
  std::uint32_t cols = 0;
  std::uint32_t rows = 0;
};

inline constexpr float kRasterNodata = -9999.0f;

// values: row-major from the top row, size cols * rows. Throws ResourceError when GDAL cannot
// write the file, InputError when the CRS is unknown.
void write_float_geotiff(OutputTransaction& out, const std::string& path, const RasterGrid& grid,
                         std::span<const float> values, const std::string& crs,
                         const std::string& band_description = {});

}  // namespace sunplan
