#include "max_flow.hpp"

#include <algorithm>
#include <limits>
#include <queue>

namespace sunplan::siting {

void MaxFlow::add_edge(std::size_t from, std::size_t to, std::int64_t capacity) {
  m_edges.push_back({to, capacity, m_head[from]});
  m_head[from] = static_cast<std::int64_t>(m_edges.size() - 1);
  m_edges.push_back({from, 0, m_head[to]});
  m_head[to] = static_cast<std::int64_t>(m_edges.size() - 1);
}

bool MaxFlow::build_levels(std::size_t source, std::size_t sink) {
  std::fill(m_level.begin(), m_level.end(), -1);
  std::queue<std::size_t> q;
  m_level[source] = 0;
  q.push(source);
  while (!q.empty()) {
    auto v = q.front();
    q.pop();
    for (auto e = m_head[v]; e != -1; e = m_edges[e].next)
      if (m_edges[e].capacity > 0 && m_level[m_edges[e].to] < 0) {
        m_level[m_edges[e].to] = m_level[v] + 1;
        q.push(m_edges[e].to);
      }
  }
  return m_level[sink] >= 0;
}

// Iterative would be safer for deep graphs, but this graph has 4 layers.
std::int64_t MaxFlow::push(std::size_t v, std::size_t sink, std::int64_t limit) {
  if (v == sink) return limit;
  for (auto& e = m_next_edge[v]; e != -1; e = m_edges[e].next) {
    auto& edge = m_edges[e];
    if (edge.capacity <= 0 || m_level[edge.to] != m_level[v] + 1) continue;
    const auto pushed = push(edge.to, sink, std::min(limit, edge.capacity));
    if (pushed > 0) {
      edge.capacity -= pushed;
      m_edges[e ^ 1].capacity += pushed;
      return pushed;
    }
  }
  return 0;
}

std::int64_t MaxFlow::run(std::size_t source, std::size_t sink) {
  std::int64_t total = 0;
  while (build_levels(source, sink)) {
    m_next_edge = m_head;
    while (auto f = push(source, sink, std::numeric_limits<std::int64_t>::max())) total += f;
  }
  return total;
}

}  // namespace sunplan::siting
