#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <mutex>

#include "gpkg_rows.hpp"
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
  // A GeoPackage point or line layer's rows go straight to SQLite (gpkg_rows.hpp), its index
  // is built as soon as the layer is complete, and its counts are set after GDAL closes.
  bool direct_rows = true;
  std::unique_ptr<io::GpkgRows> rows;
  std::vector<io::GpkgTableCounts> counts;

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

// Points [begin, end) of a point layer into x, y in the output CRS, in one PROJ call: point
// layers (the youth: millions of rows) are projected a block at a time, rather than one call
// and three small vectors per feature.
constexpr std::size_t kPointBlock = 65536;
void project_block(const geo::Transformer& to_output, const std::vector<Vec2>& points,
                   std::size_t begin, std::size_t end, std::vector<double>& x,
                   std::vector<double>& y) {
  x.resize(end - begin);
  y.resize(end - begin);
  for (std::size_t i = begin; i < end; ++i) {
    x[i - begin] = points[i].x;
    y[i - begin] = points[i].y;
  }
  to_output.transform(x, y);
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
  // Features (and the spatial index's nodes) are appended in key order, which needs few cached
  // pages: 16 MB writes as fast as 512 MB did (docs/performance.md), and the cache stays full
  // while the run goes on (the layers are written during the later stages).
  CPLSetThreadLocalConfigOption("OGR_SQLITE_CACHE", "16");
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
  m_impl->rows.reset();  // its statement on GDAL's connection, before GDAL closes it
  m_impl->ds.reset();    // the transaction removes the temporary
}

void ResultWriter::use_ogr_rows() {
  m_impl->direct_rows = false;
}

// The layer whose rows went straight to SQLite is complete: its triggers back, its index built
// (and its boxes freed), its counts kept for after GDAL has closed the file.
void ResultWriter::finish_layer() {
  Impl& m = *m_impl;
  if (!m.rows) return;
  m.counts.push_back(m.rows->finish());
  m.rows.reset();
}

// Creates the layer with its fields, in the driver's options, as the one rows go to; a
// GeoPackage layer's spatial index is left to commit() (gpkg_rtree.hpp): GDAL 3.6 would build
// it one feature at a time at close.
void ResultWriter::start_layer(const OutputLayer& layer) {
  Impl& m = *m_impl;
  finish_layer();
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
  // Point and line rows straight to SQLite (gpkg_rows.hpp), others through OGR with their
  // index bulk-built at commit.
  const bool direct = bulk_index && m.direct_rows &&
                      (layer.kind == GeometryKind::point || layer.kind == GeometryKind::line);
  m.current_index = nullptr;
  if (bulk_index && !direct) {
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
  if (!direct) return;
  // GDAL creates the table on its first feature or here; the rows then bypass OGR, and
  // GpkgRows keeps their boxes for the index it builds when the layer is complete.
  void* handle = m.ds->GetInternalHandle("SQLITE_HANDLE");
  if (out->SyncToDisk() != OGRERR_NONE || !handle)
    throw ResourceError("cannot create layer '" + layer.name + "': " + CPLGetLastErrorMsg());
  std::vector<std::string> columns;  // as GDAL created them
  const OGRFeatureDefn* defn = out->GetLayerDefn();
  for (int i = 0; i < defn->GetFieldCount(); ++i)
    columns.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
  if (columns.size() != layer.fields.size())
    throw ResourceError("cannot create the fields of layer '" + layer.name + "'");
  m.rows =
      std::make_unique<io::GpkgRows>(static_cast<sqlite3*>(handle), m.temp_path, out->GetName(),
                                     out->GetFIDColumn(), out->GetGeometryColumn(), columns);
}

// Rows of a point or line layer straight to SQLite, projected as write_rows projects them.
void ResultWriter::write_direct_rows(const OutputLayer& layer) {
  Impl& m = *m_impl;
  io::GpkgRows& rows = *m.rows;
  rows.begin();
  if (layer.kind == GeometryKind::point) {
    std::vector<double> x, y;
    for (std::size_t begin = 0; begin < layer.rows.size(); begin += kPointBlock) {
      const std::size_t end = std::min(layer.rows.size(), begin + kPointBlock);
      project_block(m.to_output, layer.points, begin, end, x, y);
      for (std::size_t i = begin; i < end; ++i)
        rows.insert_point({x[i - begin], y[i - begin]}, layer.rows[i]);
    }
  } else {
    for (std::size_t r = 0; r < layer.rows.size(); ++r) {
      std::vector<Vec2> line = layer.lines[r];
      project(m.to_output, line);
      rows.insert_line(line, layer.rows[r]);
    }
  }
  rows.commit();
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
  if (m.rows) {
    write_direct_rows(layer);
    return;
  }
  OGRLayer* out = m.current;
  io::RtreeTarget* index = m.current_index;
  const bool transaction = m.ds->StartTransaction() == OGRERR_NONE;
  std::vector<double> block_x, block_y;
  for (std::size_t r = 0; r < layer.rows.size(); ++r) {
    if (layer.kind == GeometryKind::point && r % kPointBlock == 0)
      project_block(m.to_output, layer.points, r, std::min(layer.points.size(), r + kPointBlock),
                    block_x, block_y);
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
  finish_layer();
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
  finish_layer();
  CPLErrorReset();
  m.ds->FlushCache(true);
  m.ds.reset();  // GDAL 3.6 has no Close(): closing happens here and reports through CPLError
  if (CPLGetLastErrorType() == CE_Failure)
    throw ResourceError("cannot finish " + m.temp_path.string() + ": " + CPLGetLastErrorMsg());
  io::write_gpkg_rtrees(m.temp_path, m.rtrees, m.counts);
  if (m.own) m.own->commit();
  m.committed = true;
}

}  // namespace sunplan
