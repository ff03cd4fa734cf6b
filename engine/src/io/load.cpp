#include "sunplan/io/load.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "datum_hint.hpp"
#include "feature_prefetch.hpp"
#include "id_index.hpp"
#include "locate_rows.hpp"
#include "located_points.hpp"
#include "ogr_layer.hpp"
#include "planner_checks.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/coordinate_checks.hpp"
#include "sunplan/geo/crs_distortion.hpp"
#include "sunplan/geo/geos_ops.hpp"
#include "sunplan/geo/polygon_index.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/geo/working_crs.hpp"
#include "sunplan/io/admin_hierarchy.hpp"
#include "sunplan/io/data_checks.hpp"
#include "sunplan/io/input_limits.hpp"
#include "sunplan/io/schema.hpp"

namespace sunplan {

namespace {

using io::OpenedLayer;

constexpr const char* kWgs84 = "EPSG:4326";

// ---- value parsing: strict, so "12abc" is an error rather than 12 ----

bool parse_int(const std::string& s, std::int64_t& out) {
  std::string t = s;
  // Integer-valued reals ("12.0") come from spreadsheets and real-typed fields.
  if (auto dot = t.find('.'); dot != std::string::npos) {
    if (t.find_first_not_of('0', dot + 1) != std::string::npos) return false;
    t.resize(dot);
  }
  const char* b = t.data();
  const char* e = b + t.size();
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && !t.empty();
}

bool parse_double(const std::string& s, double& out) {
  const char* b = s.data();
  const char* e = b + s.size();
  auto [p, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && p == e && !s.empty() && std::isfinite(out);
}

bool parse_flag(const std::string& s, bool& out) {
  if (s == "1" || s == "true" || s == "yes" || s == "是" || s == "有" || s == "TRUE")
    out = true;
  else if (s == "0" || s == "false" || s == "no" || s == "否" || s == "无" || s == "FALSE" ||
           s.empty())
    out = false;
  else
    return false;
  return true;
}

// "YYYY-MM-DD" or "YYYY/MM/DD" (GDAL's date text), optionally followed by a time.
bool parse_date(const std::string& s, std::int32_t& days) {
  int y = 0, m = 0, d = 0;
  char s1 = 0, s2 = 0;
  if (std::sscanf(s.c_str(), "%4d%c%2d%c%2d", &y, &s1, &m, &s2, &d) != 5) return false;
  if (s1 != s2 || (s1 != '-' && s1 != '/')) return false;
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return false;
  days = static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count());
  return true;
}

// ---- per-layer reading context ----

std::unique_ptr<geo::Transformer> lonlat_transformer(const OpenedLayer& o) {
  if (o.crs.empty() || o.crs == kWgs84) return nullptr;
  return std::make_unique<geo::Transformer>(o.crs, kWgs84);
}

// The layer's CRS must be one PROJ knows: checked when the layer is opened, so the message
// names the file, the layer and the `crs` key.
void require_known_crs(const OpenedLayer& o, const LayerSpec& spec) {
  try {
    lonlat_transformer(o);
  } catch (const InputError& e) {
    throw InputError(spec.display_source(), o.layer->GetName(), -1, spec.crs.empty() ? "" : "crs",
                     "coordinate system '" + o.crs + "' is not usable: " + e.what());
  }
}

// The fields a role must have (schema table): they default to a column of their own name.
// Optional fields are read only when the scenario maps them.
std::set<std::string> required_fields(const std::string& role) {
  std::set<std::string> out;
  for (const schema::Key& k : schema::keys()) {
    const std::string prefix = "layers." + role + ".fields.";
    const auto* found = schema::find(prefix + std::string(k.path.substr(k.path.rfind('.') + 1)));
    if (found == &k && k.required) out.insert(std::string(k.path.substr(k.path.rfind('.') + 1)));
  }
  return out;
}

// Columns named like an optional sunplan field that the scenario does not map: not read, said.
void note_unmapped_columns(const LayerSpec& spec, const OpenedLayer& opened,
                           const std::set<std::string>& required, LayerReport& report) {
  const std::string prefix = "layers." + spec.role + ".fields.";
  for (const schema::Key& k : schema::keys()) {
    const std::string field(k.path.substr(k.path.rfind('.') + 1));
    if (schema::find(prefix + field) != &k || required.count(field) || spec.maps(field)) continue;
    if (!io::has_field(opened, field)) continue;
    report.notes.push_back("column '" + field + "' is not read: map it under [layers." + spec.role +
                           ".fields] (" + field + " = \"" + field + "\") to use it");
  }
}

struct Reader {
  const LayerSpec& spec;
  OpenedLayer opened;
  io::LayerProblems problems;
  LayerReport& report = problems.report;
  const std::string& layer_name = report.layer;
  std::set<std::string> required;

  Reader(const LayerSpec& s, ProblemLog& log)
      : spec(s),
        opened(io::open_layer(s)),
        problems(s, opened, log),
        required(required_fields(s.role)) {
    require_known_crs(opened, spec);
    note_unmapped_columns(spec, opened, required, report);
  }

  void add(Severity s, std::int64_t row, const std::string& field, const std::string& reason,
           const std::string& id, std::optional<Vec2> lonlat = std::nullopt) {
    problems.add(s, row, field, reason, id, lonlat);
  }

  // Text of a field: a required one from its mapped column or the column of its own name, an
  // optional one only when the scenario maps it. Text that does not decode (repaired) or looks
  // garbled (warning) is reported with the encoding it is likely in.
  std::optional<std::string> text(const OGRFeature& f, const std::string& key, std::int64_t row,
                                  const std::string& id) {
    if (!spec.maps(key) && !required.count(key)) return std::nullopt;
    io::TextVerdict verdict;
    auto v = io::field_text(opened, f, spec.field(key), verdict);
    if (verdict.kind != io::TextVerdict::Kind::ok)
      add(verdict.kind == io::TextVerdict::Kind::undecodable ? Severity::repaired
                                                             : Severity::warning,
          row, spec.field(key), verdict.message(), id);
    if (v && v->empty()) return std::nullopt;
    if (v && !required.count(key)) ++optional_field(key).values;
    return v;
  }

  // An optional value that could not be read and is taken as missing (the row is kept).
  void unreadable(std::int64_t row, const std::string& key, const std::string& reason,
                  const std::string& id) {
    ++optional_field(key).unreadable;
    add(Severity::warning, row, spec.field(key), reason, id);
  }

