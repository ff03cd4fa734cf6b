#include <algorithm>
#include <cmath>

#include "sunplan/core/progress.hpp"
#include "way_soup.hpp"

namespace sunplan::network {

void rebuild_arcs(RoadGraph& g) {
  const std::size_t n = g.node_count();
  std::vector<std::uint32_t> degree(n + 1, 0);
  for (std::size_t p = 0; p < g.piece_count(); ++p) {
    if (g.piece_forward_s[p] != kUnreachable) ++degree[g.piece_from[p] + 1];
    if (g.piece_backward_s[p] != kUnreachable) ++degree[g.piece_to[p] + 1];
  }
  for (std::size_t v = 0; v < n; ++v) degree[v + 1] += degree[v];
  g.arc_offsets = degree;
  g.arcs.assign(degree[n], Arc{});
  g.arc_piece.assign(degree[n], 0);
  std::vector<std::uint32_t> next(degree.begin(), degree.end() - 1);
  // Pieces in index order per node: the CSR is the same whatever built it.
  for (std::uint32_t p = 0; p < g.piece_count(); ++p) {
    if (g.piece_forward_s[p] != kUnreachable) {
      const auto a = next[g.piece_from[p]]++;
      g.arcs[a] = {g.piece_to[p], g.piece_forward_s[p]};
      g.arc_piece[a] = p;
    }
    if (g.piece_backward_s[p] != kUnreachable) {
      const auto a = next[g.piece_to[p]]++;
      g.arcs[a] = {g.piece_from[p], g.piece_backward_s[p]};
      g.arc_piece[a] = p;
    }
  }
}

RoadGraph reversed(const RoadGraph& graph) {
  RoadGraph r = graph;
  std::swap(r.piece_forward_s, r.piece_backward_s);
  rebuild_arcs(r);
  return r;
}

namespace detail {

std::uint32_t strong_components(const RoadGraph& g, std::vector<std::uint32_t>& component) {
  const std::uint32_t n = static_cast<std::uint32_t>(g.node_count());
  component.assign(n, kNone);
  std::vector<std::uint32_t> index(n, kNone), low(n, 0), stack, call_node, call_arc;
  std::vector<char> on_stack(n, 0);
  std::uint32_t next_index = 0, count = 0;
  for (std::uint32_t root = 0; root < n; ++root) {
    if (index[root] != kNone) continue;
    call_node.push_back(root);
    call_arc.push_back(g.arc_offsets[root]);
    index[root] = low[root] = next_index++;
    stack.push_back(root);
    on_stack[root] = 1;
    while (!call_node.empty()) {
      const std::uint32_t v = call_node.back();
      std::uint32_t& a = call_arc.back();
      if (a < g.arc_offsets[v + 1]) {
        const std::uint32_t w = g.arcs[a].head;
        ++a;
        if (index[w] == kNone) {
          index[w] = low[w] = next_index++;
          stack.push_back(w);
          on_stack[w] = 1;
          call_node.push_back(w);
          call_arc.push_back(g.arc_offsets[w]);
        } else if (on_stack[w]) {
          low[v] = std::min(low[v], index[w]);
        }
        continue;
      }
      if (low[v] == index[v]) {
        std::uint32_t w;
        do {
          w = stack.back();
          stack.pop_back();
          on_stack[w] = 0;
          component[w] = count;
        } while (w != v);
        ++count;
      }
      call_node.pop_back();
      call_arc.pop_back();
      if (!call_node.empty()) {
        const std::uint32_t parent = call_node.back();
        low[parent] = std::min(low[parent], low[v]);
      }
    }
  }
  return count;
}

namespace {

void keep_largest_component(RoadGraph& g, GraphReport& report) {
  std::vector<std::uint32_t> component;
  const std::uint32_t count = strong_components(g, component);
  report.components = count;
  if (count <= 1) return;
  std::vector<std::uint64_t> size(count, 0);
  std::vector<std::uint32_t> first_node(count, kNone);
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    ++size[component[v]];
    first_node[component[v]] = std::min(first_node[component[v]], v);
  }
  std::uint32_t best = 0;
  for (std::uint32_t c = 1; c < count; ++c) {
    if (size[c] > size[best] || (size[c] == size[best] && first_node[c] < first_node[best])) {
      best = c;
    }
  }
  std::vector<std::uint32_t> new_id(g.node_count(), kNone);
  RoadGraph out;
  for (std::uint32_t v = 0; v < g.node_count(); ++v) {
    if (component[v] != best) continue;
    new_id[v] = static_cast<std::uint32_t>(out.nodes.size());
    out.nodes.push_back(g.nodes[v]);
  }
  for (std::uint32_t p = 0; p < g.piece_count(); ++p) {
    const auto a = new_id[g.piece_from[p]], b = new_id[g.piece_to[p]];
    if (a == kNone || b == kNone) continue;
    out.piece_from.push_back(a);
    out.piece_to.push_back(b);
    out.piece_forward_s.push_back(g.piece_forward_s[p]);
    out.piece_backward_s.push_back(g.piece_backward_s[p]);
    out.piece_length_m.push_back(g.piece_length_m[p]);
    for (auto k = g.piece_point_offsets[p]; k < g.piece_point_offsets[p + 1]; ++k) {
      out.piece_points.push_back(g.piece_points[k]);
    }
    out.piece_point_offsets.push_back(static_cast<std::uint32_t>(out.piece_points.size()));
  }
  rebuild_arcs(out);
  report.nodes_dropped = g.node_count() - out.node_count();
  report.pieces_dropped = g.piece_count() - out.piece_count();
  report.arcs_dropped = g.arc_count() - out.arc_count();
  g = std::move(out);
}

}  // namespace

BuiltGraph build_from_soup(WaySoup&& soup, GraphReport report, const GraphBuildOptions& options,
                           Progress& progress) {
  report_or_cancel(progress, 0.0, "road graph");
  // Junctions: vertices used more than once (by two ways, or twice by one) and way ends.
  std::vector<std::uint64_t> sorted = soup.keys;
  std::sort(sorted.begin(), sorted.end());
  std::vector<std::uint64_t> junction_keys;
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i + 1;
    while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
    if (j - i >= 2) junction_keys.push_back(sorted[i]);
    i = j;
  }
  sorted.clear();
  sorted.shrink_to_fit();
  for (std::size_t w = 0; w + 1 < soup.way_offsets.size(); ++w) {
    junction_keys.push_back(soup.keys[soup.way_offsets[w]]);
    junction_keys.push_back(soup.keys[soup.way_offsets[w + 1] - 1]);
  }
  std::sort(junction_keys.begin(), junction_keys.end());
  junction_keys.erase(std::unique(junction_keys.begin(), junction_keys.end()), junction_keys.end());
  auto junction_of = [&](std::uint64_t key) -> std::uint32_t {
    auto it = std::lower_bound(junction_keys.begin(), junction_keys.end(), key);
    if (it == junction_keys.end() || *it != key) return kNone;
    return static_cast<std::uint32_t>(it - junction_keys.begin());
  };

