#include "result_layers.hpp"

#include <cmath>
#include <limits>
#include <map>

#include "per_youth_layers.hpp"
#include "sunplan/geo/geos_ops.hpp"

namespace sunplan {

namespace {

FieldValue number_or_null(double v) {
  if (std::isnan(v) || std::isinf(v)) return std::monostate{};
  return v;
}

// The cost of youth point i's reach entry for `base`; +infinity when the base is not in its row.
double trip_seconds(const ReachMatrix& r, std::size_t i, std::uint32_t base) {
  double seconds = std::numeric_limits<double>::infinity();
  for (auto e = r.offsets[i]; e < r.offsets[i + 1]; ++e)
    if (r.facility[e] == base) seconds = r.cost[e];
  return seconds;
}

std::vector<OutputField> figure_fields(CatchmentMeasure m) {
  return {{"code", FieldType::text},
          {"name", FieldType::text},
          {"parent", FieldType::text},
          {"urban_rural", FieldType::text},
          {"urban_rule", FieldType::text},
          {"youth", FieldType::integer},
          {"in_reach", FieldType::integer},
          {"served", FieldType::integer},
          {"unserved", FieldType::integer},
          {"unserved_no_base", FieldType::integer},
          {"unserved_full", FieldType::integer},
          {"reach_rate", FieldType::real},
          {"served_rate", FieldType::real},
          {"urban_youth", FieldType::integer},
          {"urban_served", FieldType::integer},
          {"rural_youth", FieldType::integer},
          {"rural_served", FieldType::integer},
          {measured_field("mean_nearest", m), FieldType::real},
          {measured_field("p90_nearest", m), FieldType::real},
          {"accessibility", FieldType::real},
          {"bases_existing", FieldType::integer},
          {"bases_candidate", FieldType::integer},
          {"gap_rank", FieldType::integer},
          {"gap_reason", FieldType::text}};
}

std::vector<FieldValue> figure_row(
    const AdminUnits& admin, std::size_t u, CatchmentMeasure m, const coverage::UnitFigures& f,
    const std::map<std::int32_t, std::pair<int, std::string>>& gap_rank) {
  const AdminUnit& unit = admin.units[u];
  std::int64_t existing = 0, candidate = 0;
  for (int t = 0; t < kBaseTypeCount; ++t) {
    existing +=
        f.bases[static_cast<std::size_t>(t)][static_cast<std::size_t>(BaseStatus::existing)];
    candidate +=
        f.bases[static_cast<std::size_t>(t)][static_cast<std::size_t>(BaseStatus::candidate)];
  }
  const auto urban = static_cast<std::size_t>(UrbanRural::urban);
  const auto rural = static_cast<std::size_t>(UrbanRural::rural);
  FieldValue rank = std::monostate{}, reason = std::monostate{};
  if (auto it = gap_rank.find(static_cast<std::int32_t>(u)); it != gap_rank.end()) {
    rank = std::int64_t{it->second.first};
    reason = it->second.second;
  }
  return {unit.code,
          unit.name,
          unit.parent == kNone
              ? FieldValue{}
              : FieldValue{admin.units[static_cast<std::size_t>(unit.parent)].code},
          std::string(to_string(unit.urban_rural)),
          unit.urban_rule,
          f.youth,
          f.in_reach,
          f.served,
          f.youth - f.served,
          f.unserved_no_base,
          f.unserved_full,
          number_or_null(f.reach_rate),
          number_or_null(f.served_rate),
          f.by_class[urban].youth,
          f.by_class[urban].served,
          f.by_class[rural].youth,
          f.by_class[rural].served,
          number_or_null(output_value(m, f.mean_nearest)),
          number_or_null(output_value(m, f.p90_nearest)),
          number_or_null(f.accessibility),
          existing,
          candidate,
          rank,
          reason};
}

}  // namespace

FieldValue minutes_or_null(double seconds) {
  if (!std::isfinite(seconds)) return std::monostate{};
  return seconds / 60.0;
}

namespace {

using CoverageGapRanks = std::map<std::int32_t, std::pair<int, std::string>>;

// Each township with unserved youth: its rank in the gap ranking (from 1) and the reason.
CoverageGapRanks coverage_gap_ranks(const coverage::CoverageResult& c) {
  CoverageGapRanks gap_rank;
  for (std::size_t k = 0; k < c.gaps.ranked.size(); ++k) {
    const auto& gap = c.gaps.ranked[k];
    if (gap.unserved > 0)
      gap_rank[gap.unit] = {static_cast<int>(k + 1), coverage::to_string(gap.reason)};
  }
  return gap_rank;
}

// Admin units, one layer per level; upper levels without an outline are dissolved
// from their townships so every level can be mapped.
void add_coverage_admin_layers(const Dataset& d, const coverage::CoverageResult& c,
                               std::vector<OutputLayer>& out) {
  const CatchmentMeasure m = c.measure;
  const CoverageGapRanks gap_rank = coverage_gap_ranks(c);
  const std::pair<AdminLevel, const char*> levels[] = {{AdminLevel::township, "townships"},
                                                       {AdminLevel::county, "counties"},
                                                       {AdminLevel::city, "cities"},
                                                       {AdminLevel::province, "provinces"}};
  std::map<std::int32_t, std::vector<MultiPolygon>> children_geometry;
  for (std::int32_t t : d.admin.townships) {
    for (std::int32_t p = d.admin.units[static_cast<std::size_t>(t)].parent; p != kNone;
         p = d.admin.units[static_cast<std::size_t>(p)].parent)
      if (d.admin.units[static_cast<std::size_t>(p)].geometry.empty())
        children_geometry[p].push_back(d.admin.units[static_cast<std::size_t>(t)].geometry);
  }
  for (const auto& [level, name] : levels) {
    OutputLayer layer(name, GeometryKind::polygon);
    layer.fields = figure_fields(m);
    for (std::size_t u = 0; u < d.admin.units.size(); ++u) {
      const AdminUnit& unit = d.admin.units[u];
      if (unit.level != level) continue;
      MultiPolygon geom = unit.geometry;
      if (geom.empty()) {
        auto it = children_geometry.find(static_cast<std::int32_t>(u));
        if (it != children_geometry.end()) geom = geo::union_all(it->second);
      }
      layer.add_polygon(std::move(geom), figure_row(d.admin, u, m, c.figures.units[u], gap_rank));
    }
    out.push_back(std::move(layer));
  }
}

OutputLayer coverage_bases_layer(const Dataset& d, const coverage::CoverageResult& c,
                                 const Routable* routable) {
  const CatchmentMeasure m = c.measure;
  OutputLayer bases("bases", GeometryKind::point);
  bases.fields = {{"id", FieldType::text},       {"name", FieldType::text},
                  {"type", FieldType::text},     {"type_zh", FieldType::text},
                  {"status", FieldType::text},   {"capacity", FieldType::integer},
                  {"load", FieldType::integer},  {standard_field(m), FieldType::real},
                  {"township", FieldType::text}, {"has_specialist", FieldType::integer}};
  if (routable) bases.fields.push_back({"routable", FieldType::integer});
  for (std::size_t i = 0; i < d.bases.size(); ++i) {
    const auto t = d.bases.township[i];
    bases.add_point(
        d.bases.pos[i],
        {d.bases.id[i], d.bases.name[i], std::string(to_string(d.bases.type[i])),
         std::string(chinese_name(d.bases.type[i])), std::string(to_string(d.bases.status[i])),
         d.bases.capacity[i] == kUnlimited ? FieldValue{}
                                           : FieldValue{std::int64_t{d.bases.capacity[i]}},
         c.served.load[i],
         c.radius[i] > 0 ? FieldValue{output_value(m, c.radius[i])} : FieldValue{},
         t == kNone ? FieldValue{} : FieldValue{d.admin.units[static_cast<std::size_t>(t)].code},
         std::int64_t{d.bases.has_specialist[i]}});
    // Built in place: moving a temporary FieldValue in here trips GCC 12's
    // -Wmaybe-uninitialized (a false positive on the variant's string member).
    if (routable)
      bases.rows.back().emplace_back(std::in_place_type<std::int64_t>, routable->bases[i] ? 1 : 0);
  }
  return bases;
}

// catchments (one polygon per base) and catchment_union (their dissolved outline).
void add_coverage_catchment_layers(const Dataset& d, const coverage::CoverageResult& c,
                                   const CoverageGeometry& g, std::vector<OutputLayer>& out) {
  const CatchmentMeasure m = c.measure;
  OutputLayer catchments("catchments", GeometryKind::polygon);
  catchments.fields = {{"base_id", FieldType::text},
                       {"type", FieldType::text},
                       {"status", FieldType::text},
                       {standard_field(m), FieldType::real}};
  for (std::size_t k = 0; k < g.catchments.size(); ++k) {
    const auto b = static_cast<std::size_t>(g.catchment_base[k]);
    catchments.add_polygon(
        g.catchments[k], {d.bases.id[b], std::string(to_string(d.bases.type[b])),
                          std::string(to_string(d.bases.status[b])), output_value(m, c.radius[b])});
  }
  out.push_back(std::move(catchments));

  OutputLayer dissolved("catchment_union", GeometryKind::polygon);
  dissolved.fields = {{"bases", FieldType::integer}};
  dissolved.add_polygon(g.catchment_union, {static_cast<std::int64_t>(g.catchments.size())});
  out.push_back(std::move(dissolved));
}

OutputLayer coverage_gaps_layer(const Dataset& d, const CoverageGeometry& g) {
  OutputLayer gaps("gaps", GeometryKind::polygon);
  gaps.fields = {{"township", FieldType::text},
                 {"name", FieldType::text},
                 {"urban_rural", FieldType::text},
                 {"unserved", FieldType::integer}};
  for (std::size_t k = 0; k < g.gaps.size(); ++k) {
    const AdminUnit& u = d.admin.units[static_cast<std::size_t>(g.gap_township[k])];
    gaps.add_polygon(g.gaps[k],
                     {u.code, u.name, std::string(to_string(u.urban_rural)), g.gap_unserved[k]});
  }
  return gaps;
}

}  // namespace

// Youth without personal fields: the id (or its pseudonym), where, and what the analysis found.
OutputLayer coverage_youth_layer(const Dataset& d, const coverage::CoverageResult& c,
                                 const Routable* routable, const YouthIds& ids, RowRange rows) {
  const CatchmentMeasure m = c.measure;
  OutputLayer youth("youth", GeometryKind::point);
  youth.fields = {{"id", FieldType::text},
                  {"count", FieldType::integer},
                  {"township", FieldType::text},
                  {"nearest_base", FieldType::text},
                  {measured_field("nearest", m), FieldType::real},
                  {"bases_in_reach", FieldType::integer},
                  {"served", FieldType::integer},
                  {"base_id", FieldType::text},
                  {"reason", FieldType::text}};
  if (routable) youth.fields.push_back({"routable", FieldType::integer});
  for (std::size_t i = rows.begin; i < rows.last(d.youth.size()); ++i) {
    const auto t = d.youth.township[i];
    const auto nearest = c.reach.nearest[i];
    const auto served_by = c.served.facility[i];
    std::vector<FieldValue> row{
        ids(i),
        std::int64_t{d.youth.count[i]},
        t == kNone ? FieldValue{} : FieldValue{d.admin.units[static_cast<std::size_t>(t)].code},
        nearest == kNone ? FieldValue{} : FieldValue{d.bases.id[static_cast<std::size_t>(nearest)]},
        number_or_null(output_value(m, c.reach.nearest_cost[i])),
        std::int64_t{c.reach.in_reach_count[i]},
        std::int64_t{c.served.served[i]},
        served_by == kNone ? FieldValue{}
                           : FieldValue{d.bases.id[static_cast<std::size_t>(served_by)]},
        std::string(coverage::to_string(c.served.reason[i]))};
    // The routable flag goes in before the row is handed over: appending it to the stored row
    // afterwards moved the row's strings, which GCC 12 -O3 takes for uninitialised reads.
    if (routable) row.emplace_back(std::int64_t{routable->youth[i] ? 1 : 0});
    youth.add_point(d.youth.pos[i], std::move(row));
  }
  return youth;
}

// A line per youth-base flow of the served assignment; by travel time each also gets its
// trip's minutes (from the reach row).
OutputLayer coverage_assignments_layer(const Dataset& d, const coverage::CoverageResult& c,
                                       const YouthIds& ids, RowRange rows) {
  OutputLayer lines("assignments", GeometryKind::line);
  lines.fields = {{"youth_id", FieldType::text},
                  {"base_id", FieldType::text},
                  {"count", FieldType::integer},
                  {"distance_m", FieldType::real}};
  const bool travel = c.measure == CatchmentMeasure::seconds;
  if (travel) lines.fields.push_back({"travel_min", FieldType::real});
  for (std::size_t i = rows.begin; i < rows.last(d.youth.size()); ++i)
    for (auto k = c.served.flow_offsets[i]; k < c.served.flow_offsets[i + 1]; ++k) {
      const auto b = c.served.flow_facility[k];
      const Vec2 from = d.youth.pos[i], to = d.bases.pos[b];
      lines.add_line({from, to}, {ids(i), d.bases.id[b], std::int64_t{c.served.flow_count[k]},
                                  distance(from, to)});
      if (travel) lines.rows.back().push_back(minutes_or_null(trip_seconds(c.reach.reach, i, b)));
    }
  return lines;
}

namespace {

// The per-youth layers of coverage, youth and assignments (per_youth_layers.hpp).
void add_coverage_youth_layers(const Dataset& d, const coverage::CoverageResult& c,
                               const Routable* routable, const LayerChoice* wanted,
                               std::vector<OutputLayer>& out) {
  const YouthIds ids{d, false};
  add_per_youth_layer(out, "youth", wanted,
                      [&] { return coverage_youth_layer(d, c, routable, ids); });
  add_per_youth_layer(out, "assignments", wanted,
                      [&] { return coverage_assignments_layer(d, c, ids); });
}

OutputLayer coverage_gap_ranking_layer(const Dataset& d, const coverage::CoverageResult& c) {
  const CatchmentMeasure m = c.measure;
  OutputLayer ranking("gap_ranking", GeometryKind::none);
  ranking.fields = {{"rank", FieldType::integer},
                    {"township", FieldType::text},
                    {"name", FieldType::text},
                    {"urban_rural", FieldType::text},
                    {"youth", FieldType::integer},
                    {"unserved", FieldType::integer},
                    {"unserved_no_base", FieldType::integer},
                    {"unserved_full", FieldType::integer},
                    {measured_field("mean_nearest", m), FieldType::real},
                    {"reason", FieldType::text}};
  for (std::size_t k = 0; k < c.gaps.ranked.size(); ++k) {
    const auto& gap = c.gaps.ranked[k];
    const AdminUnit& u = d.admin.units[static_cast<std::size_t>(gap.unit)];
    ranking.add_row({std::int64_t(k + 1), u.code, u.name, std::string(to_string(gap.urban_rural)),
                     gap.youth, gap.unserved, gap.unserved_no_base, gap.unserved_full,
                     number_or_null(output_value(m, gap.mean_nearest)),
                     std::string(coverage::to_string(gap.reason))});
  }
  return ranking;
}

}  // namespace

std::vector<OutputLayer> coverage_layers(const LoadResult& load, const coverage::CoverageResult& c,
                                         const CoverageGeometry& g, const Routable* routable,
                                         const LayerChoice* wanted) {
  const Dataset& d = load.dataset;
  std::vector<OutputLayer> out;
  add_coverage_admin_layers(d, c, out);
  out.push_back(coverage_bases_layer(d, c, routable));
  add_coverage_catchment_layers(d, c, g, out);
  out.push_back(coverage_gaps_layer(d, g));
  add_coverage_youth_layers(d, c, routable, wanted, out);
  out.push_back(coverage_gap_ranking_layer(d, c));
  return out;
}

}  // namespace sunplan