  LayerReport::FieldValues& optional_field(const std::string& key) {
    for (auto& f : report.optional_fields)
      if (f.field == key) return f;
    return report.optional_fields.emplace_back(LayerReport::FieldValues{key, spec.field(key)});
  }
};

// Points in lon/lat with their source rows, before projection.
struct RawPoints {
  std::vector<Vec2> lonlat;
  std::vector<std::int64_t> row;
};

// Reads geometry as a point in lon/lat, checks it, reports; false when the row is rejected.
bool read_point(Reader& r, const geo::Transformer* to_lonlat, const OGRFeature& f, std::int64_t row,
                const std::string& id, const geo::CoordCheckOptions& checks, Vec2& lonlat) {
  std::string reason;
  const OGRGeometry* g = f.GetGeometryRef();
  if (!g && !r.spec.x_field.empty()) {
    // A table GDAL makes no points from (a spreadsheet, a database table): the point is read
    // from its coordinate columns here.
    bool bad = false;
    const std::optional<std::string> x = io::field_text(r.opened, f, r.spec.x_field, bad);
    const std::optional<std::string> y = io::field_text(r.opened, f, r.spec.y_field, bad);
    // The column at fault is the problem's field; the cells are described, not quoted.
    // GDAL's CSV reader types coordinate columns as numbers and leaves a cell that is not
    // one (empty, text, "nan") NULL, so a NULL cell is described as either.
    auto read = [](const std::optional<std::string>& cell, double& value) {
      return cell ? io::read_coordinate(*cell, value) : std::string("empty or not a number");
    };
    const std::string x_problem = read(x, lonlat.x);
    const std::string y_problem = read(y, lonlat.y);
    if (!x_problem.empty() || !y_problem.empty()) {
      std::string why = "no usable coordinates: ";
      if (!x_problem.empty()) why += r.spec.x_field + " is " + x_problem;
      if (!x_problem.empty() && !y_problem.empty()) why += ", ";
      if (!y_problem.empty()) why += r.spec.y_field + " is " + y_problem;
      ++r.report.empty_geometries;
      r.add(Severity::rejected, row, x_problem.empty() ? r.spec.y_field : r.spec.x_field, why, id);
      return false;
    }
    ++r.report.geometry_types["Point"];
  } else {
    ++r.report.geometry_types[io::geometry_type_name(g)];
    if (!io::to_point(g, lonlat, reason)) {
      if (!g || g->IsEmpty()) ++r.report.empty_geometries;
      r.add(Severity::rejected, row, "", reason, id);
      return false;
    }
  }
  if (to_lonlat && !std::isnan(lonlat.x) && !to_lonlat->transform(lonlat.x, lonlat.y)) {
    r.add(Severity::rejected, row, "", "coordinates cannot be transformed from " + r.opened.crs,
          id);
    return false;
  }
  const geo::CoordCheck c = geo::check_lonlat(lonlat, checks);
  switch (c.verdict) {
    case geo::CoordVerdict::ok:
      break;
    case geo::CoordVerdict::swapped:
      lonlat = {lonlat.y, lonlat.x};
      r.add(Severity::repaired, row, "", "latitude and longitude were swapped; swapped back", id,
            lonlat);
      break;
    case geo::CoordVerdict::non_finite:
    case geo::CoordVerdict::out_of_range:
      r.add(Severity::rejected, row, "", c.reason, id);
      return false;
    case geo::CoordVerdict::far_outside:
    case geo::CoordVerdict::outside_china:
      r.add(Severity::warning, row, "", c.reason, id, lonlat);
      break;
  }
  return true;
}

// ---- point layers (bases, candidates, youth, teams) share id handling and placement ----

// Ids already read in one id space, with where each was first seen for the duplicate
// message: "row 3", or "layer 'bases' row 3" when the space spans layers (bases and
// candidates share one). The index finds the first id kept under each io::id_key and
// io::id_fold, so "ｂ1" is found a duplicate of "b1" and "B1" its look-alike.
struct IdSpace {
  bool spans_layers = false;
  io::IdIndex index;

