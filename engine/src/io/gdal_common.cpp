#include "sunplan/io/gdal_common.hpp"

#include <gdal_priv.h>
#include <gdal_utils.h>
#include <ogr_spatialref.h>

#include <mutex>

#include "sunplan/core/error.hpp"

namespace sunplan::io {

void register_gdal() {
  static std::once_flag once;
  std::call_once(once, [] { GDALAllRegister(); });
}

QuietGdalErrors::QuietGdalErrors() {
  CPLPushErrorHandler(CPLQuietErrorHandler);
}

QuietGdalErrors::~QuietGdalErrors() {
  CPLPopErrorHandler();
}

std::string srs_definition(const OGRSpatialReference& srs) {
  const char* auth = srs.GetAuthorityName(nullptr);
  const char* code = srs.GetAuthorityCode(nullptr);
  if (auth && code && std::string(auth) == "EPSG") return std::string("EPSG:") + code;
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&wkt, options);
  std::string out = wkt ? wkt : "";
  CPLFree(wkt);
  return out;
}

void vector_translate(GDALDataset& source, const std::string& dest,
                      const std::vector<std::string>& args, const std::string& what) {
  CPLStringList list;
  for (const std::string& a : args) list.AddString(a.c_str());
  GDALVectorTranslateOptions* opts = GDALVectorTranslateOptionsNew(list.List(), nullptr);
  if (!opts) throw ResourceError("cannot " + what + ": " + CPLGetLastErrorMsg());
  GDALDatasetH handle = GDALDataset::ToHandle(&source);
  int usage_error = 0;
  GDALDatasetH written = GDALVectorTranslate(dest.c_str(), nullptr, 1, &handle, opts, &usage_error);
  GDALVectorTranslateOptionsFree(opts);
  if (!written) throw ResourceError("cannot " + what + ": " + CPLGetLastErrorMsg());
  CPLErrorReset();
  GDALClose(written);
  if (CPLGetLastErrorType() == CE_Failure)
    throw ResourceError("cannot finish " + dest + ": " + CPLGetLastErrorMsg());
}

}  // namespace sunplan::io
