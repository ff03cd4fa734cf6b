#include "sunplan/network/osm_ways.hpp"

#include <cstdlib>
#include <cstring>
#include <initializer_list>
#include <string_view>

#include "way_soup.hpp"

namespace sunplan::network {

namespace {

bool denies(const char* value) {
  if (!value) return false;
  const std::string_view v(value);
  return v == "no" || v == "private" || v == "agricultural" || v == "forestry";
}

// The most specific access tag present decides (e.g. motorcar over motor_vehicle over
// vehicle over access), as in the OSM access hierarchy.
bool access_allowed(const OsmTagLookup& tags, TravelMode mode) {
  auto decide = [&](std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
      if (const char* v = tags(k)) return !denies(v);
    }
    return true;
  };
  switch (mode) {
    case TravelMode::walk:
      return decide({"foot", "access"});
    case TravelMode::bicycle:
    case TravelMode::ebike:
      return decide({"bicycle", "vehicle", "access"});
    case TravelMode::car:
      return decide({"motorcar", "motor_vehicle", "vehicle", "access"});
  }
  return true;
}

std::uint8_t directions(const OsmTagLookup& tags, const Profile& profile,
                        std::string_view highway) {
  constexpr std::uint8_t both = detail::kForward | detail::kBackward;
  if (!profile.obey_oneway) {
    const char* foot = tags("oneway:foot");
    if (foot && (!std::strcmp(foot, "yes") || !std::strcmp(foot, "1"))) return detail::kForward;
    return both;
  }
  const char* oneway = nullptr;
  if (profile.mode == TravelMode::bicycle || profile.mode == TravelMode::ebike) {
    oneway = tags("oneway:bicycle");
  }
  if (!oneway) oneway = tags("oneway");
  if (oneway) {
    const std::string_view v(oneway);
    if (v == "yes" || v == "true" || v == "1") return detail::kForward;
    if (v == "-1" || v == "reverse") return detail::kBackward;
    if (v == "no" || v == "false" || v == "0") return both;
  }
  const char* junction = tags("junction");
  if (junction && (!std::strcmp(junction, "roundabout") || !std::strcmp(junction, "circular"))) {
    return detail::kForward;
  }
  if (highway == "motorway") return detail::kForward;  // implied oneway=yes
  return both;
}

// "50", "50 km/h", "30 mph"; anything else (e.g. "signals", "RU:urban") is ignored.
std::optional<double> parse_maxspeed_kmh(const char* value) {
  if (!value) return std::nullopt;
  char* end = nullptr;
  const double v = std::strtod(value, &end);
  if (end == value || !(v > 0.0)) return std::nullopt;
  if (std::strstr(end, "mph")) return v * 1.609344;
  return v;
}

}  // namespace

OsmWays::OsmWays(const Profile& profile)
    : m_profile(profile), m_soup(std::make_unique<detail::WaySoup>()) {}

OsmWays::~OsmWays() = default;

bool OsmWays::begin_way(const OsmTagLookup& tags) {
  const char* highway = tags("highway");
  if (!highway) return false;
  ++m_report.ways_read;
  auto kmh = class_speed_kmh(m_profile, highway);
  if (!kmh) return false;
  ++m_report.ways_profile_class;
  const char* area = tags("area");
  if ((area && !std::strcmp(area, "yes")) || !access_allowed(tags, m_profile.mode)) {
    ++m_report.ways_access_denied;
    return false;
  }
  if (m_profile.mode == TravelMode::car && m_profile.use_maxspeed) {
    if (auto limit = parse_maxspeed_kmh(tags("maxspeed"))) kmh = std::min(*kmh, *limit);
  }
  m_speed_mps = *kmh / 3.6;
  m_directions = directions(tags, m_profile, highway);
  m_mark = m_soup->keys.size();
  return true;
}

void OsmWays::add_node(std::uint64_t id, double lon, double lat) {
  detail::WaySoup& soup = *m_soup;
  if (soup.keys.size() > m_mark && soup.keys.back() == id) return;
  soup.keys.push_back(id);
  soup.points.push_back({lon, lat});
}

void OsmWays::end_way(bool missing_node) {
  detail::WaySoup& soup = *m_soup;
  if (missing_node || soup.keys.size() - m_mark < 2) {
    soup.keys.resize(m_mark);
    soup.points.x.resize(m_mark);
    soup.points.y.resize(m_mark);
    ++m_report.ways_degenerate;
    return;
  }
  if (m_directions != (detail::kForward | detail::kBackward)) ++m_report.oneway_ways;
  soup.close_way(m_speed_mps, m_directions);
  ++m_report.ways_used;
}

BuiltGraph OsmWays::build(const ProjectLonLat& project, const GraphBuildOptions& options,
                          Progress& progress) && {
  if (project) project(m_soup->points.x, m_soup->points.y);
  return detail::build_from_soup(std::move(*m_soup), m_report, options, progress);
}

}  // namespace sunplan::network