  std::string where(const io::IdIndex::Kept& seen) const {
    const auto* reader = static_cast<const Reader*>(seen.origin);
    return (spans_layers ? "layer '" + reader->layer_name + "' " : std::string()) + "row " +
           std::to_string(seen.row);
  }
};

// Kept rows of a role, in lon/lat before projection; parts[k] = (reader, rows it kept).
struct PointRows {
  std::vector<Vec2> lonlat;
  std::vector<std::string> township_code;  // the row's township field, "" if unmapped
  std::vector<io::PointFrom> from;         // geometry, or placed through the gazetteer
  std::vector<std::pair<Reader*, std::size_t>> parts;
};

enum class MissingId { reject, use_row_number };

// Reads every row of r: the id (missing → rejected, or "#row"; duplicates rejected), then
// the role's fields with parse(feature, row, id) → optional<Fields> (nullopt = rejected, the
// parser has said why), then the point. A row that passes all three is handed to
// keep(feature, row, id, Fields&&), which fills the role's columns, and its point appended.
template <class Parse, class Keep>
void read_point_rows(Reader& r, MissingId missing, IdSpace& ids,
                     const geo::CoordCheckOptions& checks, PointRows& out, Parse&& parse,
                     Keep&& keep, const io::LocatedLayer* located = nullptr,
                     const std::map<std::string, std::int32_t>* township_by_code = nullptr) {
  const bool has_ids = missing == MissingId::reject || r.spec.maps("id");
  if (missing == MissingId::reject) io::require_fields(r.opened, r.spec, {"id"});
  const auto to_lonlat = lonlat_transformer(r.opened);
  const std::size_t before = out.lonlat.size();
  std::int64_t row = 0;
  io::FeaturePrefetch features(*r.opened.layer);
  while (OGRFeature* f = features.next()) {
    ++row;
    ++r.report.features_read;
    std::string id = has_ids ? r.text(*f, "id", row, "").value_or("") : "";
    std::optional<io::IdIndex::Probe> probe;
    const io::IdIndex::Kept *key_hit = nullptr, *fold_hit = nullptr;
    if (id.empty()) {
      if (missing == MissingId::reject) {
        r.add(Severity::rejected, row, r.spec.field("id"), "no id", "");
        continue;
      }
      id = "#" + std::to_string(row);
    } else if (probe = io::IdIndex::probe(id), key_hit = ids.index.with_key(*probe);
               const auto* same = ids.index.with_id(id, key_hit)) {
      ++r.report.duplicate_ids;
      r.add(Severity::rejected, row, r.spec.field("id"),
            "duplicate id '" + id + "' (first at " + ids.where(*same) + ")", id);
      continue;
    } else if (const auto* k = key_hit) {
      ++r.report.duplicate_ids;
      r.add(Severity::rejected, row, r.spec.field("id"),
            "duplicate id '" + id + "': the same as '" + k->id + "' (" + ids.where(*k) +
                ") once full-width forms, spaces and invisible characters are set aside",
            id);
      continue;
    } else if (const auto* c = fold_hit = ids.index.with_fold(*probe)) {
      r.add(Severity::warning, row, r.spec.field("id"),
            "id '" + id + "' differs from '" + c->id + "' (" + ids.where(*c) +
                ") only in letter case; kept as another id",
            id);
    }
    auto fields = parse(*f, row, id);
    if (!fields) continue;
    Vec2 ll;
    io::LocatedPoint at;
    if (located) {
      // Placed from the address and division columns (their match was made beforehand).
      at = io::located_point(*located, row, [&](const std::string& code) {
        return township_by_code->count(code) != 0;
      });
      if (!at.reason.empty())
        r.add(at.severity, row, r.spec.address_field, at.reason, id,
              std::isfinite(at.lonlat.x) ? std::optional<Vec2>(at.lonlat) : std::nullopt);
      if (!at.keep) continue;
      ll = at.lonlat;
    } else if (!read_point(r, to_lonlat.get(), *f, row, id, checks, ll)) {
      continue;
    }
    // A layer without ids ("#row" for each) is an id space of its own: nothing looks its
    // rows up, so they are not kept.
    if (has_ids) {
      if (probe) {  // looked up above: no kept id has its key
        ids.index.keep_new(id, *probe, &r, row, fold_hit != nullptr);
      } else {
        ids.index.keep(id, io::IdIndex::probe(id), &r, row);
      }
    }
    keep(*f, row, id, std::move(*fields));
    out.lonlat.push_back(ll);
    out.township_code.push_back(located ? at.township_code
                                        : r.text(*f, "township", row, id).value_or(""));
    out.from.push_back(located ? at.from : io::PointFrom::geometry);
    if (std::isfinite(ll.x)) r.report.extent_lonlat.expand(ll);
    ++r.report.kept;
  }
  out.parts.emplace_back(&r, out.lonlat.size() - before);
}

void transform_multipolygon(const geo::Transformer& t, MultiPolygon& mp) {
  std::vector<double> x, y;
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings)
      for (const Vec2& v : r) {
        x.push_back(v.x);
        y.push_back(v.y);
      }
  t.transform(x, y);
  std::size_t k = 0;
  for (Polygon& p : mp)
    for (Ring& r : p.rings)
      for (Vec2& v : r) {
        v = {x[k], y[k]};
        ++k;
      }
}

bool all_finite(const MultiPolygon& mp) {
  for (const Polygon& p : mp)
    for (const Ring& r : p.rings)
      for (const Vec2& v : r)
        if (!std::isfinite(v.x) || !std::isfinite(v.y)) return false;
  return true;
}

Vec2 ring_centroid(const Ring& ring) {
  double a = 0, cx = 0, cy = 0;
  for (std::size_t i = 0; i + 1 < ring.size(); ++i) {
    const double c = ring[i].x * ring[i + 1].y - ring[i + 1].x * ring[i].y;
    a += c;
    cx += (ring[i].x + ring[i + 1].x) * c;
    cy += (ring[i].y + ring[i + 1].y) * c;
  }
  if (a == 0) return ring.empty() ? Vec2{NAN, NAN} : ring.front();
  return {cx / (3 * a), cy / (3 * a)};
}

Vec2 largest_part_centroid(const MultiPolygon& mp) {
  const Polygon* best = nullptr;
  double best_area = -1;
  for (const Polygon& p : mp) {
    const double a = std::abs(signed_area(p.rings.front()));
    if (a > best_area) {
      best_area = a;
      best = &p;
    }
  }
  return best ? ring_centroid(best->rings.front()) : Vec2{NAN, NAN};
}

// ---- polygon layers ----

struct RawUnit {
  std::string code, name;
  MultiPolygon lonlat;
  std::int64_t row = -1;
  std::optional<UrbanRural> explicit_class;
  std::optional<double> urban_share;
};

// Upper-level codes often come zero-padded to 6 or 12 digits (city 110100, province 110000,
// 110000000000): read them at the level of the layer they come from.
std::string upper_level_code(const std::string& text, const std::string& role) {
  std::string digits;
  for (char c : text)
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (c != ' ')
      return normalize_division_code(text);
  if (digits.size() == 12 && digits.compare(6, 6, "000000") == 0) digits.resize(6);
  if (digits.size() != 6) return normalize_division_code(text);
  if (role == "provinces" && digits.compare(2, 4, "0000") == 0) return digits.substr(0, 2);
  if (role == "cities" && digits.compare(4, 2, "00") == 0) return digits.substr(0, 4);
  return digits;
}

std::vector<RawUnit> read_units(Reader& r, bool townships, Progress& progress) {
  io::require_fields(r.opened, r.spec, {"code"});
  auto to_lonlat = lonlat_transformer(r.opened);
  std::vector<RawUnit> out;
  std::map<std::string, std::int64_t> seen;
  const GIntBig total = std::max<GIntBig>(1, r.opened.layer->GetFeatureCount(FALSE));
  std::int64_t row = 0;
  r.opened.layer->ResetReading();
  for (auto& f : *r.opened.layer) {
    ++row;
    ++r.report.features_read;
    if (row % 512 == 0)
      report_or_cancel(progress, static_cast<double>(row) / total, "read " + r.spec.role);
    RawUnit u;
    u.row = row;
    const auto code_text = r.text(*f, "code", row, "");
    u.code = code_text ? (townships ? normalize_division_code(*code_text)
                                    : upper_level_code(*code_text, r.spec.role))
                       : "";
    const auto want = townships ? std::set<std::size_t>{9} : std::set<std::size_t>{2, 4, 6};
    if (!code_text) {
      r.add(Severity::rejected, row, r.spec.field("code"), "no division code", "");
      continue;
    }
    if (townships && u.code.size() == 12) u.code.clear();  // a village code, not a township's
    if (!townships && u.code.size() == 9) u.code.clear();
    if (!townships && u.code.size() == 12) u.code.clear();
    if (u.code.empty() || !want.count(u.code.size())) {
      r.add(Severity::rejected, row, r.spec.field("code"),
            "'" + *code_text + "' is not a " +
                (townships ? "9- or 12-digit township" : "2/4/6-digit") + " division code",
            *code_text);
      continue;
    }
    if (auto it = seen.find(u.code); it != seen.end()) {
      ++r.report.duplicate_ids;
      r.add(Severity::rejected, row, r.spec.field("code"),
            "duplicate code " + u.code + " (first at row " + std::to_string(it->second) + ")",
            u.code);
      continue;
    }
    if (auto n = r.text(*f, "name", row, u.code)) u.name = *n;
    if (townships) {
      {
        if (auto v = r.text(*f, "urban_rural", row, u.code)) {
          u.explicit_class = parse_urban_rural(*v);
          if (!u.explicit_class)
            r.unreadable(row, "urban_rural", "unknown urban/rural value '" + *v + "' (ignored)",
                         u.code);
        }
      }
      {
        if (auto v = r.text(*f, "urban_share", row, u.code)) {
          double share = 0;
          if (parse_double(*v, share) && share >= 0 && share <= 1)
            u.urban_share = share;
          else
            r.unreadable(row, "urban_share",
                         "urban_share '" + *v + "' is not a number in [0, 1] (ignored)", u.code);
        }
      }
    }
    const OGRGeometry* g = f->GetGeometryRef();
    ++r.report.geometry_types[io::geometry_type_name(g)];
    if (!townships && !g) {
      // Upper levels may come as a code table (names only); their outline is then dissolved
      // from their townships when results are written.
      seen[u.code] = row;
      out.push_back(std::move(u));
      continue;
    }
    std::string reason;
    if (!io::to_multipolygon(g, u.lonlat, reason)) {
      if (!g || g->IsEmpty()) ++r.report.empty_geometries;
      r.add(Severity::rejected, row, "", reason, u.code);
      continue;
    }
    if (!reason.empty()) r.add(Severity::repaired, row, "", reason, u.code);
    if (to_lonlat) transform_multipolygon(*to_lonlat, u.lonlat);
    if (!all_finite(u.lonlat)) {
      r.add(Severity::rejected, row, "", "coordinates are not finite or cannot be transformed",
            u.code);
      continue;
    }
    const Box b = bounds(u.lonlat);
    if (b.min_x < -180 || b.max_x > 180 || b.min_y < -90 || b.max_y > 90) {
      r.add(Severity::rejected, row, "", "coordinates outside the lon/lat range", u.code);
      continue;
    }
    r.report.extent_lonlat.expand(b);
    seen[u.code] = row;
    out.push_back(std::move(u));
  }
  return out;
}

// Projects, validates (GEOS MakeValid) and reports.
void project_units(Reader& r, std::vector<RawUnit>& units, const geo::Transformer& to_work) {
  for (RawUnit& u : units) {
    transform_multipolygon(to_work, u.lonlat);  // now in working metres
    const auto fixed = geo::make_valid(u.lonlat);
    if (!fixed.was_valid && fixed.geometry.empty()) {
      r.add(Severity::rejected, u.row, "", "invalid polygon (" + fixed.reason + ")", u.code);
      u.code.clear();  // dropped below
      continue;
    }
    if (!fixed.was_valid) {
      r.add(Severity::repaired, u.row, "",
            "invalid polygon (" + fixed.reason + "), repaired with MakeValid", u.code);
      ++r.report.invalid_geometries;
      u.lonlat = fixed.geometry;
    }
  }
  units.erase(
      std::remove_if(units.begin(), units.end(), [](const RawUnit& u) { return u.code.empty(); }),
      units.end());
}

// Youth known only as counts per township: each township's row is read into `counts` (unit,
// count) and `rows` (its source row); the caller's rule spreads them.
void read_township_counts(Reader& r, const std::map<std::string, std::int32_t>& township_by_code,
                          CountsToSpread& counts_out, std::vector<std::int64_t>& rows) {
  r.required.insert({"township", "count"});  // counts mode: each row is a township's count
  io::require_fields(r.opened, r.spec, {"township", "count"});
  std::vector<std::int32_t>& units = counts_out.unit;
  std::vector<std::int64_t>& counts = counts_out.count;
  std::map<std::int32_t, std::int64_t> seen;
  std::int64_t row = 0;
  for (auto& f : *r.opened.layer) {
    ++row;
    ++r.report.features_read;
    const auto code = r.text(*f, "township", row, "");
    const std::string norm = code ? normalize_division_code(*code) : "";
    auto it = township_by_code.find(norm.size() == 12 ? norm.substr(0, 9) : norm);
    if (it == township_by_code.end()) {
      r.add(Severity::rejected, row, r.spec.field("township"),
            "township code '" + code.value_or("") + "' is not one of the townships layer's",
            code.value_or(""));
      continue;
    }
    std::int64_t count = 0;
    std::string why = "is not a whole number >= 0";
    const auto c = r.text(*f, "count", row, *code);
    if (!c || !parse_count(*c, count, why)) {
      r.add(Severity::rejected, row, r.spec.field("count"), "count '" + c.value_or("") + "' " + why,
            *code);
      continue;
    }
    if (auto prev = seen.find(it->second); prev != seen.end()) {
      r.add(Severity::rejected, row, r.spec.field("township"),
            "township " + *code + " already has a count (row " + std::to_string(prev->second) + ")",
            *code);
      continue;
    }
    seen[it->second] = row;
    units.push_back(it->second);
    counts.push_back(count);
    rows.push_back(row);
  }
}

// Youth known only as counts per township: spread over the township by the caller's rule
// (sunplan run: coverage's, village points where there are any, else a grid over the polygon).
void read_youth_counts(Reader& r, Dataset& d,
                       const std::map<std::string, std::int32_t>& township_by_code,
                       const std::vector<Vec2>& village_lonlat,
                       const std::vector<std::string>& village_town,
                       const geo::Transformer& to_work, const SpreadCounts& spread_counts,
                       LoadResult& result, Progress& progress) {
  CountsToSpread counts;
  std::vector<std::int64_t> rows;
  read_township_counts(r, township_by_code, counts, rows);
  for (std::size_t v = 0; v < village_lonlat.size(); ++v) {
    auto it = township_by_code.find(village_town[v]);
    if (it == township_by_code.end()) continue;
    double x = village_lonlat[v].x, y = village_lonlat[v].y;
    if (!to_work.transform(x, y)) continue;
    counts.anchor_pos.push_back({x, y});
    counts.anchor_unit.push_back(it->second);
  }
  const SpreadPoints spread = spread_counts(d.admin, counts, progress);
  const std::vector<std::int32_t>& units = counts.unit;
  Youth& y = d.youth;
  std::map<std::int32_t, int> serial;
  for (std::size_t k = 0; k < spread.pos.size(); ++k) {
    const auto entry = static_cast<std::size_t>(spread.entry[k]);
    const std::string code = d.admin.units[static_cast<std::size_t>(spread.township[k])].code;
    y.pos.push_back(spread.pos[k]);
    y.id.push_back(code + "#" + std::to_string(++serial[spread.township[k]]));
    y.count.push_back(spread.count[k]);
    y.age.push_back(-1);
    y.category.push_back(0);
    y.paired_team.push_back("");
    y.township.push_back(spread.township[k]);
    y.source_row.push_back(rows[entry]);
  }
  for (std::int32_t e : spread.unplaced)
    r.add(Severity::warning, rows[static_cast<std::size_t>(e)], r.spec.field("township"),
          "township has neither village points nor a polygon to place its youth on; not placed",
          "");
  r.report.kept = static_cast<std::int64_t>(units.size() - spread.unplaced.size());
  result.youth_spread_note =
      "youth were given as counts per township (" + std::to_string(units.size()) + " townships, " +
      std::to_string(y.total()) + " youth) and spread over " + std::to_string(y.size()) +
      " points: village points where the township has them, " +
      "else a grid over its polygon (docs/coverage.md)";
}

// Room for the youth rows the layer says it holds (a GeoPackage knows its count without a
// scan; other formats say -1 and the columns grow as they are read): 5 M ids moved string by
// string on every doubling cost about 5% of the national load.
void reserve_rows(Reader& r, Youth& y, PointRows& pts, IdSpace& ids) {
  const GIntBig n = r.opened.layer->GetFeatureCount(FALSE);
  if (n <= 0 || n > kMaxLayerYouth) return;
  const auto rows = static_cast<std::size_t>(n);
  for (auto* v : {&y.id, &y.paired_team, &pts.township_code}) v->reserve(rows);
  y.count.reserve(rows);
  y.age.reserve(rows);
  y.category.reserve(rows);
  y.source_row.reserve(rows);
  pts.lonlat.reserve(rows);
  pts.from.reserve(rows);
  if (r.spec.maps("id")) ids.index.reserve(rows);
}

// The steps of load_dataset, in the order they run, and the state they share (each field
// named as the steps use it; filled step by step). One object per load.
struct DatasetLoad {
  DatasetLoad(const Scenario& scenario, const SpreadCounts& spread_rule, Progress& progress_to)
      : sc(scenario),
        spread(spread_rule),
        progress(progress_to),
        check(check_settings(scenario)),
        towns(*scenario.layer("townships"), result.dataset.problems) {}

