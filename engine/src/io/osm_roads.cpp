#include "sunplan/io/osm_roads.hpp"

#include <algorithm>
#include <osmium/handler.hpp>
#include <osmium/handler/node_locations_for_ways.hpp>
#include <osmium/index/map/flex_mem.hpp>
#include <osmium/io/any_input.hpp>
#include <osmium/visitor.hpp>

#include "sunplan/core/error.hpp"

namespace sunplan::io {

namespace {

// Hands each way to network::OsmWays; a node without a location (missing from the file)
// makes the way degenerate there.
class WayCollector : public osmium::handler::Handler {
 public:
  explicit WayCollector(network::OsmWays& ways) : m_ways(ways) {}

  void way(const osmium::Way& way) {
    const auto& tags = way.tags();
    if (!m_ways.begin_way([&](const char* key) { return tags.get_value_by_key(key); })) return;
    bool missing = false;
    for (const auto& ref : way.nodes()) {
      if (!ref.location().valid()) {
        missing = true;
        break;
      }
      m_ways.add_node(static_cast<std::uint64_t>(ref.ref()), ref.location().lon(),
                      ref.location().lat());
    }
    m_ways.end_way(missing);
  }

 private:
  network::OsmWays& m_ways;
};

}  // namespace

network::BuiltGraph read_osm_road_graph(const std::filesystem::path& file,
                                        const network::Profile& profile,
                                        const network::ProjectLonLat& project, Progress& progress,
                                        const network::GraphBuildOptions& options) {
  if (!std::filesystem::exists(file)) {
    throw InputError(file.string(), "", -1, "", "OSM file not found");
  }
  network::OsmWays ways(profile);
  try {
    osmium::io::Reader reader(file.string(),
                              osmium::osm_entity_bits::node | osmium::osm_entity_bits::way);
    using Index = osmium::index::map::FlexMem<osmium::unsigned_object_id_type, osmium::Location>;
    Index index;
    osmium::handler::NodeLocationsForWays<Index> locations(index);
    locations.ignore_errors();  // a way with a missing node is counted as degenerate
    WayCollector collector(ways);
    const double size = static_cast<double>(std::max<std::size_t>(reader.file_size(), 1));
    while (osmium::memory::Buffer buffer = reader.read()) {
      osmium::apply(buffer, locations, collector);
      report_or_cancel(progress, 0.6 * std::min(1.0, reader.offset() / size), "read OSM");
    }
    reader.close();
  } catch (const osmium::io_error& e) {  // pbf_error, xml_error derive from it
    throw InputError(file.string(), "", -1, "", e.what());
  }
  return std::move(ways).build(project, options, progress);
}

}  // namespace sunplan::io
