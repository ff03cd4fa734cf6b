// Dinic's max flow on integer capacities; internal to siting (capacitated service).
#pragma once

#include <cstdint>
#include <vector>

namespace sunplan::siting {

class MaxFlow {
 public:
  explicit MaxFlow(std::size_t nodes) : m_head(nodes, -1), m_level(nodes), m_next_edge(nodes) {}
  void add_edge(std::size_t from, std::size_t to, std::int64_t capacity);
  std::int64_t run(std::size_t source, std::size_t sink);

 private:
  bool build_levels(std::size_t source, std::size_t sink);
  std::int64_t push(std::size_t node, std::size_t sink, std::int64_t limit);

  struct Edge {
    std::size_t to;
    std::int64_t capacity;
    std::int64_t next;
  };
  std::vector<Edge> m_edges;
  std::vector<std::int64_t> m_head;
  std::vector<int> m_level;
  std::vector<std::int64_t> m_next_edge;
};

}  // namespace sunplan::siting
