// Travel profiles: which OSM highway classes a mode may use, at what speed, and whether
// one-way streets bind it.
//
//   sunplan::network::Profile car = sunplan::network::make_profile(TravelMode::car);
//   car.speed_kmh["residential"] = 20.0;   // override one class
//   car.speed_kmh.erase("service");        // forbid a class
//
// The defaults are documented in docs/network.md. A class that is absent from speed_kmh is
// not routable for the profile, which is how access rules by class are expressed (no
// motorways on foot, no footways/paths/steps by car).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace sunplan::network {

enum class TravelMode { walk, bicycle, ebike, car };

const char* to_string(TravelMode mode);
std::optional<TravelMode> parse_travel_mode(std::string_view text);

struct Profile {
  TravelMode mode = TravelMode::walk;
  std::map<std::string, double> speed_kmh;  // highway class -> speed; absent = not routable
  bool obey_oneway = false;                 // car and bicycle: yes; walk: no
  // Car only: a numeric OSM maxspeed lowers the class speed (never raises it).
  bool use_maxspeed = true;
};

Profile make_profile(TravelMode mode);

// Speed for a class, or nullopt when the profile may not use it.
std::optional<double> class_speed_kmh(const Profile& profile, std::string_view highway);

// A canonical text of every option, used in graph cache keys.
std::string cache_key_text(const Profile& profile);

}  // namespace sunplan::network
