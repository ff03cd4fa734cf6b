#include "sunplan/io/locate.hpp"

#include <cpl_string.h>

#include <cmath>
#include <set>

#include "locate_rows.hpp"
#include "ogr_layer.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/gazetteer_file.hpp"
#include "sunplan/io/name_match.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/scenario.hpp"

namespace sunplan {

using gazetteer::MatchLevel;

void LocateSummary::count(const gazetteer::PlaceMatch& m, std::int64_t row) {
  used = true;
  ++rows;
  switch (m.level) {
    case MatchLevel::village:
      ++village;
      break;
    case MatchLevel::township:
      ++township;
      break;
    case MatchLevel::county:
      ++county;
      break;
    case MatchLevel::none:
      ++none;
      break;
  }
  via_newer_name += m.via_alias && m.level != MatchLevel::none;
  const bool placed = m.level == MatchLevel::village || m.level == MatchLevel::township;
  if (placed) return;
  if (m.ambiguous) {
    ++ambiguous;
    ++ambiguous_total;
    if (ambiguous_rows.size() < kListedRows) ambiguous_rows.push_back(row);
  } else {
    ++unmatched_total;
    if (unmatched_rows.size() < kListedRows) unmatched_rows.push_back(row);
  }
}

namespace {

std::string row_list(const std::vector<std::int64_t>& rows, std::int64_t total,
                     std::size_t listed) {
  std::string out;
  for (std::size_t k = 0; k < rows.size() && k < listed; ++k)
    out += (k ? ", " : "") + std::to_string(rows[k]);
  if (static_cast<std::size_t>(total) > std::min(listed, rows.size())) out += ", ...";
  return out;
}

}  // namespace

std::string LocateSummary::unplaced_rows_text(std::size_t listed) const {
  std::string out;
  if (unmatched_total)
    out += std::to_string(unmatched_total) + " not placed (rows " +
           row_list(unmatched_rows, unmatched_total, listed) + ")";
  if (ambiguous_total)
    out += std::string(out.empty() ? "" : "; ") + std::to_string(ambiguous_total) +
           " ambiguous (rows " + row_list(ambiguous_rows, ambiguous_total, listed) + ")";
  return out;
}

std::filesystem::path gazetteer_path(const Scenario& scenario) {
  const std::string named = scenario.settings.text("locate.gazetteer", "");
  if (!named.empty()) {
    std::filesystem::path p(named);
    if (p.is_relative()) p = scenario.folder / p;
    return p.lexically_normal();
  }
  auto p = default_gazetteer_path();
  if (p.empty())
    throw InputError(
        "no gazetteer found: the one shipped with sunplan (share/sunplan/gazetteer/"
        "cn-gazetteer.tsv.gz) is missing; name one with [locate] gazetteer or SUNPLAN_GAZETTEER");
  return p;
}

GazetteerSession::GazetteerSession(std::filesystem::path file) : m_file(std::move(file)) {}
GazetteerSession::~GazetteerSession() = default;

const gazetteer::AddressMatcher& GazetteerSession::matcher(Progress& progress) {
  if (!m_matcher) {
    progress.message("reading the gazetteer " + m_file.string());
    m_gazetteer = std::make_unique<gazetteer::Gazetteer>(read_gazetteer(m_file));
    report_or_cancel(progress, 0.5, "gazetteer");
    m_matcher = std::make_unique<gazetteer::AddressMatcher>(*m_gazetteer);
    report_or_cancel(progress, 1.0, "gazetteer");
  }
  return *m_matcher;
}

// ---- the verb ----

namespace {

std::string lower_extension(const std::string& path) {
  return io::ascii_lower(std::filesystem::path(path).extension().string());
}

const char* driver_for(const std::string& output) {
  const std::string ext = lower_extension(output);
  if (ext == ".csv") return "CSV";
  if (ext == ".gpkg") return "GPKG";
  if (ext == ".xlsx") return "XLSX";
  return nullptr;
}

// The columns appended to every row.
constexpr const char* kMatchColumns[] = {
    "county_code", "township_code", "village_code", "match_level", "score", "ambiguous",
    "candidates",  "note",          "point_source", "lon",         "lat"};

struct PointOf {
  gazetteer::PointSource source = gazetteer::PointSource::none;
  Vec2 lonlat{NAN, NAN};
};

// The point a matched row gets in OUT: its village's, else its township's (seat or mean of
// its village points); county rows and unmatched rows get none.
PointOf point_of(const gazetteer::PlaceMatch& m, const gazetteer::Gazetteer& g) {
  for (std::int32_t p : {m.village, m.township})
    if (p != kNone && g.point_source(p) != gazetteer::PointSource::none)
      return {g.point_source(p), g.lonlat(p)};
  return {};
}

LayerSpec locate_table_spec(const LocateTableOptions& o) {
  LayerSpec spec;
  spec.role = "table";
  spec.source = o.table;
  spec.layer = o.layer;
  spec.encoding = o.encoding;
  spec.address_field = o.address;
  spec.division_fields = o.divisions;
  return spec;
}

// OUT's one layer, named after the file: points in WGS84 for a GeoPackage, a table otherwise.
OGRLayer* create_located_layer(GDALDataset& out, const char* driver_name,
                               const std::filesystem::path& final_path, bool with_geometry,
                               const std::string& output) {
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  CPLStringList layer_options;
  if (std::string(driver_name) == "CSV") layer_options.SetNameValue("WRITE_BOM", "YES");  // Excel
  OGRLayer* layer =
      out.CreateLayer(final_path.stem().string().c_str(), with_geometry ? &wgs84 : nullptr,
                      with_geometry ? wkbPoint : wkbNone, layer_options.List());
  if (!layer) throw ResourceError("locate: cannot create a layer in " + output);
  return layer;
}

// An input column copied to OUT.
struct LocateCopiedColumn {
  int in_index;
  std::string name;
  bool text;
};

// Input columns, except the address; a name the match columns use gets an "input_" prefix.
// Then the match columns. Returns the copied columns, first in OUT.
std::vector<LocateCopiedColumn> add_located_columns(OGRLayer& layer, const OGRFeatureDefn& in_defn,
                                                    const LocateTableOptions& o) {
  const std::set<std::string> reserved(std::begin(kMatchColumns), std::end(kMatchColumns));
  std::vector<LocateCopiedColumn> copied;
  for (int i = 0; i < in_defn.GetFieldCount(); ++i) {
    const OGRFieldDefn* fd = in_defn.GetFieldDefn(i);
    const std::string name = fd->GetNameRef();
    if (name == o.address) continue;
    LocateCopiedColumn c{i, reserved.count(name) ? "input_" + name : name,
                         fd->GetType() == OFTString};
    OGRFieldDefn def(c.name.c_str(), fd->GetType());
    def.SetSubType(fd->GetSubType());
    if (layer.CreateField(&def) != OGRERR_NONE)
      throw ResourceError("locate: cannot add column '" + c.name + "' to " + o.output);
    copied.push_back(c);
  }
  for (const char* name : kMatchColumns) {
    const std::string n = name;
    const OGRFieldType type = n == "score" || n == "lon" || n == "lat" ? OFTReal
                              : n == "ambiguous"                       ? OFTInteger
                                                                       : OFTString;
    OGRFieldDefn def(name, type);
    if (layer.CreateField(&def) != OGRERR_NONE)
      throw ResourceError("locate: cannot add column '" + n + "' to " + o.output);
  }
  return copied;
}

void copy_located_input_fields(const io::OpenedLayer& in, OGRFeature& f,
                               const std::vector<LocateCopiedColumn>& copied, OGRFeature& of) {
  const OGRFeatureDefn* in_defn = in.layer->GetLayerDefn();
  for (std::size_t k = 0; k < copied.size(); ++k) {
    const int oi = static_cast<int>(k);
    if (!f.IsFieldSetAndNotNull(copied[k].in_index)) continue;
    if (copied[k].text) {
      bool bad = false;
      if (auto t =
              io::field_text(in, f, in_defn->GetFieldDefn(copied[k].in_index)->GetNameRef(), bad))
        of.SetField(oi, t->c_str());
    } else {
      of.SetField(oi, f.GetRawFieldRef(copied[k].in_index));
    }
  }
}

// The match columns of one row from field first_match on, and its point.
void set_located_match_fields(const gazetteer::PlaceMatch& m, const gazetteer::Gazetteer& g,
                              int first_match, bool with_geometry, OGRFeature& of) {
  auto code = [&](std::int32_t p) { return p == kNone ? std::string() : g.code(p); };
  std::string candidates;
  for (std::int32_t c : m.candidates) candidates += (candidates.empty() ? "" : ";") + g.code(c);
  const PointOf pt = point_of(m, g);
  int k = first_match;
  of.SetField(k++, code(m.county).c_str());
  of.SetField(k++, code(m.township).c_str());
  of.SetField(k++, code(m.village).c_str());
  of.SetField(k++, gazetteer::to_string(m.level));
  of.SetField(k++, std::round(static_cast<double>(m.score) * 100) / 100);
  of.SetField(k++, m.ambiguous ? 1 : 0);
  of.SetField(k++, candidates.c_str());
  of.SetField(k++, gazetteer::describe(m, g).c_str());
  of.SetField(k++, gazetteer::to_string(pt.source));
  if (std::isfinite(pt.lonlat.x)) {
    of.SetField(k, pt.lonlat.x);
    of.SetField(k + 1, pt.lonlat.y);
    if (with_geometry) {
      OGRPoint p(pt.lonlat.x, pt.lonlat.y);
      of.SetGeometry(&p);
    }
  }
}

// Writes OUT: the input columns and the match columns of every matched row, in input order.
// Returns the rows written.
std::int64_t write_located_rows(GDALDataset& out, const char* driver_name,
                                const std::filesystem::path& final_path, io::OpenedLayer& in,
                                const std::vector<gazetteer::PlaceMatch>& matches,
                                const gazetteer::Gazetteer& g, const LocateTableOptions& o) {
  const bool with_geometry = std::string(driver_name) == "GPKG";
  OGRLayer* layer = create_located_layer(out, driver_name, final_path, with_geometry, o.output);
  const std::vector<LocateCopiedColumn> copied =
      add_located_columns(*layer, *in.layer->GetLayerDefn(), o);
  const OGRFeatureDefn* out_defn = layer->GetLayerDefn();
  const int first_match = static_cast<int>(copied.size());

  // GeoPackage: one transaction for all rows (fast); CSV and XLSX have none.
  const bool transaction =
      out.TestCapability(ODsCTransactions) && out.StartTransaction() == OGRERR_NONE;
  in.layer->ResetReading();
  std::int64_t written = 0;
  std::size_t r = 0;
  for (auto& f : *in.layer) {
    if (r >= matches.size()) break;
    const gazetteer::PlaceMatch& m = matches[r++];
    OGRFeature of(const_cast<OGRFeatureDefn*>(out_defn));
    copy_located_input_fields(in, *f, copied, of);
    set_located_match_fields(m, g, first_match, with_geometry, of);
    if (layer->CreateFeature(&of) != OGRERR_NONE)
      throw ResourceError("locate: cannot write row " + std::to_string(r) + " to " + o.output +
                          ": " + CPLGetLastErrorMsg());
    ++written;
  }
  if (transaction && out.CommitTransaction() != OGRERR_NONE)
    throw ResourceError("locate: cannot finish " + o.output + ": " + CPLGetLastErrorMsg());
  return written;
}

}  // namespace

LocateTableResult locate_table(const LocateTableOptions& o, Progress& progress) {
  if (o.address.empty() && o.divisions.empty())
    throw UsageError(
        "locate: name the address column (--address) or division columns "
        "(--province, --city, --county, --township, --village)");
  const char* driver_name = driver_for(o.output);
  if (!driver_name)
    throw UsageError("locate: the output must end in .csv, .gpkg or .xlsx, got '" + o.output + "'");
  // The output rules of every verb (docs/reliability.md): never an input, an existing file
  // only with --force (a located table is not a result sunplan recognises as its own).
  OutputTransaction transaction_out;
  transaction_out.force = o.force;
  transaction_out.protect(o.table, "the table to locate");
  if (!o.gazetteer.empty()) transaction_out.protect(o.gazetteer, "the gazetteer");
  const std::filesystem::path final_path(o.output);
  transaction_out.check(final_path);

  const LayerSpec spec = locate_table_spec(o);
  io::OpenedLayer in = io::open_layer(spec);
  io::require_locate_columns(in, spec);

  const std::filesystem::path gaz =
      o.gazetteer.empty() ? default_gazetteer_path() : std::filesystem::path(o.gazetteer);
  if (gaz.empty())
    throw InputError("no gazetteer found: give --gazetteer or set SUNPLAN_GAZETTEER");
  GazetteerSession session(gaz);
  const gazetteer::AddressMatcher& matcher = session.matcher(progress);
  const auto matches = io::match_layer_rows(in, spec, matcher, progress);

  LocateTableResult result;
  result.summary.gazetteer = gaz.string();
  if (!in.table_note.empty()) result.notes.push_back(in.table_note);
  for (std::size_t r = 0; r < matches.size(); ++r)
    result.summary.count(matches[r], static_cast<std::int64_t>(r) + 1);

  // Written under a temporary name beside OUT and renamed at the end, so a failed run never
  // leaves half a file under the final name.
  const std::filesystem::path tmp = transaction_out.plan(final_path);
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(driver_name);
  GDALDatasetUniquePtr out(driver->Create(tmp.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  if (!out) throw ResourceError("locate: cannot create " + o.output + ": " + CPLGetLastErrorMsg());
  result.rows_written +=
      write_located_rows(*out, driver_name, final_path, in, matches, matcher.gazetteer(), o);
  out.reset();  // closing flushes the file
  std::error_code ec;
  if (!std::filesystem::is_regular_file(tmp, ec))
    throw ResourceError("locate: cannot finish " + o.output + ": " + CPLGetLastErrorMsg());
  transaction_out.commit();
  return result;
}

}  // namespace sunplan