  const Scenario& sc;
  const SpreadCounts& spread;  // places counts per township and rows located to a township
  Progress& progress;
  const CheckSettings check;
  LoadResult result;
  Dataset& d = result.dataset;
  Reader towns;
  std::vector<RawUnit> township_rows;
  std::unique_ptr<geo::Transformer> to_work;  // lon/lat to the working CRS, once it is chosen
  geo::CoordCheckOptions checks;
  std::map<std::string, UpperUnitInput> upper;
  std::vector<std::unique_ptr<Reader>> upper_readers;
  std::map<std::string, VillageCounts> villages;
  std::vector<Vec2> village_lonlat;  // kept for spreading counts later
  std::vector<std::string> village_town;
  std::unique_ptr<Reader> village_reader;
  std::map<std::string, std::int32_t> township_by_code;
  std::unique_ptr<geo::PolygonIndex> index;                 // of the townships, once built
  const gazetteer::Gazetteer* located_gazetteer = nullptr;  // set by the first located layer
  std::vector<std::unique_ptr<Reader>> point_readers;
  // Layers placed from addresses: the gazetteer is read once, for the first of them.
  std::optional<GazetteerSession> gazetteer_session;
  std::vector<std::unique_ptr<io::LocatedLayer>> located_layers;

  // 1. Townships decide the extent, so they are read first; the working CRS follows.
  void read_townships() {
    township_rows = read_units(towns, true, progress);
    if (township_rows.empty())
      throw InputError(towns.report.source, towns.layer_name, -1, "",
                       "no usable township polygons (see the problems listed)");
    result.townships_crs = towns.opened.crs;
    result.extent_lonlat = towns.report.extent_lonlat;

    d.crs = geo::choose_working_crs(result.extent_lonlat,
                                    sc.working_crs == "auto" ? "" : sc.working_crs);
    to_work = std::make_unique<geo::Transformer>(kWgs84, d.crs.definition);
    progress.message("working CRS: " + d.crs.name + " (" + d.crs.rule + ")");
    if (const std::string warning =
            geo::check_working_crs(d.crs, sc.working_crs != "auto", result.extent_lonlat);
        !warning.empty())
      towns.add(Severity::warning, -1, "", warning, "");

    checks.admin_extent = result.extent_lonlat;
  }

