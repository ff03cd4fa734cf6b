#include <algorithm>
#include <filesystem>
#include <optional>
#include <system_error>

#include "sunplan/core/error.hpp"
#include "sunplan/io/export.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/vector_reader.hpp"
#include "sunplan/scene/export.hpp"
#include "sunplan/scene/run_layers.hpp"
#include "sunplan/version.hpp"

namespace sunplan::scene {

namespace fs = std::filesystem;

namespace {

struct FormatRow {
  LayerFormat format;
  const char* label;
  const char* extension;
  const char* key;
  const char* long_key;
};

constexpr FormatRow kFormats[] = {
    {LayerFormat::geopackage, "GeoPackage", ".gpkg", "gpkg", "geopackage"},
    {LayerFormat::shapefile, "Shapefile", ".shp", "shp", "shapefile"},
    {LayerFormat::geojson, "GeoJSON", ".geojson", "geojson", "json"},
    {LayerFormat::flatgeobuf, "FlatGeobuf", ".fgb", "fgb", "flatgeobuf"},
    {LayerFormat::kml, "KML", ".kml", "kml", "kml"},
    {LayerFormat::csv, "CSV", ".csv", "csv", "csv"},
};

const FormatRow& row(LayerFormat f) {
  for (const FormatRow& r : kFormats)
    if (r.format == f) return r;
  return kFormats[0];
}

ExportFormat engine_format(LayerFormat f) {
  switch (f) {
    case LayerFormat::shapefile:
      return ExportFormat::shapefile;
    case LayerFormat::geojson:
      return ExportFormat::geojson;
    case LayerFormat::flatgeobuf:
      return ExportFormat::flatgeobuf;
    case LayerFormat::kml:
      return ExportFormat::kml;
    case LayerFormat::csv:
      return ExportFormat::csv;
    case LayerFormat::geopackage:
      break;
  }
  throw UsageError("export: GeoPackage is not a conversion format");
}

// The target with the format's extension when it has none.
fs::path target_path(const std::string& path, LayerFormat f) {
  if (path.empty()) throw UsageError("export: no output path given");
  fs::path p(path);
  if (!p.has_extension()) p += row(f).extension;
  return p;
}

// A sunplan marker table, so the file is recognised as sunplan's (is_sunplan_output).
OutputLayer marker() {
  OutputLayer meta("run_metadata", GeometryKind::none);
  meta.fields = {{"key", FieldType::text}, {"value", FieldType::text}};
  meta.add_row({std::string("software"), std::string("sunplan ") + kVersion});
  meta.add_row({std::string("kind"), std::string("one layer exported by sunplan-viewer")});
  return meta;
}

// Is `layer` in `source` a table without geometry? Throws UsageError when it is missing.
bool is_table(const std::string& source, const std::string& layer) {
  const io::VectorReader file(source);
  if (!file) throw InputError(source, "", -1, "", "cannot open: " + file.error());
  const std::optional<io::VectorLayer> l = file.layer(layer);
  if (!l) throw UsageError("export: " + source + " has no layer '" + layer + "'");
  return l->geometry_type() == io::VectorGeometry::none;
}

void refuse_table(const std::string& layer, LayerFormat f) {
  throw UsageError("export: layer '" + layer + "' is a table without geometry; " +
                   std::string(row(f).label) +
                   " needs geometry (choose GeoPackage, Shapefile (.dbf) or CSV)");
}

// One layer of a sunplan output copied into a new GeoPackage (with the marker table).
void copy_to_geopackage(OutputTransaction& out, const std::string& source, const std::string& layer,
                        const fs::path& target) {
  const io::QuietGdalErrors quiet;
  const io::VectorReader src(source);
  if (!src) throw InputError(source, "", -1, "", "cannot open: " + src.error());
  const fs::path temp = out.plan(target);
  std::vector<std::string> args{"-f", "GPKG", layer};
  if (layer != "run_metadata") args.push_back("run_metadata");
  src.translate(temp.string(), args, "export layer '" + layer + "' to GeoPackage");
}

// `sunplan export` of one layer of a sunplan output into a work folder, then its file(s)
// adopted by `out` under the target's name.
LayerExportReport convert(OutputTransaction& out, const std::string& source,
                          const std::string& layer, LayerFormat f, const fs::path& target,
                          Progress& progress) {
  LayerExportReport report;
  if (!is_sunplan_output(source))
    throw InputError(source, "", -1, "",
                     "not a sunplan result: only sunplan's outputs are exported, never a raw "
                     "input (it may hold personal fields)");
  if (f == LayerFormat::geopackage) {
    copy_to_geopackage(out, source, layer, target);
    report.files.push_back(target.string());
    return report;
  }
  const fs::path work = out.work_folder(target);
  ExportOptions o;
  o.input = source;
  o.format = engine_format(f);
  o.layers = {layer};
  const bool one_file = f == LayerFormat::kml;
  o.output = (work / (one_file ? "out.kml" : "out")).string();
  const ExportReport r = export_result(o, progress);
  report.features = r.features;
  if (one_file) {
    out.adopt(o.output, target, Existing::replace_sunplan_output);
    report.files.push_back(target.string());
    return report;
  }
  // export_result wrote <out>/<layer>.<ext> (a Shapefile also .shx .dbf .prj .cpg).
  const fs::path parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
  const std::string stem = target.stem().string();
  std::vector<fs::path> made;
  for (const auto& entry : fs::directory_iterator(o.output))
    if (entry.path().stem().string() == layer) made.push_back(entry.path());
  // The main file (the target's own extension) first, then its side files by name.
  std::sort(made.begin(), made.end(), [&](const fs::path& a, const fs::path& b) {
    const bool ma = a.extension() == target.extension(), mb = b.extension() == target.extension();
    return ma != mb ? ma : a < b;
  });
  if (made.empty()) throw ResourceError("export wrote no file for layer '" + layer + "'");
  for (const fs::path& p : made) {
    const fs::path to = parent / (stem + p.extension().string());
    out.adopt(p, to, Existing::replace_sunplan_output);
    report.files.push_back(to.string());
  }
  return report;
}

}  // namespace

std::vector<LayerFormat> layer_formats() {
  std::vector<LayerFormat> out;
  for (const FormatRow& r : kFormats) out.push_back(r.format);
  return out;
}

std::string_view format_label(LayerFormat f) {
  return row(f).label;
}
std::string_view format_extension(LayerFormat f) {
  return row(f).extension;
}

bool parse_layer_format(std::string_view text, LayerFormat& out) {
  for (const FormatRow& r : kFormats)
    if (text == r.key || text == r.long_key || text == r.label) {
      out = r.format;
      return true;
    }
  return false;
}

bool format_takes_tables(LayerFormat f) {
  return f == LayerFormat::geopackage || f == LayerFormat::shapefile || f == LayerFormat::csv;
}

LayerExportReport export_layer(const ScenarioRun& run, const std::string& layer, LayerFormat format,
                               const std::string& path, Progress& progress, bool replace_existing) {
  if (!run.layers) throw UsageError("export: this run holds no layers in memory");
  const RunLayers& rl = *run.layers;
  const OutputLayer* l = rl.find(layer);
  if (!l) throw UsageError("export: the run has no layer '" + layer + "'");
  if (l->kind == GeometryKind::none && !format_takes_tables(format)) refuse_table(layer, format);
  report_or_cancel(progress, 0.0, "export");
  const fs::path target = target_path(path, format);
  OutputTransaction out;
  out.force = replace_existing;
  if (!rl.scenario_file.empty()) out.protect(rl.scenario_file, "the scenario");
  for (const auto& [file, what] : rl.inputs) out.protect(file, what);
  LayerExportReport report;
  if (format == LayerFormat::geopackage) {
    ResultWriter writer(out, target.string(), rl.working_crs, rl.output_crs, "GPKG");
    writer.write(*l);
    writer.write(marker());
    writer.commit();
    report.files.push_back(target.string());
  } else {
    // The engine's writer makes the GeoPackage `sunplan run` would hold, and `sunplan
    // export`'s conversion turns it into the format: one code path for both sources.
    const fs::path gpkg = out.work_folder(target) / "run.gpkg";
    {
      ResultWriter writer(gpkg.string(), rl.working_crs, rl.output_crs, "GPKG");
      writer.write(*l);
      writer.write(marker());
      writer.commit();
    }
    report = convert(out, gpkg.string(), layer, format, target, progress);
  }
  out.commit();
  report.features = static_cast<std::int64_t>(l->size());
  report_or_cancel(progress, 1.0, "export");
  return report;
}

LayerExportReport export_layer(const std::string& source_path, const std::string& layer,
                               LayerFormat format, const std::string& path, Progress& progress,
                               bool replace_existing) {
  if (is_table(source_path, layer) && !format_takes_tables(format)) refuse_table(layer, format);
  report_or_cancel(progress, 0.0, "export");
  const fs::path target = target_path(path, format);
  OutputTransaction out;
  out.force = replace_existing;
  out.protect(source_path, "the file the viewer opened");
  LayerExportReport report = convert(out, source_path, layer, format, target, progress);
  out.commit();
  if (format == LayerFormat::geopackage) {
    const io::VectorReader written(target.string());
    if (written)
      if (const std::optional<io::VectorLayer> l = written.layer(layer))
        report.features = l->feature_count();
  }
  report_or_cancel(progress, 1.0, "export");
  return report;
}

}  // namespace sunplan::scene
