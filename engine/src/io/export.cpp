#include "sunplan/io/export.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <boost/geometry.hpp>
#include <boost/geometry/index/rtree.hpp>
#include <cmath>
#include <filesystem>
#include <memory>

#include "sunplan/core/error.hpp"
#include "sunplan/geo/polygon_index.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

namespace fs = std::filesystem;

namespace {

struct FormatInfo {
  const char* driver;
  const char* extension;
  bool folder;  // one file per layer in a folder
};

FormatInfo info(ExportFormat f) {
  switch (f) {
    case ExportFormat::shapefile:
      return {"ESRI Shapefile", ".shp", true};
    case ExportFormat::geojson:
      return {"GeoJSON", ".geojson", true};
    case ExportFormat::flatgeobuf:
      return {"FlatGeobuf", ".fgb", true};
    case ExportFormat::kml:
      return {"KML", ".kml", false};
    case ExportFormat::csv:
      return {"CSV", ".csv", true};
    case ExportFormat::gtiff_distance:
      return {"GTiff", ".tif", false};
  }
  return {"", "", false};
}

std::string metadata_value(GDALDataset& ds, const std::string& key) {
  OGRLayer* meta = ds.GetLayerByName("run_metadata");
  if (!meta) return "";
  for (auto& f : *meta)
    if (key == f->GetFieldAsString("key")) return f->GetFieldAsString("value");
  return "";
}

namespace bg = boost::geometry;
namespace bgi = boost::geometry::index;
using ExportPoint = bg::model::point<double, 2, bg::cs::cartesian>;

// The existing and planned bases in the working CRS (candidates are not bases yet).
std::vector<ExportPoint> export_base_points(OGRLayer& bases, const geo::Transformer& to_work) {
  std::vector<ExportPoint> pts;
  for (auto& f : bases) {
    const std::string status = f->GetFieldAsString("status");
    if (status == "candidate" || !f->GetGeometryRef()) continue;
    const auto* p = f->GetGeometryRef()->toPoint();
    double x = p->getX(), y = p->getY();
    if (to_work.transform(x, y)) pts.emplace_back(x, y);
  }
  return pts;
}

MultiPolygon export_working_multipolygon(const OGRGeometry& g, const geo::Transformer& to_work) {
  MultiPolygon mp;
  OGRMultiPolygon* multi = OGRGeometryFactory::forceToMultiPolygon(g.clone())->toMultiPolygon();
  for (const OGRPolygon* poly : *multi) {
    Polygon out;
    for (const OGRLinearRing* ring : *poly) {
      std::vector<double> x, y;
      for (const OGRPoint& pt : *ring) {
        x.push_back(pt.getX());
        y.push_back(pt.getY());
      }
      to_work.transform(x, y);
      Ring r;
      for (std::size_t i = 0; i < x.size(); ++i) r.push_back({x[i], y[i]});
      out.rings.push_back(std::move(r));
    }
    mp.push_back(std::move(out));
  }
  delete multi;
  return mp;
}

// The townships in the working CRS, and their extent.
std::vector<MultiPolygon> export_townships(OGRLayer& towns, const geo::Transformer& to_work,
                                           Box& extent) {
  std::vector<MultiPolygon> units;
  for (auto& f : towns) {
    OGRGeometry* g = f->GetGeometryRef();
    if (!g) continue;
    MultiPolygon mp = export_working_multipolygon(*g, to_work);
    extent.expand(bounds(mp));
    units.push_back(std::move(mp));
  }
  return units;
}

// The raster's cells over the extent: the given size, else a thousandth of its longer side.
struct DistanceGrid {
  Box extent;
  double cell = 0;
  int nx = 0, ny = 0;

  DistanceGrid(const Box& e, double cell_size_m) : extent(e) {
    cell = cell_size_m > 0
               ? cell_size_m
               : std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y) / 1000.0;
    nx = static_cast<int>(std::ceil((extent.max_x - extent.min_x) / cell));
    ny = static_cast<int>(std::ceil((extent.max_y - extent.min_y) / cell));
  }
};

