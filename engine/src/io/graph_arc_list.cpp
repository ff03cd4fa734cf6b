#include "sunplan/io/graph_arc_list.hpp"

#include <cstdio>

#include "sunplan/core/error.hpp"

namespace sunplan::io {

void write_arc_list(const network::RoadGraph& graph, const std::filesystem::path& file) {
  std::FILE* f = std::fopen(file.string().c_str(), "w");
  if (!f) throw ResourceError("cannot write " + file.string());
  std::fprintf(f, "tail\thead\tseconds\n");
  for (std::uint32_t v = 0; v < graph.node_count(); ++v) {
    for (auto a = graph.arc_offsets[v]; a < graph.arc_offsets[v + 1]; ++a) {
      std::fprintf(f, "%u\t%u\t%.9g\n", v, graph.arcs[a].head, graph.arcs[a].seconds);
    }
  }
  if (std::fclose(f) != 0) throw ResourceError("cannot write " + file.string());
}

}  // namespace sunplan::io
