#include "sunplan/network/network_reach.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <tuple>

#include "sunplan/network/travel_times.hpp"

namespace sunplan::network {

namespace {

struct Entry {
  std::uint32_t demand;
  float seconds;
  std::uint32_t facility;
};

struct Scratch {
  TravelTimes times;
  std::vector<std::uint32_t> marked;
  std::vector<char> mark;
  std::vector<Entry> entries;
};

// Items grouped by key in one array: key k's items are items[offsets[k] .. offsets[k + 1]).
struct ReachGrouped {
  std::vector<std::uint32_t> offsets, items;
};

// Demand points grouped by piece, so a search finds those on pieces at the nodes it reached.
ReachGrouped reach_demand_by_piece(const RoadGraph& g, std::span<const Location> demand) {
  ReachGrouped out;
  out.offsets.assign(g.piece_count() + 1, 0);
  for (const Location& at : demand) {
    if (at.routable()) ++out.offsets[at.piece + 1];
  }
  for (std::size_t p = 0; p < g.piece_count(); ++p) out.offsets[p + 1] += out.offsets[p];
  out.items.resize(out.offsets.back());
  std::vector<std::uint32_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (std::uint32_t i = 0; i < demand.size(); ++i) {
    if (demand[i].routable()) out.items[next[demand[i].piece]++] = i;
  }
  return out;
}

// Every piece at each node, whatever its open directions: a point at a piece's end is
// reached through that node even along a closed direction.
ReachGrouped reach_pieces_at_nodes(const RoadGraph& g) {
  ReachGrouped out;
  out.offsets.assign(g.node_count() + 1, 0);
  for (std::size_t p = 0; p < g.piece_count(); ++p) {
    ++out.offsets[g.piece_from[p] + 1];
    ++out.offsets[g.piece_to[p] + 1];
  }
  for (std::size_t v = 0; v < g.node_count(); ++v) out.offsets[v + 1] += out.offsets[v];
  out.items.resize(out.offsets.back());
  std::vector<std::uint32_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (std::uint32_t p = 0; p < g.piece_count(); ++p) {
    out.items[next[g.piece_from[p]]++] = p;
    out.items[next[g.piece_to[p]]++] = p;
  }
  return out;
}

// One facility's search tree: the demand points on the pieces it reached get an entry each
// when they are reached in time. Leaves the scratch's node times and marks cleared.
void reach_from_tree(const RoadGraph& g, const SourceTree& tree, std::uint32_t facility,
                     std::span<const Location> demand, const ReachGrouped& by_piece,
                     const ReachGrouped& incident, const TravelOptions& travel, Scratch& s) {
  for (std::size_t j = 0; j < tree.nodes.size(); ++j) {
    s.times.node_seconds[tree.nodes[j]] = tree.seconds[j];
    s.times.node_source[tree.nodes[j]] = facility;
  }
  s.times.seeds = {tree.seed};
  s.times.seeds[0].source = facility;
  auto visit_piece = [&](std::uint32_t p) {
    for (auto q = by_piece.offsets[p]; q < by_piece.offsets[p + 1]; ++q) {
      const auto i = by_piece.items[q];
      if (s.mark[i]) continue;
      s.mark[i] = 1;
      s.marked.push_back(i);
      const Arrival a = arrival(g, s.times, demand[i], travel);
      if (a.reached()) s.entries.push_back({i, static_cast<float>(a.seconds), facility});
    }
  };
  visit_piece(tree.seed.piece);
  for (auto v : tree.nodes) {
    for (auto k = incident.offsets[v]; k < incident.offsets[v + 1]; ++k)
      visit_piece(incident.items[k]);
  }
  for (auto i : s.marked) s.mark[i] = 0;
  s.marked.clear();
  for (auto v : tree.nodes) {
    s.times.node_seconds[v] = kUnreachable;
    s.times.node_source[v] = kNone;
  }
}

// Every thread's entries as one matrix: rows by demand point, entries by time, then facility.
ReachMatrix reach_matrix_of(tbb::enumerable_thread_specific<Scratch>& scratch,
                            std::size_t demand_count) {
  std::vector<Entry> all;
  for (auto& s : scratch) all.insert(all.end(), s.entries.begin(), s.entries.end());
  std::sort(all.begin(), all.end(), [](const Entry& a, const Entry& b) {
    return std::tie(a.demand, a.seconds, a.facility) < std::tie(b.demand, b.seconds, b.facility);
  });
  ReachMatrix r;
  r.offsets.assign(demand_count + 1, 0);
  r.facility.reserve(all.size());
  r.cost.reserve(all.size());
  for (const Entry& e : all) {
    ++r.offsets[e.demand + 1];
    r.facility.push_back(e.facility);
    r.cost.push_back(e.seconds);
  }
  for (std::size_t i = 0; i < demand_count; ++i) r.offsets[i + 1] += r.offsets[i];
  return r;
}

}  // namespace

ReachMatrix network_reach(const RoadGraph& graph, std::span<const Location> facilities,
                          std::span<const Location> demand, const ReachOptions& options,
                          Progress& progress) {
  // Searching the reversed graph from each facility gives the time from any point to it.
  RoadGraph flipped;
  const RoadGraph* g = &graph;
  if (options.direction == ReachDirection::demand_to_facility) {
    flipped = reversed(graph);
    g = &flipped;
  }
  const ReachGrouped by_piece = reach_demand_by_piece(*g, demand);
  const ReachGrouped incident = reach_pieces_at_nodes(*g);
  TravelOptions travel;
  travel.cutoff_s = options.cutoff_s;
  travel.offroad_walk_kmh = options.offroad_walk_kmh;

  tbb::enumerable_thread_specific<Scratch> scratch([&] {
    Scratch s;
    s.times.node_seconds.assign(g->node_count(), kUnreachable);
    s.times.node_source.assign(g->node_count(), kNone);
    s.mark.assign(demand.size(), 0);
    return s;
  });
  constexpr std::size_t kBlock = 256;
  for (std::size_t begin = 0; begin < facilities.size(); begin += kBlock) {
    report_or_cancel(progress, static_cast<double>(begin) / facilities.size(), "network reach");
    const std::size_t end = std::min(facilities.size(), begin + kBlock);
    NullProgress quiet;
    const auto trees =
        per_source_trees(*g, facilities.subspan(begin, end - begin), {}, travel, quiet);
    tbb::parallel_for(std::size_t{0}, trees.size(), [&](std::size_t k) {
      if (trees[k].seed.piece == kNone) return;
      reach_from_tree(*g, trees[k], static_cast<std::uint32_t>(begin + k), demand, by_piece,
                      incident, travel, scratch.local());
    });
  }
  ReachMatrix r = reach_matrix_of(scratch, demand.size());
  report_or_cancel(progress, 1.0, "network reach");
  return r;
}

}  // namespace sunplan::network