// An empty one-band Float32 GeoTIFF of the grid in the working CRS.
GDALDatasetUniquePtr create_distance_tiff(const std::string& temp, const DistanceGrid& grid,
                                          const std::string& working, const float nodata) {
  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName("GTiff");
  CPLStringList co;
  co.SetNameValue("COMPRESS", "DEFLATE");
  co.SetNameValue("TILED", "YES");
  GDALDatasetUniquePtr out(drv->Create(temp.c_str(), grid.nx, grid.ny, 1, GDT_Float32, co.List()));
  if (!out) throw ResourceError("cannot create " + temp + ": " + CPLGetLastErrorMsg());
  double gt[6] = {grid.extent.min_x, grid.cell, 0, grid.extent.min_y + grid.ny * grid.cell, 0,
                  -grid.cell};
  out->SetGeoTransform(gt);
  OGRSpatialReference srs;
  srs.SetFromUserInput(working.c_str());
  out->SetSpatialRef(&srs);
  out->SetMetadataItem("TIFFTAG_SOFTWARE",
                       (std::string(kSunplanTiffSoftware) + " " + kVersion).c_str());
  GDALRasterBand* band = out->GetRasterBand(1);
  band->SetNoDataValue(nodata);
  band->SetDescription("distance to the nearest existing or planned base (m)");
  return out;
}

// Distance from every cell centre to the nearest existing/planned base, in metres of the
// run's working CRS; cells outside every township are nodata.
void write_distance_tiff(GDALDataset& src, const ExportOptions& o, const std::string& temp,
                         Progress& progress) {
  const std::string working = metadata_value(src, "working_crs");
  if (working.empty())
    throw InputError(o.input, "run_metadata", -1, "working_crs",
                     "not a sunplan result (no working CRS recorded)");
  OGRLayer* bases = src.GetLayerByName("bases");
  OGRLayer* towns = src.GetLayerByName("townships");
  if (!bases || !towns)
    throw InputError(o.input, "", -1, "", "the result has no bases or townships layer");
  char* wkt_in = nullptr;
  towns->GetSpatialRef()->exportToWkt(&wkt_in);
  const std::string result_crs = wkt_in;
  CPLFree(wkt_in);
  const geo::Transformer to_work(result_crs, working);

  const std::vector<ExportPoint> pts = export_base_points(*bases, to_work);
  const bgi::rtree<ExportPoint, bgi::rstar<16>> index(pts);
  Box extent;
  const std::vector<MultiPolygon> units = export_townships(*towns, to_work, extent);
  if (extent.empty())
    throw InputError(o.input, "townships", -1, "", "no township geometry to rasterise");
  const geo::PolygonIndex inside(units);
  const DistanceGrid grid(extent, o.cell_size_m);
  const int nx = grid.nx, ny = grid.ny;
  if (static_cast<double>(nx) * ny > 4e8)
    throw UsageError("GeoTIFF of " + std::to_string(nx) + " x " + std::to_string(ny) +
                     " cells is too large; raise --cell-size");

  const float nodata = -1.0f;
  GDALDatasetUniquePtr out = create_distance_tiff(temp, grid, working, nodata);
  GDALRasterBand* band = out->GetRasterBand(1);
  const double top = grid.extent.min_y + ny * grid.cell;
  std::vector<float> row(static_cast<std::size_t>(nx));
  PointSet centres;
  for (int j = 0; j < ny; ++j) {
    report_or_cancel(progress, static_cast<double>(j) / ny, "distance GeoTIFF");
    centres.x.clear();
    centres.y.clear();
    const double y = top - (j + 0.5) * grid.cell;
    for (int i = 0; i < nx; ++i) centres.push_back({extent.min_x + (i + 0.5) * grid.cell, y});
    for (int i = 0; i < nx; ++i) {
      const Vec2 c = centres[static_cast<std::size_t>(i)];
      float v = nodata;
      if (inside.locate(c) != kNone && !pts.empty()) {
        ExportPoint nearest;
        index.query(bgi::nearest(ExportPoint(c.x, c.y), 1), &nearest);
        v = static_cast<float>(std::hypot(nearest.get<0>() - c.x, nearest.get<1>() - c.y));
      }
      row[static_cast<std::size_t>(i)] = v;
    }
    if (band->RasterIO(GF_Write, 0, j, nx, 1, row.data(), nx, 1, GDT_Float32, 0, 0) != CE_None)
      throw ResourceError("cannot write " + temp + ": " + CPLGetLastErrorMsg());
  }
}

}  // namespace

