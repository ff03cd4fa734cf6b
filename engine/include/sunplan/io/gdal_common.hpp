// The GDAL steps every GDAL user of sunplan shares (io itself and scene, which reads and
// exports result layers), so each exists once.
//
//   sunplan::io::register_gdal();                                  // before any GDAL call
//   sunplan::io::QuietGdalErrors quiet;                            // GDAL prints nothing here
//   std::string crs = sunplan::io::srs_definition(*layer->GetSpatialRef());
//   sunplan::io::vector_translate(*src, temp, {"-f", "GPKG", "bases"}, "export layer 'bases'");
#pragma once

#include <string>
#include <vector>

class GDALDataset;
class OGRSpatialReference;

namespace sunplan::io {

// GDALAllRegister, once per process whoever calls first (thread-safe).
void register_gdal();

// While one lives, GDAL's messages on this thread are not printed (the caller reports the
// failure in its own words, e.g. with VectorReader::error()).
class QuietGdalErrors {
 public:
  QuietGdalErrors();
  ~QuietGdalErrors();
  QuietGdalErrors(const QuietGdalErrors&) = delete;
  QuietGdalErrors& operator=(const QuietGdalErrors&) = delete;
};

// A CRS as text PROJ reads back: "EPSG:<code>" for an EPSG CRS, otherwise its full WKT2
// (other authorities included, so nothing depends on PROJ knowing their codes).
std::string srs_definition(const OGRSpatialReference& srs);

// One ogr2ogr (GDALVectorTranslate) of `source` into the new file `dest`, with ogr2ogr's
// command-line arguments; the written file is closed and checked. Throws ResourceError
// "cannot <what>: <GDAL's message>" (or "cannot finish <dest>" when closing fails).
void vector_translate(GDALDataset& source, const std::string& dest,
                      const std::vector<std::string>& args, const std::string& what);

}  // namespace sunplan::io
