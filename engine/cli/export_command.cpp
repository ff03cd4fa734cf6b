// `sunplan export RESULT.gpkg --format F -o OUT`: other GIS formats and the distance GeoTIFF.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/export.hpp"

namespace sunplan::cli {

int run_export(const ExportCommandOptions& options, const CommonOptions& common) {
  ExportOptions o;
  o.input = options.input;
  o.output = options.output;
  if (!parse_export_format(options.format, o.format))
    throw UsageError("unknown format '" + options.format +
                     "' (shp, geojson, fgb, kml, csv, gtiff)");
  o.layers = options.layers;
  o.crs = options.crs;
  o.cell_size_m = options.cell_size_m;
  o.force = common.force;
  TerminalProgress progress(common.json ? ProgressStyle::quiet : common.progress);
  const ExportReport r = export_result(o, progress);
  if (common.json) {
    fmt::print("{}\n", nlohmann::json{{"files", r.files}, {"features", r.features}}.dump(2));
  } else {
    for (const auto& f : r.files) fmt::print("wrote {}\n", f);
  }
  return 0;
}

}  // namespace sunplan::cli
