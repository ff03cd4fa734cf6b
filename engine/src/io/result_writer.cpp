#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "gpkg_rtree.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan {

namespace fs = std::filesystem;

struct ResultWriter::Impl {
  fs::path final_path;
  fs::path temp_path;
  std::string driver;
  std::string output_crs;
  geo::Transformer to_output;
  OGRSpatialReference srs;
  GDALDatasetUniquePtr ds;
  bool committed = false;
  std::string schema, temp_schema;         // PostGIS only
  std::unique_ptr<OutputTransaction> own;  // when the caller gave no transaction
  // GeoPackage layers whose spatial index is bulk-built at commit (gpkg_rtree.hpp).
  std::vector<io::RtreeTarget> rtrees;
  // The layer last created, which append() adds rows to, and its index (or none).
  OGRLayer* current = nullptr;
  std::string current_name;
  io::RtreeTarget* current_index = nullptr;

  Impl(const std::string& path, const std::string& working, const std::string& out,
       const std::string& drv)
      : final_path(path), driver(drv), output_crs(out), to_output(working, out) {}
};

bool is_plain_identifier(const std::string& name) {
  if (name.empty() || name.size() > 48) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool ok = (c >= 'a' && c <= 'z') || c == '_' || (i > 0 && c >= '0' && c <= '9');
    if (!ok) return false;
  }
  return true;
}

namespace {

OGRFieldType ogr_type(FieldType t) {
  switch (t) {
    case FieldType::integer:
      return OFTInteger64;
    case FieldType::real:
      return OFTReal;
    case FieldType::text:
      return OFTString;
  }
  return OFTString;
}

OGRwkbGeometryType ogr_geometry(GeometryKind k) {
  switch (k) {
    case GeometryKind::none:
      return wkbNone;
    case GeometryKind::point:
      return wkbPoint;
    case GeometryKind::line:
      return wkbLineString;
    case GeometryKind::polygon:
      return wkbMultiPolygon;
  }
  return wkbUnknown;
}

bool is_folder_driver(const std::string& d) {
  return d == "ESRI Shapefile" || d == "CSV";
}

// Row `row`'s values into `feature` (NULL as NULL; values beyond the fields ignored).
void set_fields(OGRFeature& feature, const std::vector<FieldValue>& row, std::size_t fields) {
  for (std::size_t c = 0; c < row.size() && c < fields; ++c) {
    const int idx = static_cast<int>(c);
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>)
            feature.SetFieldNull(idx);
          else if constexpr (std::is_same_v<T, std::int64_t>)
            feature.SetField(idx, static_cast<GIntBig>(v));
          else if constexpr (std::is_same_v<T, double>)
            feature.SetField(idx, v);
          else
            feature.SetField(idx, v.c_str());
        },
        row[c]);
  }
}

void project(const geo::Transformer& to_output, std::vector<Vec2>& pts) {
  std::vector<double> x(pts.size()), y(pts.size());
  for (std::size_t i = 0; i < pts.size(); ++i) {
    x[i] = pts[i].x;
    y[i] = pts[i].y;
  }
  to_output.transform(x, y);
  for (std::size_t i = 0; i < pts.size(); ++i) pts[i] = {x[i], y[i]};
}

// Feature r's line or multipolygon, projected to the output CRS (owned by the caller).
OGRGeometry* line_or_polygon(const OutputLayer& layer, std::size_t r,
                             const geo::Transformer& to_output) {
  if (layer.kind == GeometryKind::line) {
    std::vector<Vec2> pts = layer.lines[r];
    project(to_output, pts);
    auto* ls = new OGRLineString();
    for (const Vec2& v : pts) ls->addPoint(v.x, v.y);
    return ls;
  }
  auto* mp = new OGRMultiPolygon();
  for (const Polygon& poly : layer.polygons[r]) {
    auto* p = new OGRPolygon();
    for (const Ring& ring : poly.rings) {
      std::vector<Vec2> pts = ring;
      project(to_output, pts);
      auto* lr = new OGRLinearRing();
      for (const Vec2& v : pts) lr->addPoint(v.x, v.y);
      p->addRingDirectly(lr);
    }
    mp->addGeometryDirectly(p);
  }
  return mp;
}

}  // namespace

ResultWriter::ResultWriter(const std::string& path, const std::string& working_crs,
                           const std::string& output_crs, const std::string& driver)
    : ResultWriter(nullptr, path, working_crs, output_crs, driver) {}

ResultWriter::ResultWriter(OutputTransaction& out, const std::string& path,
                           const std::string& working_crs, const std::string& output_crs,
                           const std::string& driver)
    : ResultWriter(&out, path, working_crs, output_crs, driver) {}