  // 2. Upper levels (names and optional polygons).
  void read_upper_levels() {
    for (const char* role : {"provinces", "cities", "counties"}) {
      const LayerSpec* spec = sc.layer(role);
      if (!spec) continue;
      upper_readers.push_back(std::make_unique<Reader>(*spec, d.problems));
      Reader& r = *upper_readers.back();
      auto rows = read_units(r, false, progress);
      project_units(r, rows, *to_work);
      for (RawUnit& u : rows) upper[u.code] = UpperUnitInput{u.name, std::move(u.lonlat), u.row};
      r.report.kept = static_cast<std::int64_t>(rows.size());
    }
  }

  // 3. Village urban-rural codes.
  void read_villages() {
    if (const LayerSpec* spec = sc.layer("villages")) {
      village_reader = std::make_unique<Reader>(*spec, d.problems);
      Reader& r = *village_reader;
      io::require_fields(r.opened, r.spec, {"code", "ur_code"});
      auto village_to_lonlat = lonlat_transformer(r.opened);
      std::int64_t row = 0;
      for (auto& f : *r.opened.layer) {
        ++row;
        ++r.report.features_read;
        const auto code = r.text(*f, "code", row, "");
        const auto ur = r.text(*f, "ur_code", row, code.value_or(""));
        std::int64_t ur_code = 0;
        if (!code || code->size() != 12 || normalize_division_code(*code).empty()) {
          r.add(Severity::rejected, row, r.spec.field("code"), "not a 12-digit village code",
                code.value_or(""));
          continue;
        }
        if (!ur || !parse_int(*ur, ur_code) || ur_code < 100 || ur_code >= 300) {
          r.add(Severity::rejected, row, r.spec.field("ur_code"),
                "urban-rural code '" + ur.value_or("") + "' is not 1xx or 2xx", *code);
          continue;
        }
        VillageCounts& vc = villages[code->substr(0, 9)];
        (ur_code < 200 ? vc.urban : vc.rural) += 1;
        ++r.report.kept;
        // Village points (where the layer has them) anchor youth known only as counts.
        Vec2 ll;
        std::string why;
        if (io::to_point(f->GetGeometryRef(), ll, why)) {
          if (village_to_lonlat && !village_to_lonlat->transform(ll.x, ll.y)) continue;
          village_lonlat.push_back(ll);
          village_town.push_back(code->substr(0, 9));
        }
      }
    }
  }

