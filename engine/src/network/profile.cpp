#include "sunplan/network/profile.hpp"

#include <cstdio>

namespace sunplan::network {

const char* to_string(TravelMode mode) {
  switch (mode) {
    case TravelMode::walk:
      return "walk";
    case TravelMode::bicycle:
      return "bicycle";
    case TravelMode::ebike:
      return "ebike";
    case TravelMode::car:
      return "car";
  }
  return "?";
}

std::optional<TravelMode> parse_travel_mode(std::string_view text) {
  if (text == "walk" || text == "foot") return TravelMode::walk;
  if (text == "bicycle" || text == "bike") return TravelMode::bicycle;
  if (text == "ebike" || text == "e-bike") return TravelMode::ebike;
  if (text == "car" || text == "drive") return TravelMode::car;
  return std::nullopt;
}

Profile make_profile(TravelMode mode) {
  Profile p;
  p.mode = mode;
  switch (mode) {
    case TravelMode::walk:
      // Everything a pedestrian may use at a steady 5 km/h; steps are slower. No motorways.
      for (const char* c :
           {"trunk",          "trunk_link", "primary",       "primary_link", "secondary",
            "secondary_link", "tertiary",   "tertiary_link", "unclassified", "residential",
            "living_street",  "service",    "road",          "track",        "pedestrian",
            "footway",        "path",       "cycleway",      "bridleway",    "corridor"}) {
        p.speed_kmh[c] = 5.0;
      }
      p.speed_kmh["steps"] = 2.0;
      p.obey_oneway = false;
      p.use_maxspeed = false;
      break;
    case TravelMode::bicycle:
    case TravelMode::ebike: {
      const double ride = mode == TravelMode::ebike ? 20.0 : 15.0;
      for (const char* c :
           {"trunk", "trunk_link", "primary", "primary_link", "secondary", "secondary_link",
            "tertiary", "tertiary_link", "unclassified", "residential", "road", "cycleway"}) {
        p.speed_kmh[c] = ride;
      }
      p.speed_kmh["living_street"] = 10.0;
      p.speed_kmh["service"] = ride * 0.8;
      p.speed_kmh["track"] = ride * 0.8;
      p.speed_kmh["path"] = ride * 0.8;
      p.speed_kmh["bridleway"] = 8.0;
      // Footways and pedestrian zones are pushed at walking pace; steps are not allowed.
      p.speed_kmh["footway"] = 5.0;
      p.speed_kmh["pedestrian"] = 5.0;
      p.obey_oneway = true;
      p.use_maxspeed = false;
      break;
    }
    case TravelMode::car:
      p.speed_kmh = {{"motorway", 100.0},     {"motorway_link", 60.0},  {"trunk", 80.0},
                     {"trunk_link", 50.0},    {"primary", 60.0},        {"primary_link", 45.0},
                     {"secondary", 50.0},     {"secondary_link", 40.0}, {"tertiary", 40.0},
                     {"tertiary_link", 30.0}, {"unclassified", 30.0},   {"residential", 25.0},
                     {"living_street", 10.0}, {"service", 15.0},        {"road", 20.0},
                     {"track", 15.0}};
      p.obey_oneway = true;
      p.use_maxspeed = true;
      break;
  }
  return p;
}

std::optional<double> class_speed_kmh(const Profile& profile, std::string_view highway) {
  auto it = profile.speed_kmh.find(std::string(highway));
  if (it == profile.speed_kmh.end() || !(it->second > 0.0)) return std::nullopt;
  return it->second;
}

std::string cache_key_text(const Profile& profile) {
  std::string s = "mode=";
  s += to_string(profile.mode);
  s += ";oneway=";
  s += profile.obey_oneway ? "1" : "0";
  s += ";maxspeed=";
  s += profile.use_maxspeed ? "1" : "0";
  for (const auto& [cls, kmh] : profile.speed_kmh) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.17g", kmh);
    s += ";" + cls + "=" + buf;
  }
  return s;
}

}  // namespace sunplan::network
