// How far each service base reaches, by base type and by the urban/rural class of its township.
//
//   CatchmentRadii radii;                                  // documented defaults
//   radii.urban_m[static_cast<int>(BaseType::rehab)] = 2500;
//   std::vector<double> r = base_radii_m(d.bases, d.admin, radii);   // one per base, metres
//
// A negative radius means "leave this base out" (e.g. candidates when measuring today's
// coverage): distance_reach() then ignores it for both nearest base and reach.
// Rationale for the defaults (GB 50180-2018 life circles) is in docs/coverage.md.
#pragma once

#include <array>
#include <vector>

#include "sunplan/core/dataset.hpp"

namespace sunplan::coverage {

struct CatchmentRadii {
  // Index by static_cast<int>(BaseType). Defaults: see catchment_radius.cpp / docs/coverage.md.
  std::array<double, kBaseTypeCount> urban_m = default_urban_m();
  std::array<double, kBaseTypeCount> rural_m = default_rural_m();
  // Class used when neither the base's township nor any ancestor says urban or rural.
  UrbanRural unknown_as = UrbanRural::rural;
  // Which statuses take part; the others get radius -1. Default: existing and planned.
  std::array<bool, 3> include_status = {true, false, true};  // existing, candidate, planned

  double radius_m(BaseType type, UrbanRural ur) const;

  static std::array<double, kBaseTypeCount> default_urban_m();
  static std::array<double, kBaseTypeCount> default_rural_m();
};

// The urban/rural class of `unit`, taken from the nearest ancestor that has one
// (kNone or all-unknown gives UrbanRural::unknown).
UrbanRural unit_class(const AdminUnits& admin, std::int32_t unit);

// Radius in metres for every base (size bases.size()); -1 for excluded statuses.
std::vector<double> base_radii_m(const Bases& bases, const AdminUnits& admin,
                                 const CatchmentRadii& radii);

}  // namespace sunplan::coverage