ResultWriter::ResultWriter(OutputTransaction* out, const std::string& path,
                           const std::string& working_crs, const std::string& output_crs,
                           const std::string& driver)
    : m_impl(std::make_unique<Impl>(path, working_crs, output_crs, driver)) {
  io::register_gdal();
  Impl& m = *m_impl;
  if (geo::is_gcj02_name(output_crs) || geo::is_bd09_name(output_crs)) {
    m.srs.SetFromUserInput("EPSG:4326");  // values are GCJ-02/BD-09; no EPSG code exists for them
  } else if (m.srs.SetFromUserInput(output_crs.c_str()) != OGRERR_NONE) {
    throw InputError("output CRS '" + output_crs + "' is not understood");
  }
  m.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);

  GDALDriver* drv = GetGDALDriverManager()->GetDriverByName(driver.c_str());
  if (!drv) throw Error(ExitCode::failure, "GDAL has no driver '" + driver + "'");
  if (!out) {
    m.own = std::make_unique<OutputTransaction>();
    out = m.own.get();
  }
  // The temporary keeps the extension: GDAL picks behaviour from it.
  m.temp_path = out->plan(m.final_path);
  std::error_code ec;
  if (is_folder_driver(driver)) fs::create_directories(m.temp_path, ec);
  CPLStringList opts;
  if (driver == "ESRI Shapefile") opts.SetNameValue("ENCODING", "UTF-8");
  // The file is private until it is renamed into place, so SQLite's journal and fsyncs buy
  // nothing but time (they were most of the write time at national scale, docs/performance.md).
  CPLSetThreadLocalConfigOption("OGR_SQLITE_JOURNAL", "OFF");
  CPLSetThreadLocalConfigOption("OGR_SQLITE_SYNCHRONOUS", "OFF");
  // Features are appended in fid order, which needs few cached pages: 64 MB writes as fast as
  // 512 MB did, and 450 MB less is held at the peak of a national run (docs/performance.md).
  CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", "64");
  m.ds.reset(drv->Create(m.temp_path.c_str(), 0, 0, 0, GDT_Unknown,
                         is_folder_driver(driver) ? nullptr : opts.List()));
  if (!m.ds)
    throw ResourceError("cannot create " + m.temp_path.string() + ": " + CPLGetLastErrorMsg());
}

ResultWriter::ResultWriter(ResultWriter&&) noexcept = default;
ResultWriter& ResultWriter::operator=(ResultWriter&&) noexcept = default;

ResultWriter::~ResultWriter() {
  if (!m_impl || m_impl->committed) return;
  if (!m_impl->temp_schema.empty() && m_impl->ds) {
    m_impl->ds->ExecuteSQL(
        ("DROP SCHEMA IF EXISTS \"" + m_impl->temp_schema + "\" CASCADE").c_str(), nullptr,
        nullptr);
    m_impl->ds.reset();
    return;
  }
  m_impl->ds.reset();  // the transaction removes the temporary
}

// Creates the layer with its fields, in the driver's options, as the one rows go to; a
// GeoPackage layer's spatial index is left to commit() (gpkg_rtree.hpp): GDAL 3.6 would build
// it one feature at a time at close.
void ResultWriter::start_layer(const OutputLayer& layer) {
  Impl& m = *m_impl;
  CPLStringList opts;
  if (m.driver == "ESRI Shapefile") opts.SetNameValue("ENCODING", "UTF-8");
  if (m.driver == "GeoJSON") opts.SetNameValue("RFC7946", "YES");
  if (m.driver == "CSV" && layer.kind != GeometryKind::none)
    opts.SetNameValue("GEOMETRY", "AS_WKT");
  if (!m.temp_schema.empty()) {
    opts.SetNameValue("SCHEMA", m.temp_schema.c_str());
    opts.SetNameValue("GEOMETRY_NAME", "geom");
    opts.SetNameValue("SPATIAL_INDEX", "GIST");
  }
  const bool bulk_index = m.driver == "GPKG" && layer.kind != GeometryKind::none;
  if (bulk_index) opts.SetNameValue("SPATIAL_INDEX", "NO");
  OGRLayer* out =
      m.ds->CreateLayer(layer.name.c_str(), layer.kind == GeometryKind::none ? nullptr : &m.srs,
                        ogr_geometry(layer.kind), opts.List());
  if (!out)
    throw ResourceError("cannot create layer '" + layer.name + "': " + CPLGetLastErrorMsg());
  m.current_index = nullptr;
  if (bulk_index) {
    m.rtrees.push_back({out->GetName(), out->GetGeometryColumn(), out->GetFIDColumn(), {}});
    m.current_index = &m.rtrees.back();
  }
  for (const OutputField& f : layer.fields) {
    OGRFieldDefn defn(f.name.c_str(), ogr_type(f.type));
    if (out->CreateField(&defn) != OGRERR_NONE)
      throw ResourceError("cannot create field '" + f.name + "' in layer '" + layer.name + "'");
  }
  m.current = out;
  m.current_name = layer.name;
}