bool parse_export_format(const std::string& t, ExportFormat& out) {
  if (t == "shp" || t == "shapefile")
    out = ExportFormat::shapefile;
  else if (t == "geojson" || t == "json")
    out = ExportFormat::geojson;
  else if (t == "fgb" || t == "flatgeobuf")
    out = ExportFormat::flatgeobuf;
  else if (t == "kml")
    out = ExportFormat::kml;
  else if (t == "csv")
    out = ExportFormat::csv;
  else if (t == "gtiff" || t == "tif" || t == "geotiff")
    out = ExportFormat::gtiff_distance;
  else
    return false;
  return true;
}

// Files a layer becomes in a folder format (the main file first).
std::vector<std::string> layer_files(const std::string& name, ExportFormat format, bool table) {
  if (format == ExportFormat::shapefile)
    return table ? std::vector<std::string>{name + ".dbf", name + ".cpg"}
                 : std::vector<std::string>{name + ".shp", name + ".shx", name + ".dbf",
                                            name + ".prj", name + ".cpg"};
  return {name + info(format).extension};
}

namespace {

// The layers asked for, else every layer but the styles; each must exist.
std::vector<std::string> export_layer_names(GDALDataset& src, const ExportOptions& o) {
  std::vector<std::string> layers = o.layers;
  if (layers.empty())
    for (OGRLayer* l : src.GetLayers())
      if (std::string(l->GetName()) != "layer_styles") layers.push_back(l->GetName());
  for (const std::string& name : layers)
    if (!src.GetLayerByName(name.c_str()))
      throw InputError(o.input, name, -1, "", "no such layer in the result");
  return layers;
}

// KML holds every layer in one file (as folders): one translation of all of them.
void export_to_one_file(GDALDataset& src, const ExportOptions& o,
                        const std::vector<std::string>& layers, OutputTransaction& out,
                        ExportReport& report) {
  const FormatInfo f = info(o.format);
  const fs::path final_path(o.output);
  const fs::path temp = out.plan(final_path);
  std::vector<std::string> args{"-f", f.driver,
                                // marks the file as sunplan's (is_sunplan_output)
                                "-dsco", std::string("DOCUMENT_ID=") + kSunplanGeneratorMark};
  for (const std::string& name : layers) {
    OGRLayer* layer = src.GetLayerByName(name.c_str());
    if (layer->GetGeomType() == wkbNone) continue;
    report.features += layer->GetFeatureCount();
    args.push_back(name);
  }
  io::vector_translate(src, temp.string(), args, std::string("export to ") + f.driver);
  out.commit();
  report.files.push_back(final_path.string());
}

// ogr2ogr's arguments for one layer of a folder format.
std::vector<std::string> export_layer_args(const ExportOptions& o, const std::string& name,
                                           bool has_geometry) {
  std::vector<std::string> args{"-f", info(o.format).driver, "-nln", name};
  if (o.format == ExportFormat::shapefile) {
    args.push_back("-lco");
    args.push_back("ENCODING=UTF-8");  // writes the .cpg so GIS reads Chinese names right
    args.push_back("-mapFieldType");
    args.push_back("Integer64=Integer");  // dBase has no 64-bit integers; counts fit in 32 bits
  } else if (o.format == ExportFormat::geojson) {
    args.push_back("-lco");
    args.push_back("RFC7946=YES");  // WGS84, right-hand rule, 7 decimals
  } else if (o.format == ExportFormat::csv && has_geometry) {
    args.push_back("-lco");
    args.push_back("GEOMETRY=AS_WKT");
  }
  if (!o.crs.empty() && o.format != ExportFormat::geojson && o.format != ExportFormat::kml &&
      has_geometry) {
    args.push_back("-t_srs");
    args.push_back(o.crs);
  }
  args.push_back(name);
  return args;
}

// A folder: files are added to it; an existing name is never replaced without --force.
void export_to_folder(GDALDataset& src, const ExportOptions& o,
                      const std::vector<std::string>& layers, OutputTransaction& out,
                      Progress& progress, ExportReport& report) {
  const FormatInfo f = info(o.format);
  const fs::path final_path(o.output);
  if (fs::exists(final_path) && !fs::is_directory(final_path))
    throw UsageError("output '" + final_path.string() + "' is a file; " + f.driver +
                     " export writes a folder of files, so name a folder");
  auto is_table = [&](const std::string& name) {
    return src.GetLayerByName(name.c_str())->GetGeomType() == wkbNone;
  };
  auto skipped = [&](const std::string& name) {
    // tables have no place in these formats; CSV and Shapefile (.dbf) keep them
    return is_table(name) &&
           (o.format == ExportFormat::geojson || o.format == ExportFormat::flatgeobuf);
  };
  for (const std::string& name : layers)
    if (!skipped(name))
      for (const std::string& file : layer_files(name, o.format, is_table(name)))
        out.check(final_path / file, Existing::refuse);
  const fs::path work = out.work_folder(final_path / "export");

  std::size_t k = 0;
  for (const std::string& name : layers) {
    report_or_cancel(progress, static_cast<double>(k++) / layers.size(), "export");
    OGRLayer* layer = src.GetLayerByName(name.c_str());
    report.features += layer->GetFeatureCount();
    if (skipped(name)) continue;
    const bool has_geometry = !is_table(name);
    // A Shapefile without geometry is a bare dBase table.
    const std::string ext =
        (o.format == ExportFormat::shapefile && !has_geometry) ? ".dbf" : f.extension;
    const std::string dest = (work / (name + ext)).string();
    io::vector_translate(src, dest, export_layer_args(o, name, has_geometry),
                         "export layer '" + name + "' to " + std::string(f.driver));
    for (const std::string& file : layer_files(name, o.format, !has_geometry))
      if (fs::exists(work / file)) out.adopt(work / file, final_path / file, Existing::refuse);
    report.files.push_back((final_path / (name + ext)).string());
  }
  out.commit();
}

}  // namespace

