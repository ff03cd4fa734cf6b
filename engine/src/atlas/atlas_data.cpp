#include "atlas_data.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include "sunplan/core/error.hpp"
#include "sunplan/io/result_reader.hpp"

namespace sunplan::atlas {

namespace {

double number_or_nan(const OutputLayer& l, std::size_t row, const char* field) {
  return field_number(l, row, field_index(l, field));
}
double number_or_zero(const OutputLayer& l, std::size_t row, const char* field) {
  const double v = number_or_nan(l, row, field);
  return std::isnan(v) ? 0.0 : v;
}
std::string text(const OutputLayer& l, std::size_t row, const char* field) {
  return field_text(l, row, field_index(l, field));
}

// 街道 001-099, 镇 100-199, 乡 (and the rest) 200-999: the NBS convention for digits 7-9.
int township_class(const std::string& code) {
  if (code.size() < 9) return 2;
  const int n = std::atoi(code.substr(6, 3).c_str());
  return n < 100 ? 0 : n < 200 ? 1 : 2;
}

}  // namespace

AtlasData read_atlas_data(const std::string& path) {
  const ResultReader result(path);
  AtlasData d;
  d.title = result.metadata("scenario_name");
  d.software = result.metadata("software");
  d.time_utc = result.metadata("time_utc");
  d.crs = result.metadata("working_crs");
  if (d.crs.empty())
    throw InputError(path + ": run_metadata has no working_crs (not a sunplan result?)");
  if (!result.has_layer("townships")) throw InputError(path + ": no layer 'townships'");

  const OutputLayer towns = result.layer("townships", d.crs);
  if (field_index(towns, "mean_nearest_min") >= 0) d.catchment_mode = "network";
  for (std::size_t i = 0; i < towns.size(); ++i) {
    Town t;
    t.code = text(towns, i, "code");
    t.name = text(towns, i, "name");
    t.county_code = text(towns, i, "parent");
    if (t.county_code.empty() && t.code.size() >= 6) t.county_code = t.code.substr(0, 6);
    t.urban_rural = text(towns, i, "urban_rural");
    t.gap_reason = text(towns, i, "gap_reason");
    t.shape = towns.polygons[i];
    // Counts withheld by aggregate privacy mode stay unknown (NaN, printed "–"), so no total
    // of a page or of the cover adds them in as 0.
    const bool withheld = number_or_zero(towns, i, "suppressed") > 0;
    auto count = [&](const char* f) {
      return withheld ? number_or_nan(towns, i, f) : number_or_zero(towns, i, f);
    };
    t.youth = count("youth");
    t.in_reach = count("in_reach");
    t.served = count("served");
    t.unserved = count("unserved");
    t.served_rate = number_or_nan(towns, i, "served_rate");
    t.reach_rate = number_or_nan(towns, i, "reach_rate");
    t.gap_rank = number_or_nan(towns, i, "gap_rank");
    d.towns.push_back(std::move(t));
  }
  if (d.towns.empty()) throw InputError(path + ": layer 'townships' has no rows");
  std::sort(d.towns.begin(), d.towns.end(),
            [](const Town& a, const Town& b) { return a.code < b.code; });

  std::map<std::string, County> counties;
  for (const Town& t : d.towns) counties[t.county_code].code = t.county_code;
  if (result.has_layer("counties")) {
    const OutputLayer c = result.layer("counties", d.crs);
    for (std::size_t i = 0; i < c.size(); ++i) {
      const auto it = counties.find(text(c, i, "code"));
      if (it == counties.end()) continue;
      it->second.name = text(c, i, "name");
      it->second.shape = c.polygons[i];
    }
  }
  for (auto& [code, county] : counties) {
    if (county.name.empty()) county.name = code;
    d.counties.push_back(std::move(county));
  }

  if (result.has_layer("bases")) {
    const OutputLayer b = result.layer("bases", d.crs);
    for (std::size_t i = 0; i < b.size(); ++i)
      if (std::isfinite(b.points[i].x))
        d.bases.push_back({b.points[i], text(b, i, "id"), text(b, i, "name"), text(b, i, "type"),
                           text(b, i, "type_zh"), text(b, i, "status")});
  }
  if (result.has_layer("gaps")) {
    OutputLayer g = result.layer("gaps", d.crs);
    d.gaps = std::move(g.polygons);
  }
  if (result.has_layer("targets")) {
    const OutputLayer t = result.layer("targets");
    for (std::size_t i = 0; i < t.size(); ++i) {
      TargetRow r;
      r.name = text(t, i, "name");
      r.level = text(t, i, "level");
      r.youth = number_or_nan(t, i, "youth");
      r.pairing_rate = number_or_nan(t, i, "pairing_rate");
      r.pairing_target = number_or_nan(t, i, "pairing_target");
      r.urban_reach_rate = number_or_nan(t, i, "urban_reach_rate");
      r.bases = number_or_nan(t, i, "bases");
      r.base_quota = number_or_nan(t, i, "base_quota");
      r.specialists = number_or_nan(t, i, "specialists");
      r.specialist_quota = number_or_nan(t, i, "specialist_quota");
      r.pairing_met = number_or_nan(t, i, "pairing_met");
      r.urban_reach_met = number_or_nan(t, i, "urban_reach_met");
      r.bases_met = number_or_nan(t, i, "bases_met");
      r.specialists_met = number_or_nan(t, i, "specialists_met");
      if (r.level == "all" || r.level == "county") d.targets.push_back(std::move(r));
    }
  }
  return d;
}

std::vector<PagePlan> plan_pages(const AtlasData& data, int per_page) {
  std::vector<PagePlan> pages;
  per_page = std::max(1, per_page);
  for (std::size_t c = 0; c < data.counties.size(); ++c) {
    const County& county = data.counties[c];
    std::vector<std::size_t> mine;
    for (std::size_t t = 0; t < data.towns.size(); ++t)
      if (data.towns[t].county_code == county.code) mine.push_back(t);
    if (mine.empty()) continue;
    if (data.counties.size() > 1) {
      pages.push_back({county.name + " " + county.code, county.name + " " + county.code, c, mine});
      continue;
    }
    static const char* zh[] = {"街道", "镇", "乡"};
    static const char* en[] = {"subdistricts (街道)", "towns (镇)", "townships (乡)"};
    for (int k = 0; k < 3; ++k) {
      std::vector<std::size_t> group;
      for (std::size_t t : mine)
        if (township_class(data.towns[t].code) == k) group.push_back(t);
      if (group.empty()) continue;
      const std::size_t parts = (group.size() + static_cast<std::size_t>(per_page) - 1) /
                                static_cast<std::size_t>(per_page);
      for (std::size_t p = 0; p < parts; ++p) {
        const std::size_t from = group.size() * p / parts, to = group.size() * (p + 1) / parts;
        const std::string part =
            parts > 1 ? " (" + std::to_string(p + 1) + "/" + std::to_string(parts) + ")" : "";
        pages.push_back(
            {county.name + " · " + zh[k] + part, county.name + " · " + en[k] + part, c,
             std::vector<std::size_t>(group.begin() + static_cast<std::ptrdiff_t>(from),
                                      group.begin() + static_cast<std::ptrdiff_t>(to))});
      }
    }
  }
  return pages;
}

}  // namespace sunplan::atlas