void ResultWriter::write(const OutputLayer& layer) {
  start_layer(layer);
  write_rows(layer);
}

void ResultWriter::append(const OutputLayer& more) {
  Impl& m = *m_impl;
  if (!m.current || more.name != m.current_name)
    throw Error(ExitCode::failure, "internal: rows of layer '" + more.name +
                                       "' appended after layer '" + m.current_name + "'");
  write_rows(more);
}

void ResultWriter::write_rows(const OutputLayer& layer) {
  Impl& m = *m_impl;
  OGRLayer* out = m.current;
  io::RtreeTarget* index = m.current_index;
  const bool transaction = m.ds->StartTransaction() == OGRERR_NONE;
  // Point layers (the youth: millions of rows) are projected a block at a time in one PROJ
  // call each, rather than one call and three small vectors per feature.
  constexpr std::size_t kPointBlock = 65536;
  std::vector<double> block_x, block_y;
  for (std::size_t r = 0; r < layer.rows.size(); ++r) {
    if (layer.kind == GeometryKind::point && r % kPointBlock == 0) {
      const std::size_t end = std::min(layer.points.size(), r + kPointBlock);
      block_x.resize(end - r);
      block_y.resize(end - r);
      for (std::size_t i = r; i < end; ++i) {
        block_x[i - r] = layer.points[i].x;
        block_y[i - r] = layer.points[i].y;
      }
      m.to_output.transform(block_x, block_y);
    }
    OGRFeature feature(out->GetLayerDefn());
    set_fields(feature, layer.rows[r], layer.fields.size());
    if (layer.kind == GeometryKind::point)
      feature.SetGeometryDirectly(new OGRPoint(block_x[r % kPointBlock], block_y[r % kPointBlock]));
    else if (layer.kind != GeometryKind::none)
      feature.SetGeometryDirectly(line_or_polygon(layer, r, m.to_output));
    if (out->CreateFeature(&feature) != OGRERR_NONE)
      throw ResourceError("cannot write feature " + std::to_string(r + 1) + " of layer '" +
                          layer.name + "': " + CPLGetLastErrorMsg());
    if (const OGRGeometry* g = feature.GetGeometryRef(); index && g && !g->IsEmpty()) {
      OGREnvelope e;
      g->getEnvelope(&e);
      index->boxes.push_back(io::FeatureBox::of(feature.GetFID(), e.MinX, e.MaxX, e.MinY, e.MaxY));
    }
  }
  if (transaction && m.ds->CommitTransaction() != OGRERR_NONE)
    throw ResourceError("cannot commit layer '" + layer.name + "': " + CPLGetLastErrorMsg());
}

void ResultWriter::write_styles(const std::vector<LayerStyle>& styles) {
  Impl& m = *m_impl;
  if (m.driver != "GPKG" || styles.empty()) return;
  // The layer_styles table QGIS reads and writes (QgsOgrProviderUtils::saveStyle), created
  // through OGR so it is registered in gpkg_contents as an attribute table.
  OGRLayer* table = m.ds->GetLayerByName("layer_styles");
  if (!table) {
    char** opts = CSLSetNameValue(nullptr, "FID", "id");
    table = m.ds->CreateLayer("layer_styles", nullptr, wkbNone, opts);
    CSLDestroy(opts);
    if (!table) throw ResourceError("cannot create the layer_styles table");
    const std::pair<const char*, OGRFieldType> fields[] = {{"f_table_catalog", OFTString},
                                                           {"f_table_schema", OFTString},
                                                           {"f_table_name", OFTString},
                                                           {"f_geometry_column", OFTString},
                                                           {"styleName", OFTString},
                                                           {"styleQML", OFTString},
                                                           {"styleSLD", OFTString},
                                                           {"useAsDefault", OFTInteger},
                                                           {"description", OFTString},
                                                           {"owner", OFTString},
                                                           {"ui", OFTString},
                                                           {"update_time", OFTDateTime}};
    for (const auto& [name, type] : fields) {
      OGRFieldDefn defn(name, type);
      if (std::string(name) == "useAsDefault") defn.SetSubType(OFSTBoolean);
      table->CreateField(&defn);
    }
  }
  for (const LayerStyle& s : styles) {
    OGRFeature f(table->GetLayerDefn());
    f.SetField("f_table_catalog", "");
    f.SetField("f_table_schema", "");
    f.SetField("f_table_name", s.layer.c_str());
    f.SetField("f_geometry_column", "geom");
    f.SetField("styleName", s.name.c_str());
    f.SetField("styleQML", s.qml.c_str());
    f.SetField("styleSLD", s.sld.c_str());
    f.SetField("useAsDefault", 1);
    f.SetField("description", "sunplan default style");
    f.SetField("owner", "");
    f.SetField("ui", "");
    if (table->CreateFeature(&f) != OGRERR_NONE)
      throw ResourceError("cannot write the style of layer '" + s.layer + "'");
  }
}

