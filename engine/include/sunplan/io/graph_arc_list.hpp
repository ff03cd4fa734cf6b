// Plain-text export of a road graph, for external checks (networkx oracles) and debugging.
//
//   io::write_arc_list(graph, "/tmp/g.tsv");   // "tail<TAB>head<TAB>seconds" per arc, header first
#pragma once

#include <filesystem>

#include "sunplan/network/road_graph.hpp"

namespace sunplan::io {

// Seconds are written with 9 significant digits (float round-trip).
void write_arc_list(const network::RoadGraph& graph, const std::filesystem::path& file);

}  // namespace sunplan::io