  // 4. Townships: project, repair, build the hierarchy, class urban/rural.
  void build_admin() {
    project_units(towns, township_rows, *to_work);
    std::vector<TownshipInput> inputs;
    inputs.reserve(township_rows.size());
    for (RawUnit& u : township_rows) {
      TownshipInput in;
      in.unit.code = u.code;
      in.unit.name = u.name;
      in.unit.geometry = std::move(u.lonlat);
      in.unit.source_row = u.row;
      in.explicit_class = u.explicit_class;
      in.urban_share = u.urban_share;
      inputs.push_back(std::move(in));
    }
    d.admin = build_hierarchy(inputs, upper);
    classify_urban_rural(d.admin, inputs, villages, sc.urban_rural);
    towns.report.kept = static_cast<std::int64_t>(d.admin.townships.size());

    std::vector<MultiPolygon> township_geoms;
    for (std::int32_t idx : d.admin.townships) {
      township_geoms.push_back(d.admin.units[static_cast<std::size_t>(idx)].geometry);
      township_by_code[d.admin.units[static_cast<std::size_t>(idx)].code] = idx;
    }
    index = std::make_unique<geo::PolygonIndex>(township_geoms);
  }

  // Projects a role's points and gives each its township: the polygon the point falls in,
  // else the row's township code; problems name the layer each point came from.
  void place(const PointRows& pts, const std::vector<std::int64_t>& rows,
             const std::vector<std::string>& ids, PointSet& pos,
             std::vector<std::int32_t>& township) {
    pos.x.resize(pts.lonlat.size());
    pos.y.resize(pts.lonlat.size());
    for (std::size_t i = 0; i < pts.lonlat.size(); ++i) {
      pos.x[i] = pts.lonlat[i].x;
      pos.y[i] = pts.lonlat[i].y;
    }
    to_work->transform(pos.x, pos.y);
    township.assign(pos.size(), kNone);
    std::size_t begin = 0;
    for (const auto& [reader, n] : pts.parts) {
      PointSet slice;  // copied only when several layers share the columns
      if (pts.parts.size() > 1)
        for (std::size_t i = begin; i < begin + n; ++i) slice.push_back(pos[i]);
      const auto leaf = index->locate_all(pts.parts.size() > 1 ? slice : pos, progress);
      std::vector<std::int32_t> declared(n, kNone);  // the township each row declares
      std::vector<std::int32_t> located(n, kNone);   // the township its point is in
      for (std::size_t k = 0; k < n; ++k) {
        const std::size_t i = begin + k;
        township[i] =
            township_of_row(pts, i, leaf[k], *reader, rows[i], ids[i], pos[i], declared[k]);
        if (leaf[k] != kNone) located[k] = d.admin.townships[static_cast<std::size_t>(leaf[k])];
      }
      // Many points away from their declared township: a web-map datum read as WGS84?
      const std::string hint = io::datum_hint(
          reader->opened.crs, std::span(pts.lonlat).subspan(begin, n), declared, located,
          [&](Vec2 ll) {
            if (!to_work->transform(ll.x, ll.y)) return kNone;
            const std::int32_t k = index->locate(ll);
            return k == kNone ? kNone : d.admin.townships[static_cast<std::size_t>(k)];
          },
          reader->spec.field("township"));
      if (!hint.empty())
        reader->add(Severity::warning, -1, reader->spec.field("township"), hint, "");
      begin += n;
    }
    place_spread_rows(pts, township, pos);
  }

  // The township of point row i (leaf: the township cell its point falls in, or kNone);
  // declared is set to the township its row's code names (kNone if none or not placed by
  // geometry). Warns when point and code disagree or the point is outside every township.
  std::int32_t township_of_row(const PointRows& pts, std::size_t i, std::int32_t leaf,
                               Reader& reader, std::int64_t row, const std::string& id, Vec2 at,
                               std::int32_t& declared) {
    const std::string& code = pts.township_code[i];
    if (pts.from[i] != io::PointFrom::geometry) {
      // Placed through the gazetteer: the township is the matched one (the warning for a
      // township the layer lacks was given when the row was read).
      auto it = township_by_code.find(code);
      if (it != township_by_code.end()) return it->second;
      ++reader.report.outside_units;
      return kNone;
    }
    std::int32_t by_code = kNone;
    if (!code.empty()) {
      auto it = township_by_code.find(normalize_division_code(code));
      if (it != township_by_code.end()) by_code = it->second;
    }
    declared = by_code;
    const std::int32_t by_point =
        leaf == kNone ? kNone : d.admin.townships[static_cast<std::size_t>(leaf)];
    // How far the point is from the township its row declares: far means a wrong CRS
    // (GCJ-02 read as WGS84 is 300-700 m off) or a wrong code, near a border slip.
    const auto away_m = [&] {
      return distance_to_edges(d.admin.units[static_cast<std::size_t>(by_code)].geometry, at);
    };
    const auto far_text = [&](double m) {
      return fmt::format(
          "{:.0f} m from its declared township {} (farther than [check] "
          "far_from_township_m = {:g} m: a wrong CRS or a wrong code?)",
          m, code, check.far_from_township_m);
    };
    if (by_point != kNone) {
      if (by_code != kNone && by_code != by_point) {
        const double m = away_m();
        const std::string& in = d.admin.units[static_cast<std::size_t>(by_point)].code;
        reader.add(Severity::warning, row, reader.spec.field("township"),
                   m > check.far_from_township_m
                       ? "located in " + in + ", " + far_text(m) + "; location used"
                       : fmt::format("township code {} disagrees with the point's location "
                                     "(in {}, {:.0f} m from {}); location used",
                                     code, in, m, code),
                   id);
      }
      return by_point;
    }
    if (by_code != kNone) {
      if (const double m = away_m(); m > check.far_from_township_m)
        reader.add(Severity::warning, row, reader.spec.field("township"),
                   "outside every township, " + far_text(m) + "; counted in " + code, id);
      return by_code;
    }
    ++reader.report.outside_units;
    reader.add(Severity::warning, row, "", "outside every township (kept, counted in no unit)", id);
    return kNone;
  }

