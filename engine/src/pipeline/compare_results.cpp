#include "sunplan/pipeline/compare_results.hpp"

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <map>

#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/io/result_reader.hpp"
#include "sunplan/io/toml_flatten.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

namespace fs = std::filesystem;
using compare::Figure;
using compare::kFigures;

namespace {

// A field the comparison needs: its index, or an InputError naming file, layer and field.
int required_field(const std::string& path, const OutputLayer& l, const std::string& field) {
  const int k = field_index(l, field);
  if (k < 0)
    throw InputError(
        path, l.name, -1, field,
        "this field is missing: the file is not a result of sunplan run, or was edited");
  return k;
}

std::optional<double> number_at(const OutputLayer& l, std::size_t row, int field) {
  if (field < 0) return std::nullopt;
  const double v = field_number(l, row, field);
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

std::string text_at(const OutputLayer& l, std::size_t row, int field) {
  return field < 0 ? std::string() : field_text(l, row, field);
}

// The keys a run was made with: the scenario's, key by key (its text is kept in run_metadata),
// and everything else run_metadata says except the time.
void read_parameters(const ResultReader& r, compare::RunRecords& out) {
  for (const auto& [k, v] : r.metadata()) {
    // The time differs always; the scenario and input paths as given on the command line are
    // compared through their absolute forms (scenario_file, input_file.<role>) and the layer
    // names through the scenario's keys.
    if (k == "time_utc" || k == "scenario" || k.rfind("input.", 0) == 0) continue;
    if (k == "scenario_text") {
      if (auto flat = flatten_toml(v)) {
        for (auto& [key, value] : *flat) {
          out.parameters.push_back({"scenario." + key, value});
          if (key == "privacy.mode") out.aggregate = value == "aggregate";
          if (key == "privacy.min_count") {
            char* end = nullptr;
            const long long n = std::strtoll(value.c_str(), &end, 10);
            if (end && *end == '\0' && n > 0) out.min_count = n;
          }
        }
        continue;
      }
    }
    out.parameters.push_back({k, v});
  }
  if (r.has_layer("youth_grid")) out.aggregate = true;  // only aggregate runs write it
}

void read_bases(const ResultReader& r, const std::string& crs, compare::RunRecords& out) {
  if (!r.has_layer("bases")) return;
  const OutputLayer l = r.layer("bases", crs);
  const int id = required_field(r.path(), l, "id"), type = required_field(r.path(), l, "type"),
            status = required_field(r.path(), l, "status"),
            capacity = required_field(r.path(), l, "capacity"), name = field_index(l, "name"),
            suppressed = field_index(l, "suppressed");
  out.has_bases = true;
  for (std::size_t i = 0; i < l.rows.size(); ++i) {
    compare::BaseRecord b;
    b.id = text_at(l, i, id);
    b.name = text_at(l, i, name);
    b.type = text_at(l, i, type);
    b.status = text_at(l, i, status);
    if (const auto c = number_at(l, i, capacity))
      b.capacity = static_cast<std::int64_t>(std::llround(*c));
    else
      b.capacity_withheld = number_at(l, i, suppressed).value_or(0) == 1;
    if (i < l.points.size()) b.pos = l.points[i];
    out.bases.push_back(std::move(b));
  }
}

void read_units(const ResultReader& r, const std::string& crs, compare::RunRecords& out) {
  const std::pair<const char*, const char*> levels[] = {{"township", "townships"},
                                                        {"county", "counties"},
                                                        {"city", "cities"},
                                                        {"province", "provinces"}};
  std::map<std::pair<std::string, std::string>, std::size_t> index;  // (level, code) -> unit
  for (const auto& [level, layer] : levels) {
    if (!r.has_layer(layer)) continue;
    const OutputLayer l = r.layer(layer, crs);
    const int code = required_field(r.path(), l, "code");
    const int name = field_index(l, "name"), suppressed = field_index(l, "suppressed");
    // In network mode nothing here changes: these fields are counts and rates in both modes.
    const int fields[kFigures] = {required_field(r.path(), l, "youth"),
                                  required_field(r.path(), l, "in_reach"),
                                  required_field(r.path(), l, "served"),
                                  -1,
                                  required_field(r.path(), l, "reach_rate"),
                                  required_field(r.path(), l, "served_rate"),
                                  -1,
                                  required_field(r.path(), l, "gap_rank")};
    for (std::size_t i = 0; i < l.rows.size(); ++i) {
      compare::UnitRecord u;
      u.level = level;
      u.code = text_at(l, i, code);
      u.name = text_at(l, i, name);
      u.withheld = number_at(l, i, suppressed).value_or(0) == 1;
      u.has_coverage = true;
      for (std::size_t f = 0; f < kFigures; ++f) u.figures[f] = number_at(l, i, fields[f]);
      if (i < l.polygons.size()) u.geometry = l.polygons[i];
      index[{u.level, u.code}] = out.units.size();
      out.units.push_back(std::move(u));
    }
  }
  // Pairing figures (every level in the targets table); a run without the coverage layers
  // still has its units from here.
  if (r.has_layer("targets")) {
    const OutputLayer l = r.layer("targets", crs);
    const int code = required_field(r.path(), l, "code"),
              level = required_field(r.path(), l, "level"),
              youth = required_field(r.path(), l, "youth"),
              paired = required_field(r.path(), l, "paired"),
              rate = required_field(r.path(), l, "pairing_rate"), name = field_index(l, "name"),
              suppressed = field_index(l, "suppressed");
    for (std::size_t i = 0; i < l.rows.size(); ++i) {
      const std::string lv = text_at(l, i, level);
      if (lv == "all") continue;  // the whole area
      const auto key = std::make_pair(lv, text_at(l, i, code));
      auto it = index.find(key);
      if (it == index.end()) {
        compare::UnitRecord u;
        u.level = lv;
        u.code = key.second;
        u.name = text_at(l, i, name);
        u.withheld = number_at(l, i, suppressed).value_or(0) == 1;
        u.figures[static_cast<std::size_t>(Figure::youth)] = number_at(l, i, youth);
        it = index.emplace(key, out.units.size()).first;
        out.units.push_back(std::move(u));
      }
      compare::UnitRecord& u = out.units[it->second];
      u.has_pairing = true;
      u.figures[static_cast<std::size_t>(Figure::paired)] = number_at(l, i, paired);
      u.figures[static_cast<std::size_t>(Figure::pairing_rate)] = number_at(l, i, rate);
    }
  }
  if (r.has_layer("targets_townships")) {
    const OutputLayer l = r.layer("targets_townships", crs);
    const int code = required_field(r.path(), l, "code");
    for (std::size_t i = 0; i < l.rows.size() && i < l.polygons.size(); ++i)
      if (auto it = index.find({"township", text_at(l, i, code)}); it != index.end())
        if (out.units[it->second].geometry.empty()) out.units[it->second].geometry = l.polygons[i];
  }
}

void read_youth(const ResultReader& r, const std::string& crs, compare::RunRecords& out) {
  std::map<std::string, std::size_t> index;
  auto record = [&](const std::string& id) -> compare::YouthRecord& {
    auto [it, fresh] = index.try_emplace(id, out.youth.size());
    if (fresh) {
      out.youth.push_back({});
      out.youth.back().id = id;
    }
    return out.youth[it->second];
  };
  if (r.has_layer("youth")) {
    const OutputLayer l = r.layer("youth", crs);
    const int id = required_field(r.path(), l, "id"), base = required_field(r.path(), l, "base_id"),
              count = required_field(r.path(), l, "count");
    out.has_youth_bases = true;
    for (std::size_t i = 0; i < l.rows.size(); ++i) {
      compare::YouthRecord& y = record(text_at(l, i, id));
      y.base = text_at(l, i, base);
      y.count = static_cast<std::int64_t>(number_at(l, i, count).value_or(1));
      if (i < l.points.size()) y.pos = l.points[i];
    }
  }
  if (r.has_layer("youth_pairing")) {
    const OutputLayer l = r.layer("youth_pairing", crs);
    const int id = required_field(r.path(), l, "id"), team = required_field(r.path(), l, "team_id"),
              count = required_field(r.path(), l, "count");
    out.has_youth_teams = true;
    for (std::size_t i = 0; i < l.rows.size(); ++i) {
      compare::YouthRecord& y = record(text_at(l, i, id));
      y.team = text_at(l, i, team);
      y.count = static_cast<std::int64_t>(number_at(l, i, count).value_or(1));
      if (i < l.points.size()) y.pos = l.points[i];
    }
  }
}

FieldValue opt_text(const std::optional<std::string>& s) {
  return s ? FieldValue{*s} : FieldValue{};
}

FieldValue opt_number(const std::optional<double>& v, bool whole) {
  if (!v) return {};
  return whole ? FieldValue{static_cast<std::int64_t>(std::llround(*v))} : FieldValue{*v};
}

}  // namespace

compare::RunRecords read_run_records(const std::string& path, const std::string& crs) {
  const ResultReader r(path);
  // A raw input (a registry with names and phones) is refused before any of it is read, as
  // `export` refuses one; so is the output of a compare itself, which holds no run.
  if (r.metadata("software").rfind("sunplan", 0) != 0)
    throw InputError(path, "run_metadata", -1, "software",
                     "not a sunplan result (no run_metadata written by sunplan); compare reads "
                     "results of run, site or pair");
  if (r.metadata("kind") == "compare")
    throw InputError(path, "run_metadata", -1, "kind",
                     "this is the output of sunplan compare; compare the results of run, site or "
                     "pair");
  compare::RunRecords out;
  const std::string target = crs.empty() ? r.metadata("working_crs") : crs;
  read_parameters(r, out);
  read_bases(r, target, out);
  read_units(r, target, out);
  read_youth(r, target, out);
  return out;
}

namespace {

OutputLayer parameter_changes_layer(const compare::Comparison& c) {
  OutputLayer params("parameter_changes", GeometryKind::none);
  params.fields = {{"key", FieldType::text},
                   {"old", FieldType::text},
                   {"new", FieldType::text},
                   {"change", FieldType::text}};
  for (const auto& p : c.parameters)
    params.add_row({p.key, opt_text(p.old_value), opt_text(p.new_value),
                    std::string(!p.old_value   ? "added"
                                : !p.new_value ? "removed"
                                               : "changed")});
  return params;
}

OutputLayer base_changes_layer(const compare::Comparison& c) {
  OutputLayer bases("base_changes", GeometryKind::point);
  bases.fields = {{"base_id", FieldType::text},         {"name", FieldType::text},
                  {"change", FieldType::text},          {"status_old", FieldType::text},
                  {"status_new", FieldType::text},      {"capacity_old", FieldType::integer},
                  {"capacity_new", FieldType::integer}, {"capacity_delta", FieldType::integer},
                  {"type_old", FieldType::text},        {"type_new", FieldType::text},
                  {"moved_m", FieldType::real}};
  for (const auto& b : c.bases) {
    const auto& o = b.old_base;
    const auto& n = b.new_base;
    auto cap = [](const std::optional<compare::BaseRecord>& r) {
      return r && r->capacity ? FieldValue{*r->capacity} : FieldValue{};
    };
    const FieldValue delta = o && n && o->capacity && n->capacity
                                 ? FieldValue{*n->capacity - *o->capacity}
                                 : FieldValue{};
    bases.add_point(
        n ? n->pos : o->pos,
        {b.id, n ? n->name : o->name, compare::describe_base_change(b.what),
         o ? FieldValue{o->status} : FieldValue{}, n ? FieldValue{n->status} : FieldValue{}, cap(o),
         cap(n), delta, o ? FieldValue{o->type} : FieldValue{},
         n ? FieldValue{n->type} : FieldValue{}, o && n ? FieldValue{b.moved_m} : FieldValue{}});
  }
  return bases;
}

// Per unit: old, new and delta of every figure (whole numbers for counts and the gap rank).
OutputLayer unit_changes_layer(const compare::Comparison& c) {
  OutputLayer units("unit_changes", GeometryKind::polygon);
  units.fields = {{"level", FieldType::text},
                  {"code", FieldType::text},
                  {"name", FieldType::text},
                  {"in_old", FieldType::integer},
                  {"in_new", FieldType::integer}};
  for (std::size_t f = 0; f < kFigures; ++f) {
    const auto fig = static_cast<Figure>(f);
    const FieldType t =
        compare::is_count(fig) || fig == Figure::gap_rank ? FieldType::integer : FieldType::real;
    for (const char* suffix : {"_old", "_new", "_delta"})
      units.fields.push_back({std::string(compare::to_string(fig)) + suffix, t});
  }
  units.fields.push_back({"changed", FieldType::integer});
  units.fields.push_back({"suppressed", FieldType::integer});
  for (const auto& u : c.units) {
    std::vector<FieldValue> row = {u.level, u.code, u.name, std::int64_t{u.in_old},
                                   std::int64_t{u.in_new}};
    for (std::size_t f = 0; f < kFigures; ++f) {
      const auto fig = static_cast<Figure>(f);
      const bool whole = compare::is_count(fig) || fig == Figure::gap_rank;
      row.push_back(opt_number(u.old_value[f], whole));
      row.push_back(opt_number(u.new_value[f], whole));
      row.push_back(opt_number(u.delta[f], whole));
    }
    row.push_back(std::int64_t{u.changed});
    row.push_back(std::int64_t{u.suppressed});
    units.add_polygon(u.geometry, std::move(row));
  }
  return units;
}

OutputLayer township_coverage_changes_layer(const compare::Comparison& c) {
  OutputLayer cov("township_coverage_changes", GeometryKind::polygon);
  cov.fields = {{"code", FieldType::text},           {"name", FieldType::text},
                {"change", FieldType::text},         {"youth_old", FieldType::integer},
                {"youth_new", FieldType::integer},   {"in_reach_old", FieldType::integer},
                {"in_reach_new", FieldType::integer}};
  for (const auto& t : c.coverage)
    cov.add_polygon(
        t.geometry,
        {t.code, t.name, std::string(t.newly_covered ? "newly_covered" : "newly_uncovered"),
         opt_number(t.youth_old, true), opt_number(t.youth_new, true),
         opt_number(t.in_reach_old, true), opt_number(t.in_reach_new, true)});
  return cov;
}

OutputLayer assignment_changes_layer(const compare::Comparison& c) {
  OutputLayer assign("assignment_changes", GeometryKind::point);
  assign.fields = {{"youth_id", FieldType::text}, {"count", FieldType::integer},
                   {"change", FieldType::text},   {"base_old", FieldType::text},
                   {"base_new", FieldType::text}, {"team_old", FieldType::text},
                   {"team_new", FieldType::text}};
  for (const auto& a : c.assignments) {
    const auto& o = a.old_youth;
    const auto& n = a.new_youth;
    std::string change = !o ? "added" : !n ? "removed" : "";
    if (o && n)
      change = a.base_changed && a.team_changed ? "base,team" : a.base_changed ? "base" : "team";
    const compare::YouthRecord& y = n ? *n : *o;
    assign.add_point(
        y.pos, {a.id, y.count, change, o ? text_or_null(o->base) : FieldValue{},
                n ? text_or_null(n->base) : FieldValue{}, o ? text_or_null(o->team) : FieldValue{},
                n ? text_or_null(n->team) : FieldValue{}});
  }
  return assign;
}

}  // namespace

std::vector<OutputLayer> comparison_layers(const compare::Comparison& c) {
  std::vector<OutputLayer> out;
  out.push_back(parameter_changes_layer(c));
  out.push_back(base_changes_layer(c));
  out.push_back(unit_changes_layer(c));
  out.push_back(township_coverage_changes_layer(c));
  out.push_back(assignment_changes_layer(c));
  return out;
}

CompareOutcome compare_results(const CompareOptions& o, Progress& progress) {
  OutputTransaction out;
  out.force = o.force;
  // Neither result, nor the scenarios and inputs they were made from, is ever written over.
  out.protect_result(o.old_path);
  out.protect_result(o.new_path);
  const fs::path gpkg = o.output_path;
  const fs::path md = fs::path(o.output_path).replace_extension(".md");
  const fs::path svg = fs::path(o.output_path).replace_extension("").string() + "-map.svg";
  out.check(gpkg);
  out.check(md);
  out.check(svg);

  CompareOutcome c;
  report_or_cancel(progress, 0.0, "read result");
  c.old_run = read_run_records(o.old_path, "");
  // Both runs in the old run's working CRS, so a base's move is measured in metres.
  std::string crs;
  for (const auto& [k, v] : c.old_run.parameters)
    if (k == "working_crs") crs = v;
  c.new_run = read_run_records(o.new_path, crs);
  report_or_cancel(progress, 0.5, "read result");
  c.comparison = compare::compare_runs(c.old_run, c.new_run);

  OutputLayer meta("run_metadata", GeometryKind::none);
  meta.fields = {{"key", FieldType::text}, {"value", FieldType::text}};
  meta.add_row({std::string("software"), std::string("sunplan ") + kVersion});
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  meta.add_row({std::string("time_utc"), std::string(buf)});
  meta.add_row({std::string("kind"), std::string("compare")});
  meta.add_row({std::string("working_crs"), crs});
  meta.add_row({std::string("compare_old"), fs::absolute(o.old_path).lexically_normal().string()});
  meta.add_row({std::string("compare_new"), fs::absolute(o.new_path).lexically_normal().string()});
  meta.add_row({std::string("compare_old_sha256"), sha256_file(o.old_path)});
  meta.add_row({std::string("compare_new_sha256"), sha256_file(o.new_path)});
  {
    ResultWriter writer(out, gpkg.string(), crs, crs);
    for (const OutputLayer& l : comparison_layers(c.comparison)) writer.write(l);
    writer.write(meta);
    writer.commit();
  }
  auto write_text = [&](const fs::path& final_path, const std::string& text) {
    const fs::path temp = out.plan(final_path);
    std::ofstream file(temp, std::ios::binary);
    file << text;
    file.close();
    if (!file) throw ResourceError("cannot write " + temp.string());
  };
  write_text(svg, comparison_svg(c.comparison));
  write_text(md, comparison_markdown(o, c.comparison, c.old_run, c.new_run));
  report_or_cancel(progress, 1.0, "write GeoPackage");
  out.commit();
  c.output_path = gpkg.string();
  c.report_path = md.string();
  c.map_path = svg.string();
  return c;
}

}  // namespace sunplan
