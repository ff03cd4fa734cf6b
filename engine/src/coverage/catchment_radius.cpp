#include "sunplan/coverage/catchment_radius.hpp"

namespace sunplan::coverage {

// Order: warm_home, work_therapy, rehab, care, youth_centre, community_station, other.
// Urban: GB 50180-2018 life circles (15-minute walk 800-1000 m, 10-minute 500 m); specialised
// rehab and care centres serve a whole district, so a short ride. Rural: township scale.
std::array<double, kBaseTypeCount> CatchmentRadii::default_urban_m() {
  return {1000.0, 1000.0, 3000.0, 3000.0, 1000.0, 500.0, 1000.0};
}
std::array<double, kBaseTypeCount> CatchmentRadii::default_rural_m() {
  return {5000.0, 5000.0, 10000.0, 10000.0, 5000.0, 2000.0, 5000.0};
}

double CatchmentRadii::radius_m(BaseType type, UrbanRural ur) const {
  const int t = static_cast<int>(type);
  if (ur == UrbanRural::unknown) ur = unknown_as;
  return ur == UrbanRural::urban ? urban_m[t] : rural_m[t];
}

UrbanRural unit_class(const AdminUnits& admin, std::int32_t unit) {
  // A township's class may be missing while its county's is known (e.g. a city district).
  while (unit != kNone && static_cast<std::size_t>(unit) < admin.units.size()) {
    const AdminUnit& u = admin.units[static_cast<std::size_t>(unit)];
    if (u.urban_rural != UrbanRural::unknown) return u.urban_rural;
    unit = u.parent;
  }
  return UrbanRural::unknown;
}

std::vector<double> base_radii_m(const Bases& bases, const AdminUnits& admin,
                                 const CatchmentRadii& radii) {
  std::vector<double> out(bases.size(), -1.0);
  for (std::size_t i = 0; i < bases.size(); ++i) {
    const auto status = static_cast<std::size_t>(bases.status[i]);
    if (status >= radii.include_status.size() || !radii.include_status[status]) continue;
    out[i] = radii.radius_m(bases.type[i], unit_class(admin, bases.township[i]));
  }
  return out;
}

}  // namespace sunplan::coverage