ExportReport export_result(const ExportOptions& o, Progress& progress) {
  io::register_gdal();
  // Format limits (10-character dBase names, 254-character text) are documented in
  // docs/outputs.md; GDAL's per-field warnings would only bury the result.
  const io::QuietGdalErrors quiet;
  OutputTransaction out;
  out.force = o.force;
  out.protect_result(o.input);  // the result and the files it was made from
  // Only sunplan's results leave through export: they passed the privacy rules when they
  // were written. A raw input (a youth registry with names, phones, ID numbers) does not.
  if (!is_sunplan_output(o.input))
    throw InputError(o.input, "", -1, "",
                     "not a sunplan result (no run_metadata written by sunplan); export "
                     "converts the GeoPackage of sunplan run, site, pair or check --problems, "
                     "never a raw input");
  GDALDatasetUniquePtr src(GDALDataset::Open(o.input.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!src)
    throw InputError(o.input, "", -1, "",
                     "cannot open the result: " + std::string(CPLGetLastErrorMsg()));
  ExportReport report;
  if (o.format == ExportFormat::gtiff_distance) {
    const fs::path final_path(o.output);
    const fs::path temp = out.plan(final_path);
    write_distance_tiff(*src, o, temp.string(), progress);
    out.commit();
    report.files.push_back(final_path.string());
    return report;
  }
  const std::vector<std::string> layers = export_layer_names(*src, o);
  if (!info(o.format).folder) {
    export_to_one_file(*src, o, layers, out, report);
    return report;
  }
  export_to_folder(*src, o, layers, out, progress, report);
  report_or_cancel(progress, 1.0, "export");
  return report;
}

}  // namespace sunplan