ResultWriter ResultWriter::postgis(const std::string& connection, const std::string& schema,
                                   const std::string& working_crs, const std::string& output_crs) {
  if (!is_plain_identifier(schema))
    throw UsageError("schema name '" + schema +
                     "' is not a plain identifier ([a-z_][a-z0-9_]*, at most 48 characters)");
  io::register_gdal();
  ResultWriter w;
  w.m_impl = std::make_unique<Impl>(connection, working_crs, output_crs, "PostgreSQL");
  Impl& m = *w.m_impl;
  if (m.srs.SetFromUserInput(output_crs.c_str()) != OGRERR_NONE)
    throw InputError("output CRS '" + output_crs + "' is not understood");
  m.srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  m.ds.reset(GDALDataset::Open(connection.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, nullptr,
                               nullptr, nullptr));
  if (!m.ds)
    throw ResourceError("cannot connect to " + redact_connection(connection) + ": " +
                        redact_connection(CPLGetLastErrorMsg()));
  // The schema is replaced whole (DROP SCHEMA ... CASCADE): only an empty one or one sunplan
  // wrote (it holds run_metadata) may be, never a schema of someone's tables.
  auto count = [&](const std::string& where) -> long long {
    OGRLayer* l = m.ds->ExecuteSQL(
        ("SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = '" + schema +
         "'" + where)
            .c_str(),
        nullptr, nullptr);
    if (!l) return -1;
    long long n = -1;
    if (auto f = std::unique_ptr<OGRFeature>(l->GetNextFeature())) n = f->GetFieldAsInteger64(0);
    m.ds->ReleaseResultSet(l);
    return n;
  };
  const long long tables = count("");
  if (tables != 0 && count(" AND table_name = 'run_metadata'") != 1)
    throw UsageError(
        "schema '" + schema + "' " +
        (tables < 0 ? std::string("cannot be inspected")
                    : "holds " + std::to_string(tables) + " tables that sunplan did not write") +
        "; a sunplan result replaces its whole schema, so name a new one");
  m.schema = schema;
  m.temp_schema = schema + "__tmp_" + std::to_string(::getpid());
  m.ds->ExecuteSQL(("DROP SCHEMA IF EXISTS \"" + m.temp_schema + "\" CASCADE").c_str(), nullptr,
                   nullptr);
  CPLErrorReset();
  m.ds->ExecuteSQL(("CREATE SCHEMA \"" + m.temp_schema + "\"").c_str(), nullptr, nullptr);
  if (CPLGetLastErrorType() == CE_Failure)
    throw ResourceError("cannot create schema " + m.temp_schema + ": " + CPLGetLastErrorMsg());
  return w;
}

void ResultWriter::commit() {
  Impl& m = *m_impl;
  if (!m.temp_schema.empty()) {
    // One transaction: the old result disappears and the new one appears together.
    CPLErrorReset();
    m.ds->ExecuteSQL(("BEGIN; DROP SCHEMA IF EXISTS \"" + m.schema + "\" CASCADE; ALTER SCHEMA \"" +
                      m.temp_schema + "\" RENAME TO \"" + m.schema + "\"; COMMIT")
                         .c_str(),
                     nullptr, nullptr);
    if (CPLGetLastErrorType() == CE_Failure)
      throw ResourceError("cannot publish schema " + m.schema + ": " + CPLGetLastErrorMsg());
    m.ds.reset();
    m.committed = true;
    return;
  }
  CPLErrorReset();
  m.ds->FlushCache(true);
  m.ds.reset();  // GDAL 3.6 has no Close(): closing happens here and reports through CPLError
  if (CPLGetLastErrorType() == CE_Failure)
    throw ResourceError("cannot finish " + m.temp_path.string() + ": " + CPLGetLastErrorMsg());
  io::write_gpkg_rtrees(m.temp_path, m.rtrees);
  if (m.own) m.own->commit();
  m.committed = true;
}

}  // namespace sunplan
