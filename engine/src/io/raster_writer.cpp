#include "sunplan/io/raster_writer.hpp"

#include <cpl_conv.h>
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <cmath>
#include <filesystem>
#include <mutex>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

void write_float_geotiff(OutputTransaction& out, const std::string& path, const RasterGrid& grid,
                         std::span<const float> values, const std::string& crs,
                         const std::string& band_description) {
  io::register_gdal();
  if (values.size() != static_cast<std::size_t>(grid.cols) * grid.rows || grid.cols == 0 ||
      grid.rows == 0)
    throw std::invalid_argument("write_float_geotiff: values do not match the grid");
  OGRSpatialReference srs;
  srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  if (srs.SetFromUserInput(crs.c_str()) != OGRERR_NONE)
    throw InputError("raster CRS '" + crs + "' is not understood by GDAL");
  char* wkt = nullptr;
  srs.exportToWkt(&wkt);
  const std::string wkt_text = wkt ? wkt : "";
  CPLFree(wkt);

  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName("GTiff");
  if (!driver) throw ResourceError("GDAL has no GTiff driver");
  const std::string temp = out.plan(path).string();
  const char* options[] = {"COMPRESS=DEFLATE", "PREDICTOR=3", "TILED=YES", nullptr};
  CPLErrorReset();
  GDALDatasetUniquePtr ds(driver->Create(temp.c_str(), static_cast<int>(grid.cols),
                                         static_cast<int>(grid.rows), 1, GDT_Float32,
                                         const_cast<char**>(options)));
  if (!ds) throw ResourceError("cannot write " + temp + ": " + CPLGetLastErrorMsg());
  double transform[6] = {grid.origin_x, grid.cell_m, 0.0, grid.origin_y, 0.0, -grid.cell_m};
  ds->SetGeoTransform(transform);
  ds->SetProjection(wkt_text.c_str());
  ds->SetMetadataItem("TIFFTAG_SOFTWARE",
                      (std::string(kSunplanTiffSoftware) + " " + kVersion).c_str());
  GDALRasterBand* band = ds->GetRasterBand(1);
  band->SetNoDataValue(kRasterNodata);
  if (!band_description.empty()) band->SetDescription(band_description.c_str());
  std::vector<float> row(grid.cols);
  for (std::uint32_t r = 0; r < grid.rows; ++r) {
    for (std::uint32_t c = 0; c < grid.cols; ++c) {
      const float v = values[static_cast<std::size_t>(r) * grid.cols + c];
      row[c] = std::isfinite(v) ? v : kRasterNodata;
    }
    if (band->RasterIO(GF_Write, 0, static_cast<int>(r), static_cast<int>(grid.cols), 1, row.data(),
                       static_cast<int>(grid.cols), 1, GDT_Float32, 0, 0) != CE_None)
      throw ResourceError("cannot write " + temp + ": " + CPLGetLastErrorMsg());
  }
  CPLErrorReset();
  ds.reset();  // flushes and closes
  if (CPLGetLastErrorType() >= CE_Failure)
    throw ResourceError("cannot write " + temp + ": " + CPLGetLastErrorMsg());
}

}  // namespace sunplan
