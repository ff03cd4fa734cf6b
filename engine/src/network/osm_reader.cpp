#include "sunplan/network/osm_reader.hpp"

#include <cstdlib>
#include <cstring>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>
#include <string_view>

#include "sunplan/core/error.hpp"
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
bool access_allowed(const osmium::TagList& tags, TravelMode mode) {
  auto decide = [&](std::initializer_list<const char*> keys) {
    for (const char* k : keys) {
      if (const char* v = tags.get_value_by_key(k)) return !denies(v);
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

std::uint8_t directions(const osmium::TagList& tags, const Profile& profile,
                        std::string_view highway) {
  constexpr std::uint8_t both = detail::kForward | detail::kBackward;
  if (!profile.obey_oneway) {
    const char* foot = tags.get_value_by_key("oneway:foot");
    if (foot && (!std::strcmp(foot, "yes") || !std::strcmp(foot, "1"))) return detail::kForward;
    return both;
  }
  const char* oneway = nullptr;
  if (profile.mode == TravelMode::bicycle || profile.mode == TravelMode::ebike) {
    oneway = tags.get_value_by_key("oneway:bicycle");
  }
  if (!oneway) oneway = tags.get_value_by_key("oneway");
  if (oneway) {
    const std::string_view v(oneway);
    if (v == "yes" || v == "true" || v == "1") return detail::kForward;
    if (v == "-1" || v == "reverse") return detail::kBackward;
    if (v == "no" || v == "false" || v == "0") return both;
  }
  const char* junction = tags.get_value_by_key("junction");
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

class WayCollector : public osmium::handler::Handler {
 public:
  WayCollector(const Profile& profile, detail::WaySoup& soup, GraphReport& report)
      : m_profile(profile), m_soup(soup), m_report(report) {}

  void way(const osmium::Way& way) {
    const auto& tags = way.tags();
    const char* highway = tags.get_value_by_key("highway");
    if (!highway) return;
    ++m_report.ways_read;
    auto kmh = class_speed_kmh(m_profile, highway);
    if (!kmh) return;
    ++m_report.ways_profile_class;
    const char* area = tags.get_value_by_key("area");
    if ((area && !std::strcmp(area, "yes")) || !access_allowed(tags, m_profile.mode)) {
      ++m_report.ways_access_denied;
      return;
    }
    if (m_profile.mode == TravelMode::car && m_profile.use_maxspeed) {
      if (auto limit = parse_maxspeed_kmh(tags.get_value_by_key("maxspeed"))) {
        kmh = std::min(*kmh, *limit);
      }
    }
    const std::size_t mark = m_soup.keys.size();
    bool complete = true;
    for (const auto& ref : way.nodes()) {
      if (!ref.location().valid()) {
        complete = false;
        break;
      }
      const auto key = static_cast<std::uint64_t>(ref.ref());
      if (m_soup.keys.size() > mark && m_soup.keys.back() == key) continue;
      m_soup.keys.push_back(key);
      m_soup.points.push_back({ref.location().lon(), ref.location().lat()});
    }
    if (!complete || m_soup.keys.size() - mark < 2) {
      m_soup.keys.resize(mark);
      m_soup.points.x.resize(mark);
      m_soup.points.y.resize(mark);
      ++m_report.ways_degenerate;
      return;
    }
    const auto dirs = directions(tags, m_profile, highway);
    if (dirs != (detail::kForward | detail::kBackward)) ++m_report.oneway_ways;
    m_soup.close_way(*kmh / 3.6, dirs);
    ++m_report.ways_used;
  }

 private:
  const Profile& m_profile;
  detail::WaySoup& m_soup;
  GraphReport& m_report;
};

}  // namespace

BuiltGraph read_osm_road_graph(const std::filesystem::path& file, const Profile& profile,
                               const ProjectLonLat& project, Progress& progress,
                               const GraphBuildOptions& options) {
  if (!std::filesystem::exists(file)) {
    throw InputError(file.string(), "", -1, "", "OSM file not found");
  }
  detail::WaySoup soup;
  GraphReport report;
  try {
    osmium::io::Reader reader(file.string(),
                              osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();  // a way with a missing node is counted as degenerate
    WayCollector collector(profile, soup, report);
    const double size = static_cast<double>(std::max<std::size_t>(reader.file_size(), 1));
    while (osmium::memory::Buffer buffer = reader.read()) {
      osmium::apply(buffer, locations, collector);
      report_or_cancel(progress, 0.6 * std::min(1.0, reader.offset() / size), "read OSM");
    }
    reader.close();
  } catch (const osmium::io_error& e) {  // pbf_error, xml_error derive from it
    throw InputError(file.string(), "", -1, "", e.what());
  }
  if (project) project(soup.points.x, soup.points.y);
  return detail::build_from_soup(std::move(soup), report, options, progress);
}

}  // namespace sunplan::network