  // Rows matched to a township (or a village without a point): spread inside it.
  void place_spread_rows(const PointRows& pts, const std::vector<std::int32_t>& township,
                         PointSet& pos) {
    std::vector<std::size_t> to_spread;
    std::vector<std::int32_t> spread_units;
    for (std::size_t i = 0; i < pts.from.size(); ++i)
      if (pts.from[i] == io::PointFrom::spread) {
        to_spread.push_back(i);
        spread_units.push_back(township[i]);
      }
    if (to_spread.empty()) return;
    const auto placed = io::spread_located(
        spread_units, *located_gazetteer, d.admin,
        [&](double& x, double& y) { return to_work->transform(x, y); }, spread, progress);
    for (std::size_t k = 0; k < to_spread.size(); ++k) {
      pos.x[to_spread[k]] = placed[k].x;
      pos.y[to_spread[k]] = placed[k].y;
    }
  }

  Reader& open_points(const LayerSpec& spec) {
    point_readers.push_back(std::make_unique<Reader>(spec, d.problems));
    return *point_readers.back();
  }
  // Layers placed from addresses: the gazetteer is read once, for the first of them.
  const io::LocatedLayer* locate(Reader& r) {
    if (!r.spec.located()) return nullptr;
    io::require_locate_columns(r.opened, r.spec);
    if (!gazetteer_session) gazetteer_session.emplace(gazetteer_path(sc));
    const gazetteer::AddressMatcher& matcher = gazetteer_session->matcher(progress);
    located_gazetteer = &matcher.gazetteer();
    r.report.locate.gazetteer = gazetteer_session->file().string();
    r.report.crs = "none: placed from addresses (gazetteer points, EPSG:4326)";
    if (r.opened.layer->GetGeomType() != wkbNone)
      r.report.notes.push_back(
          "the layer's geometry is not read: rows are placed from their "
          "address and division columns");
    auto layer = std::make_unique<io::LocatedLayer>();
    layer->match = io::match_layer_rows(r.opened, r.spec, matcher, progress);
    layer->gazetteer = located_gazetteer;
    layer->summary = &r.report.locate;
    r.report.locate.used = true;
    located_layers.push_back(std::move(layer));
    return located_layers.back().get();
  }

  // 5. Bases, then candidate facilities from a layer of their own (status candidate unless
  // the layer says otherwise); ids are unique across both.
  void read_bases() {
    {
      Bases& b = d.bases;
      PointRows pts;
      IdSpace ids;
      ids.spans_layers = true;
      for (const char* role : {"bases", "candidates"}) {
        const LayerSpec* spec = sc.layer(role);
        if (!spec) continue;
        BaseStatus default_status =
            std::string(role) == "candidates" ? BaseStatus::candidate : BaseStatus::existing;
        if (!spec->default_status.empty() &&
            !parse_base_status(spec->default_status, default_status))
          throw UsageError(sc.file.string() + ":" + std::to_string(spec->line) + ": layers." +
                           role + ".default_status must be existing, candidate or planned");
        Reader& r = open_points(*spec);
        struct BaseRow {
          BaseType type = BaseType::other;
          BaseStatus status;
          std::int64_t capacity = kUnlimited;
          double cost = 1.0;
          bool specialist = false;
        };
        auto parse = [&](const OGRFeature& f, std::int64_t row,
                         const std::string& id) -> std::optional<BaseRow> {
          BaseRow v;
          v.status = default_status;
          // A bad optional value is read as missing, with a warning; the row is kept. Only the
          // status rejects the row: it decides whether the base serves today.
          if (auto t = r.text(f, "type", row, id); t && !parse_base_type(*t, v.type)) {
            r.unreadable(row, "type", "unknown base type '" + *t + "'; read as other", id);
            v.type = BaseType::other;
          }
          if (auto s = r.text(f, "status", row, id); s && !parse_base_status(*s, v.status)) {
            r.add(Severity::rejected, row, r.spec.field("status"), "unknown status '" + *s + "'",
                  id);
            return std::nullopt;
          }
          std::string why;
          if (auto c = r.text(f, "capacity", row, id); c && !parse_count(*c, v.capacity, why)) {
            r.unreadable(row, "capacity",
                         "capacity '" + *c + "' " + why + "; read as none (no limit)", id);
            v.capacity = kUnlimited;
          }
          if (auto c = r.text(f, "cost", row, id); c && (!parse_double(*c, v.cost) || v.cost < 0)) {
            r.unreadable(row, "cost", "cost '" + *c + "' is not a number >= 0; read as none (1)",
                         id);
            v.cost = 1.0;
          }
          if (auto s = r.text(f, "specialist", row, id); s && !parse_flag(*s, v.specialist))
            v.specialist = true;  // a specialist's name counts as having one
          return v;
        };
        auto keep = [&](const OGRFeature& f, std::int64_t row, const std::string& id, BaseRow&& v) {
          b.id.push_back(id);
          b.name.push_back(r.text(f, "name", row, id).value_or(""));
          b.type.push_back(v.type);
          b.status.push_back(v.status);
          b.capacity.push_back(
              static_cast<std::int32_t>(std::min<std::int64_t>(v.capacity, kUnlimited)));
          b.has_specialist.push_back(v.specialist ? 1 : 0);
          b.cost.push_back(v.cost);
          b.source_row.push_back(row);
        };
        read_point_rows(r, MissingId::reject, ids, checks, pts, parse, keep, locate(r),
                        &township_by_code);
      }
      if (!pts.parts.empty()) place(pts, b.source_row, b.id, b.pos, b.township);
    }
  }

