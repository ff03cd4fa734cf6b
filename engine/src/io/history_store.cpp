#include "sunplan/io/history_store.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>

#include "sunplan/core/error.hpp"
#include "sunplan/io/gdal_common.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan::io {

namespace {

// What marks the file as ours, so that a result or an input given by mistake is refused.
constexpr const char* kMeta = "history_meta";
constexpr const char* kRuns = "history_runs";
constexpr const char* kUnits = "history_units";
constexpr const char* kFormat = "sunplan-history";
constexpr const char* kVersion = "1";

// The unit figures, in the order of the columns (NULL where the run withheld one).
constexpr const char* kFigureNames[] = {
    "youth",      "in_reach",         "served",           "paired", "pairing_rate",
    "reach_rate", "urban_reach_rate", "rural_reach_rate", "bases"};

double* figure(monitor::UnitFigures& u, int k) {
  double* f[] = {&u.youth,        &u.in_reach,   &u.served,           &u.paired,
                 &u.pairing_rate, &u.reach_rate, &u.urban_reach_rate, &u.rural_reach_rate,
                 &u.bases};
  return f[k];
}

std::string day_text(std::int32_t days) {
  if (days == kNoDate) return "";
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

InputError foreign(const std::filesystem::path& file, const std::string& why) {
  return InputError(redact_connection(file.string()), "", -1, "",
                    "is not a sunplan history of runs (" + why +
                        "); give a new file name or one an earlier `run --history` wrote");
}

bool is_postgis(const std::filesystem::path& where) {
  return where.string().rfind("PG:", 0) == 0;
}

// A PostGIS database: opened (update) as it is; nullptr when it holds no history table yet.
GDALDatasetUniquePtr open_database(const std::filesystem::path& where, bool& is_new) {
  register_gdal();
  const char* drivers[] = {"PostgreSQL", nullptr};
  GDALDatasetUniquePtr ds(
      GDALDataset::Open(where.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE, drivers));
  if (!ds)
    throw ResourceError("cannot open the history database " + redact_connection(where.string()) +
                        ": " + CPLGetLastErrorMsg());
  // Quietly: GetLayerByName of a missing table is not an error here.
  CPLPushErrorHandler(CPLQuietErrorHandler);
  is_new = !ds->GetLayerByName(kMeta) && !ds->GetLayerByName(kRuns) && !ds->GetLayerByName(kUnits);
  CPLPopErrorHandler();
  return ds;
}

// Opens an existing history, checking the mark before anything else is read.
GDALDatasetUniquePtr open_history(const std::filesystem::path& file, bool update) {
  register_gdal();
  GDALDatasetUniquePtr ds;
  if (is_postgis(file)) {
    bool is_new = false;
    ds = open_database(file, is_new);
  } else {
    const char* drivers[] = {"GPKG", nullptr};
    ds.reset(GDALDataset::Open(
        file.c_str(), GDAL_OF_VECTOR | (update ? GDAL_OF_UPDATE : GDAL_OF_READONLY), drivers));
  }
  if (!ds) throw foreign(file, "not a GeoPackage");
  CPLPushErrorHandler(CPLQuietErrorHandler);
  OGRLayer* meta = ds->GetLayerByName(kMeta);
  CPLPopErrorHandler();
  if (!meta || !ds->GetLayerByName(kRuns) || !ds->GetLayerByName(kUnits))
    throw foreign(file, std::string("no ") + kMeta + " table");
  std::string format, version;
  for (auto& f : *meta) {
    const std::string key = f->GetFieldAsString("key");
    if (key == "format") format = f->GetFieldAsString("value");
    if (key == "version") version = f->GetFieldAsString("value");
  }
  if (format != kFormat) throw foreign(file, "its format is '" + format + "'");
  if (version != kVersion)
    throw InputError(
        file.string(), kMeta, -1, "version",
        "history version " + version + " is not one this sunplan reads (" + kVersion + ")");
  return ds;
}

void add_field(OGRLayer* l, const char* name, OGRFieldType type) {
  OGRFieldDefn def(name, type);
  if (l->CreateField(&def) != OGRERR_NONE)
    throw ResourceError(std::string("cannot add column ") + name + ": " + CPLGetLastErrorMsg());
}

void create_tables(GDALDataset& ds) {
  OGRLayer* meta = ds.CreateLayer(kMeta, nullptr, wkbNone);
  OGRLayer* runs = ds.CreateLayer(kRuns, nullptr, wkbNone);
  OGRLayer* units = ds.CreateLayer(kUnits, nullptr, wkbNone);
  if (!meta || !runs || !units)
    throw ResourceError(std::string("cannot create the history tables: ") + CPLGetLastErrorMsg());
  add_field(meta, "key", OFTString);
  add_field(meta, "value", OFTString);
  for (const char* n : {"run_date", "recorded_at", "scenario_sha256", "inputs_sha256",
                        "sunplan_version", "privacy_mode"})
    add_field(runs, n, OFTString);
  add_field(runs, "run_id", OFTInteger64);
  add_field(runs, "run_day", OFTInteger);
  add_field(units, "run_id", OFTInteger64);
  for (const char* n : {"level", "code", "name"}) add_field(units, n, OFTString);
  for (const char* n : kFigureNames) add_field(units, n, OFTReal);
  for (auto [k, v] : {std::pair{"format", kFormat}, std::pair{"version", kVersion}}) {
    OGRFeature f(meta->GetLayerDefn());
    f.SetField("key", k);
    f.SetField("value", v);
    if (meta->CreateFeature(&f) != OGRERR_NONE)
      throw ResourceError(std::string("cannot write the history mark: ") + CPLGetLastErrorMsg());
  }
}

std::int64_t last_run_id(GDALDataset& ds) {
  std::int64_t last = 0;
  OGRLayer* runs = ds.GetLayerByName(kRuns);
  runs->ResetReading();
  for (auto& f : *runs) last = std::max<std::int64_t>(last, f->GetFieldAsInteger64("run_id"));
  return last;
}

void write_run(GDALDataset& ds, const monitor::HistoryRun& run, std::int64_t id) {
  OGRLayer* runs = ds.GetLayerByName(kRuns);
  OGRLayer* units = ds.GetLayerByName(kUnits);
  OGRFeature r(runs->GetLayerDefn());
  r.SetField("run_id", static_cast<GIntBig>(id));
  r.SetField("run_day", run.run_day);
  r.SetField("run_date", day_text(run.run_day).c_str());
  r.SetField("recorded_at", run.recorded_at.c_str());
  r.SetField("scenario_sha256", run.scenario_sha256.c_str());
  r.SetField("inputs_sha256", run.inputs_sha256.c_str());
  r.SetField("sunplan_version", run.sunplan_version.c_str());
  r.SetField("privacy_mode", run.privacy_mode.c_str());
  if (runs->CreateFeature(&r) != OGRERR_NONE)
    throw ResourceError(std::string("cannot write the run record: ") + CPLGetLastErrorMsg());
  for (monitor::UnitFigures u : run.units) {
    OGRFeature f(units->GetLayerDefn());
    f.SetField("run_id", static_cast<GIntBig>(id));
    f.SetField("level", u.level.c_str());
    f.SetField("code", u.code.c_str());
    f.SetField("name", u.name.c_str());
    for (int k = 0; k < static_cast<int>(std::size(kFigureNames)); ++k) {
      const double v = *figure(u, k);
      if (std::isfinite(v))
        f.SetField(kFigureNames[k], v);
      else
        f.SetFieldNull(f.GetFieldIndex(kFigureNames[k]));
    }
    if (units->CreateFeature(&f) != OGRERR_NONE)
      throw ResourceError(std::string("cannot write a unit's figures: ") + CPLGetLastErrorMsg());
  }
}

}  // namespace

std::vector<monitor::HistoryRun> read_history(const std::filesystem::path& file) {
  std::error_code ec;
  if (is_postgis(file)) {
    bool is_new = false;
    open_database(file, is_new);
    if (is_new) return {};
  } else if (!std::filesystem::exists(file, ec)) {
    return {};
  }
  GDALDatasetUniquePtr ds = open_history(file, false);
  std::vector<monitor::HistoryRun> out;
  std::map<std::int64_t, std::size_t> at;
  OGRLayer* runs = ds->GetLayerByName(kRuns);
  for (auto& f : *runs) {
    monitor::HistoryRun r;
    r.run_id = f->GetFieldAsInteger64("run_id");
    r.run_day = f->IsFieldSetAndNotNull(f->GetFieldIndex("run_day"))
                    ? f->GetFieldAsInteger("run_day")
                    : kNoDate;
    r.recorded_at = f->GetFieldAsString("recorded_at");
    r.scenario_sha256 = f->GetFieldAsString("scenario_sha256");
    r.inputs_sha256 = f->GetFieldAsString("inputs_sha256");
    r.sunplan_version = f->GetFieldAsString("sunplan_version");
    r.privacy_mode = f->GetFieldAsString("privacy_mode");
    at[r.run_id] = out.size();
    out.push_back(std::move(r));
  }
  OGRLayer* units = ds->GetLayerByName(kUnits);
  std::int64_t row = 0;
  for (auto& f : *units) {
    ++row;
    const auto it = at.find(f->GetFieldAsInteger64("run_id"));
    if (it == at.end())
      throw InputError(file.string(), kUnits, row, "run_id",
                       "names no run in " + std::string(kRuns));
    monitor::UnitFigures u;
    u.level = f->GetFieldAsString("level");
    u.code = f->GetFieldAsString("code");
    u.name = f->GetFieldAsString("name");
    for (int k = 0; k < static_cast<int>(std::size(kFigureNames)); ++k) {
      const int i = f->GetFieldIndex(kFigureNames[k]);
      *figure(u, k) = (i >= 0 && f->IsFieldSetAndNotNull(i))
                          ? f->GetFieldAsDouble(i)
                          : std::numeric_limits<double>::quiet_NaN();
    }
    out[it->second].units.push_back(std::move(u));
  }
  return out;
}

std::int64_t append_history(const std::filesystem::path& file, const monitor::HistoryRun& run) {
  std::error_code ec;
  if (is_postgis(file)) {
    bool is_new = false;
    GDALDatasetUniquePtr ds = open_database(file, is_new);
    if (is_new) {
      // PostgreSQL's DDL is transactional: the tables and the first run appear together.
      if (ds->StartTransaction() != OGRERR_NONE)
        throw ResourceError("cannot start a transaction on the history database: " +
                            std::string(CPLGetLastErrorMsg()));
      try {
        create_tables(*ds);
        write_run(*ds, run, 1);
        if (ds->CommitTransaction() != OGRERR_NONE)
          throw ResourceError(std::string("cannot create the history: ") + CPLGetLastErrorMsg());
      } catch (...) {
        ds->RollbackTransaction();
        throw;
      }
      return 1;
    }
  } else if (!std::filesystem::exists(file, ec)) {
    // A new history is made whole under a temporary name, so no half-made file is left.
    register_gdal();
    const std::filesystem::path tmp =
        file.string() + ".tmp-" + std::to_string(static_cast<long>(::getpid()));
    GDALDriver* gpkg = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!gpkg) throw ResourceError("GDAL has no GeoPackage driver");
    try {
      GDALDatasetUniquePtr ds(gpkg->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
      if (!ds) throw ResourceError("cannot create " + file.string() + ": " + CPLGetLastErrorMsg());
      create_tables(*ds);
      write_run(*ds, run, 1);
      ds.reset();
      std::filesystem::rename(tmp, file);
    } catch (...) {
      std::filesystem::remove(tmp, ec);
      throw;
    }
    return 1;
  }
  GDALDatasetUniquePtr ds = open_history(file, true);
  // One transaction: a failure part way leaves no partial run behind.
  if (ds->StartTransaction(TRUE) != OGRERR_NONE)
    throw ResourceError("cannot start a transaction on " + redact_connection(file.string()) + ": " +
                        CPLGetLastErrorMsg());
  try {
    const std::int64_t id = last_run_id(*ds) + 1;
    write_run(*ds, run, id);
    if (ds->CommitTransaction() != OGRERR_NONE)
      throw ResourceError(std::string("cannot finish the append: ") + CPLGetLastErrorMsg());
    return id;
  } catch (const ResourceError& e) {
    ds->RollbackTransaction();
    throw ResourceError(redact_connection(file.string()) + ": " + e.what());
  } catch (...) {
    ds->RollbackTransaction();
    throw;
  }
}

}  // namespace sunplan::io
