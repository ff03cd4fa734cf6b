#include "sunplan/coverage/gaps.hpp"

#include <algorithm>
#include <cmath>

#include "sunplan/coverage/catchment_radius.hpp"

namespace sunplan::coverage {

const char* to_string(GapReason r) {
  switch (r) {
    case GapReason::none:
      return "none";
    case GapReason::no_base_in_reach:
      return "no_base_in_reach";
    case GapReason::bases_full:
      return "bases_full";
    case GapReason::mixed:
      return "mixed";
  }
  return "unknown";
}

GapsResult rank_gaps(const AdminUnits& admin, const UnitFiguresResult& figures,
                     const GapsOptions& options) {
  GapsResult out;
  for (std::int32_t u : admin.townships) {
    if (u < 0 || static_cast<std::size_t>(u) >= figures.units.size()) continue;
    const UnitFigures& f = figures.units[static_cast<std::size_t>(u)];
    TownshipGap g;
    g.unit = u;
    g.urban_rural = unit_class(admin, u);
    g.youth = f.youth;
    g.unserved = f.youth - f.served;
    g.unserved_no_base = f.unserved_no_base;
    g.unserved_full = f.unserved_full;
    g.mean_nearest = f.mean_nearest;
    if (g.unserved_no_base > 0 && g.unserved_full > 0)
      g.reason = GapReason::mixed;
    else if (g.unserved_no_base > 0)
      g.reason = GapReason::no_base_in_reach;
    else if (g.unserved_full > 0)
      g.reason = GapReason::bases_full;
    if (g.unserved > 0 || options.include_fully_served) out.ranked.push_back(g);
  }
  // NaN distances (no youth or no base) rank as the farthest: nothing is known to be near.
  auto key_distance = [](double d) { return std::isnan(d) ? INFINITY : d; };
  std::sort(out.ranked.begin(), out.ranked.end(), [&](const TownshipGap& a, const TownshipGap& b) {
    if (a.unserved != b.unserved) return a.unserved > b.unserved;
    const double da = key_distance(a.mean_nearest), db = key_distance(b.mean_nearest);
    if (da != db) return da > db;
    const std::string& ca = admin.units[static_cast<std::size_t>(a.unit)].code;
    const std::string& cb = admin.units[static_cast<std::size_t>(b.unit)].code;
    if (ca != cb) return ca < cb;
    return a.unit < b.unit;
  });
  return out;
}

}  // namespace sunplan::coverage