  RoadGraph g;
  g.nodes.x.assign(junction_keys.size(), 0.0);
  g.nodes.y.assign(junction_keys.size(), 0.0);
  const std::size_t ways = soup.way_offsets.size() - 1;
  for (std::size_t w = 0; w < ways; ++w) {
    if (w % 4096 == 0)
      report_or_cancel(progress, 0.8 * w / std::max<std::size_t>(ways, 1), "road graph");
    const auto begin = soup.way_offsets[w], end = soup.way_offsets[w + 1];
    const double mps = soup.way_speed_mps[w];
    const auto dirs = soup.way_directions[w];
    std::uint32_t from = junction_of(soup.keys[begin]);
    g.nodes.x[from] = soup.points.x[begin];
    g.nodes.y[from] = soup.points.y[begin];
    double length = 0.0;
    g.piece_points.push_back(soup.points[begin]);
    for (auto k = begin + 1; k < end; ++k) {
      length += distance(soup.points[k - 1], soup.points[k]);
      g.piece_points.push_back(soup.points[k]);
      const std::uint32_t to = junction_of(soup.keys[k]);
      if (to == kNone) continue;
      g.nodes.x[to] = soup.points.x[k];
      g.nodes.y[to] = soup.points.y[k];
      const float seconds = static_cast<float>(length / mps);
      g.piece_from.push_back(from);
      g.piece_to.push_back(to);
      g.piece_length_m.push_back(static_cast<float>(length));
      g.piece_forward_s.push_back((dirs & kForward) ? seconds : kUnreachable);
      g.piece_backward_s.push_back((dirs & kBackward) ? seconds : kUnreachable);
      g.piece_point_offsets.push_back(static_cast<std::uint32_t>(g.piece_points.size()));
      if (k + 1 < end) g.piece_points.push_back(soup.points[k]);
      from = to;
      length = 0.0;
    }
  }
  soup = WaySoup{};
  rebuild_arcs(g);
  report.nodes_before = g.node_count();
  report.pieces_before = g.piece_count();
  report.arcs_before = g.arc_count();
  report_or_cancel(progress, 0.85, "road graph");
  if (options.keep_largest_scc_only) {
    keep_largest_component(g, report);
  } else {
    std::vector<std::uint32_t> component;
    report.components = strong_components(g, component);
  }
  report_or_cancel(progress, 1.0, "road graph");
  return {std::move(g), report};
}

}  // namespace detail
}  // namespace sunplan::network