  // 6. Youth (points; counts per township are spread over village points or the polygon).
  void read_youth() {
    if (const LayerSpec* spec = sc.layer("youth")) {
      Reader& r = open_points(*spec);
      if (spec->mode == "counts") {
        read_youth_counts(r, d, township_by_code, village_lonlat, village_town, *to_work, spread,
                          result, progress);
      } else {
        Youth& y = d.youth;
        struct YouthRow {
          std::int64_t count = 1, age = -1, category = 0;
        };
        auto parse = [&](const OGRFeature& f, std::int64_t row,
                         const std::string& id) -> std::optional<YouthRow> {
          YouthRow v;
          std::string why;
          if (auto c = r.text(f, "count", row, id); c && !parse_count(*c, v.count, why)) {
            r.add(Severity::rejected, row, r.spec.field("count"), "count '" + *c + "' " + why, id);
            return std::nullopt;
          }
          // A bad age or category is read as unknown (the row still counts); a bad count
          // rejects the row, as nobody knows how many youth it stands for.
          if (auto a = r.text(f, "age", row, id);
              a && (!parse_int(*a, v.age) || v.age < 0 || v.age > 130)) {
            r.unreadable(row, "age",
                         "age '" + *a + "' is not a whole number of years; read as unknown", id);
            v.age = -1;
          }
          if (v.age > 35)
            r.add(Severity::warning, row, r.spec.field("age"),
                  "older than 35 (the programme's age limit); kept", id);
          if (auto c = r.text(f, "category", row, id)) {
            std::uint8_t category = 0;
            if (parse_disability_category(*c, category)) {
              v.category = category;
            } else {
              r.unreadable(row, "category",
                           "category '" + *c +
                               "' is not a disability category (1-7 or 视力, 听力, 言语, 肢体, "
                               "智力, 精神, 多重); read as unknown",
                           id);
            }
          }
          return v;
        };
        auto keep = [&](const OGRFeature& f, std::int64_t row, const std::string& id,
                        YouthRow&& v) {
          y.id.push_back(id);
          y.count.push_back(static_cast<std::int32_t>(v.count));
          y.age.push_back(static_cast<std::int16_t>(v.age));
          y.category.push_back(static_cast<std::uint8_t>(v.category));
          y.paired_team.push_back(r.text(f, "paired_team", row, id).value_or(""));
          y.source_row.push_back(row);
        };
        PointRows pts;
        IdSpace ids;
        reserve_rows(r, y, pts, ids);
        read_point_rows(r, MissingId::use_row_number, ids, checks, pts, parse, keep, locate(r),
                        &township_by_code);
        place(pts, y.source_row, y.id, y.pos, y.township);
      }
      if (d.youth.total() > kMaxLayerYouth)
        throw InputError(r.report.source, r.layer_name, -1, r.spec.field("count"),
                         "the counts add up to " + std::to_string(d.youth.total()) +
                             " youth, more than " + std::to_string(kMaxLayerYouth) +
                             ", the most sunplan counts in one layer");
    }
  }

  // 7. Teams.
  void read_teams() {
    if (const LayerSpec* spec = sc.layer("teams")) {
      Reader& r = open_points(*spec);
      Teams& t = d.teams;
      struct TeamRow {
        std::int64_t capacity = 0, volunteers = 0;
        std::int32_t term_end = kNoDate;
        std::string specialist;
      };
      auto parse = [&](const OGRFeature& f, std::int64_t row,
                       const std::string& id) -> std::optional<TeamRow> {
        TeamRow v;
        // Bad optional values are read as missing, with a warning; the team is kept.
        std::string why;
        if (auto c = r.text(f, "capacity", row, id); c && !parse_count(*c, v.capacity, why)) {
          r.unreadable(row, "capacity",
                       "capacity '" + *c + "' " + why + "; read as none (0: pairs no one)", id);
          v.capacity = 0;
        }
        if (auto c = r.text(f, "volunteers", row, id); c && !parse_count(*c, v.volunteers, why)) {
          r.unreadable(row, "volunteers", "volunteers '" + *c + "' " + why + "; read as none (0)",
                       id);
          v.volunteers = 0;
        }
        if (auto c = r.text(f, "term_end", row, id); c && !parse_date(*c, v.term_end)) {
          r.unreadable(row, "term_end",
                       "term_end '" + *c + "' is not a date YYYY-MM-DD; read as none", id);
          v.term_end = kNoDate;
        }
        v.specialist = r.text(f, "specialist", row, id).value_or("");
        return v;
      };
      auto keep = [&](const OGRFeature& f, std::int64_t row, const std::string& id, TeamRow&& v) {
        bool flag = false;
        const bool is_flag = parse_flag(v.specialist, flag);
        const bool has_specialist = is_flag ? flag : !v.specialist.empty();
        t.id.push_back(id);
        t.name.push_back(r.text(f, "name", row, id).value_or(""));
        t.capacity.push_back(static_cast<std::int32_t>(v.capacity));
        t.volunteers.push_back(static_cast<std::int32_t>(v.volunteers));
        t.has_specialist.push_back(has_specialist ? 1 : 0);
        t.specialist.push_back(has_specialist && !is_flag ? v.specialist : "");
        t.term_end.push_back(v.term_end);
        t.source_row.push_back(row);
      };
      PointRows pts;
      IdSpace ids;
      read_point_rows(r, MissingId::reject, ids, checks, pts, parse, keep, locate(r),
                      &township_by_code);
      place(pts, t.source_row, t.id, t.pos, t.township);
    }
  }

  // Centroids, planner checks, and the layer reports in reading order.
  LoadResult finish() {
    // Centroids in lon/lat for reports and the viewer's labels.
    const geo::Transformer to_lonlat(d.crs.definition, kWgs84);
    for (const AdminUnit& u : d.admin.units) {
      Vec2 c = u.geometry.empty() ? Vec2{NAN, NAN} : largest_part_centroid(u.geometry);
      if (std::isfinite(c.x)) to_lonlat.transform(c.x, c.y);
      result.township_lonlat_centroids.push_back(c);
    }

    // Checks a planner needs: overlapping townships, and (with a youth layer) townships with
    // neither youth nor a base.
    io::report_township_overlaps(d, check.overlap_min_m2, check.overlap_min_share, towns.problems,
                                 to_lonlat, progress);
    if (sc.layer("youth")) io::report_empty_townships(d, towns.problems, to_lonlat);

    for (auto& r : upper_readers) result.layers.push_back(r->report);
    result.layers.insert(result.layers.begin() + static_cast<long>(result.layers.size()),
                         towns.report);
    if (village_reader) result.layers.push_back(village_reader->report);
    for (auto& r : point_readers) result.layers.push_back(r->report);
    report_or_cancel(progress, 1.0, "load");
    return std::move(result);
  }
};

}  // namespace

LoadResult load_dataset(const Scenario& sc, const SpreadCounts& spread, Progress& progress) {
  DatasetLoad load(sc, spread, progress);
  load.read_townships();
  load.read_upper_levels();
  load.read_villages();
  load.build_admin();
  load.read_bases();
  load.read_youth();
  load.read_teams();
  return load.finish();
}

}  // namespace sunplan
