#include "planner_checks.hpp"

#include <fmt/format.h>

#include <cmath>

#include "sunplan/geo/geos_ops.hpp"

namespace sunplan::io {

namespace {

std::optional<Vec2> lonlat_of(const geo::Transformer& to_lonlat, Vec2 p) {
  if (!std::isfinite(p.x) || !std::isfinite(p.y) || !to_lonlat.transform(p.x, p.y))
    return std::nullopt;
  return p;
}

// Always in m² (one unit, so all overlaps group as one kind of problem).
std::string area_text(double m2) {
  return fmt::format("{:.0f} m²", m2);
}

}  // namespace

std::size_t report_township_overlaps(const Dataset& d, double min_area_m2, double min_share,
                                     LayerProblems& townships, const geo::Transformer& to_lonlat,
                                     Progress& progress) {
  std::vector<MultiPolygon> geoms;
  geoms.reserve(d.admin.townships.size());
  for (std::int32_t t : d.admin.townships)
    geoms.push_back(d.admin.units[static_cast<std::size_t>(t)].geometry);
  const auto pairs = geo::overlapping_pairs(geoms, min_area_m2, progress);
  auto unit = [&](std::int32_t k) -> const AdminUnit& {
    return d.admin.units[static_cast<std::size_t>(d.admin.townships[static_cast<std::size_t>(k)])];
  };
  std::size_t reported = 0, slivers = 0;
  double sliver_m2 = 0;
  for (const geo::Overlap& o : pairs) {
    const AdminUnit& a = unit(o.a);
    const AdminUnit& b = unit(o.b);
    const double smaller = std::min(area(a.geometry), area(b.geometry));
    const double share = smaller > 0 ? o.area_m2 / smaller : 1.0;
    if (share <= min_share) {
      ++slivers;
      sliver_m2 += o.area_m2;
      continue;
    }
    ++reported;
    townships.add(Severity::warning, a.source_row, "",
                  fmt::format("overlaps township {} '{}' (row {}) by {} ({:.{}f}% of the "
                              "smaller): youth and bases there are counted in one of them only",
                              b.code, b.name, b.source_row, area_text(o.area_m2), 100.0 * share,
                              share >= 0.01 ? 1 : 2),
                  a.code, lonlat_of(to_lonlat, o.at));
  }
  if (slivers > 0)
    townships.add(Severity::warning, -1, "",
                  fmt::format("{} pairs of townships overlap by slivers (more than {:g} m² but at "
                              "most {:g}% of the smaller; {} in all): boundaries simplified one "
                              "by one? Each point there is counted in one township only",
                              slivers, min_area_m2, 100.0 * min_share, area_text(sliver_m2)),
                  "");
  return reported;
}

std::size_t report_empty_townships(const Dataset& d, LayerProblems& townships,
                                   const geo::Transformer& to_lonlat) {
  std::vector<std::int64_t> youth(d.admin.units.size(), 0), bases(d.admin.units.size(), 0);
  for (std::size_t i = 0; i < d.youth.size(); ++i)
    if (d.youth.township[i] >= 0)
      youth[static_cast<std::size_t>(d.youth.township[i])] += d.youth.count[i];
  for (std::size_t i = 0; i < d.bases.size(); ++i)
    if (d.bases.township[i] >= 0) ++bases[static_cast<std::size_t>(d.bases.township[i])];
  std::size_t empty = 0;
  for (std::int32_t t : d.admin.townships) {
    const auto k = static_cast<std::size_t>(t);
    if (youth[k] > 0 || bases[k] > 0) continue;
    ++empty;
    const AdminUnit& u = d.admin.units[k];
    Vec2 c{NAN, NAN};
    if (!u.geometry.empty()) {
      const Box b = bounds(u.geometry);
      c = {(b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2};
    }
    townships.add(Severity::warning, u.source_row, "",
                  "no youth and no base in this township (outside the registries' area, or "
                  "their points fell elsewhere?)",
                  u.code, lonlat_of(to_lonlat, c));
  }
  return empty;
}

}  // namespace sunplan::io
