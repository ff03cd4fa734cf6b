#include "sunplan/network/travel_times.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <functional>

namespace sunplan::network {

namespace {

// Heap entries pack (seconds, node) in one word: the bits of a non-negative float order like
// the float, so one integer compare orders by time and then node, which also makes the
// settle order (and so the result) deterministic. Stale entries are skipped when popped
// (lazy deletion) instead of decrease-key.
inline std::uint64_t pack(float seconds, std::uint32_t node) {
  return (static_cast<std::uint64_t>(std::bit_cast<std::uint32_t>(seconds)) << 32) | node;
}

class MinHeap {
 public:
  bool empty() const { return m_items.empty(); }
  void push(std::uint64_t item) {
    m_items.push_back(item);
    std::push_heap(m_items.begin(), m_items.end(), std::greater<>());
  }
  std::uint64_t pop() {
    std::pop_heap(m_items.begin(), m_items.end(), std::greater<>());
    const auto item = m_items.back();
    m_items.pop_back();
    return item;
  }
  void clear() { m_items.clear(); }

 private:
  std::vector<std::uint64_t> m_items;
};

struct Search {
  std::vector<float> seconds;
  std::vector<std::uint32_t> source;
  std::vector<char> settled;
  std::vector<std::uint32_t> touched;  // for sparse reset between single-source runs
  MinHeap heap;
  std::uint64_t settled_count = 0;

  explicit Search(std::size_t n) : seconds(n, kUnreachable), source(n, kNone), settled(n, 0) {}

  void relax(std::uint32_t v, double t, std::uint32_t s, float cutoff) {
    const float tf = static_cast<float>(t);
    if (!(tf <= cutoff)) return;
    if (tf < seconds[v] || (tf == seconds[v] && s < source[v])) {
      if (seconds[v] == kUnreachable) touched.push_back(v);
      seconds[v] = tf;
      source[v] = s;
      heap.push(pack(tf, v));
    }
  }

  void seed(const RoadGraph& g, const Seed& s, float cutoff) {
    const auto p = s.piece;
    relax(g.piece_from[p], along(s.start_s, s.fraction, g.piece_backward_s[p]), s.source, cutoff);
    relax(g.piece_to[p], along(s.start_s, 1.0 - s.fraction, g.piece_forward_s[p]), s.source,
          cutoff);
  }

  // progress, when given, hears every 2^16 settled nodes (fraction of all nodes).
  void run(const RoadGraph& g, float cutoff, Progress* progress = nullptr) {
    while (!heap.empty()) {
      const auto item = heap.pop();
      const auto v = static_cast<std::uint32_t>(item);
      if (settled[v]) continue;
      const float t = std::bit_cast<float>(static_cast<std::uint32_t>(item >> 32));
      if (t > seconds[v]) continue;
      settled[v] = 1;
      if ((++settled_count & 0xFFFF) == 0 && progress) {
        report_or_cancel(*progress, static_cast<double>(settled_count) / g.node_count(),
                         "travel times");
      }
      const std::uint32_t s = source[v];
      for (auto a = g.arc_offsets[v], e = g.arc_offsets[v + 1]; a < e; ++a) {
        const Arc arc = g.arcs[a];
        const float nt = t + arc.seconds;
        if (nt <= cutoff &&
            (nt < seconds[arc.head] || (nt == seconds[arc.head] && s < source[arc.head]))) {
          if (seconds[arc.head] == kUnreachable) touched.push_back(arc.head);
          seconds[arc.head] = nt;
          source[arc.head] = s;
          heap.push(pack(nt, arc.head));
        }
      }
    }
  }

  void reset() {
    for (auto v : touched) {
      seconds[v] = kUnreachable;
      source[v] = kNone;
      settled[v] = 0;
    }
    touched.clear();
    heap.clear();
    settled_count = 0;
  }
};

float cutoff_of(const TravelOptions& o) {
  return o.cutoff_s >= static_cast<double>(std::numeric_limits<float>::max())
             ? kUnreachable
             : static_cast<float>(o.cutoff_s);
}

std::vector<Seed> make_seeds(std::span<const Location> sources, std::span<const double> delays_s,
                             const TravelOptions& options) {
  std::vector<Seed> seeds;
  for (std::uint32_t i = 0; i < sources.size(); ++i) {
    if (!sources[i].routable()) continue;
    const double delay = delays_s.empty() ? 0.0 : delays_s[i];
    seeds.push_back(
        {i, sources[i].piece, sources[i].fraction, start_seconds(sources[i], delay, options)});
  }
  std::sort(seeds.begin(), seeds.end(), [](const Seed& a, const Seed& b) {
    return a.piece != b.piece ? a.piece < b.piece : a.source < b.source;
  });
  return seeds;
}

}  // namespace

double start_seconds(const Location& at, double delay_s, const TravelOptions& options) {
  return delay_s + at.offroad_m / (options.offroad_walk_kmh / 3.6);
}

TravelTimes multi_source_times(const RoadGraph& graph, std::span<const Location> sources,
                               std::span<const double> delays_s, const TravelOptions& options,
                               Progress& progress) {
  report_or_cancel(progress, 0.0, "travel times");
  Search search(graph.node_count());
  const float cutoff = cutoff_of(options);
  TravelTimes out;
  out.seeds = make_seeds(sources, delays_s, options);
  for (const Seed& s : out.seeds) search.seed(graph, s, cutoff);
  search.run(graph, cutoff, &progress);
  out.settled = search.settled_count;
  out.node_seconds = std::move(search.seconds);
  out.node_source = std::move(search.source);
  report_or_cancel(progress, 1.0, "travel times");
  return out;
}

Arrival arrival(const RoadGraph& g, const TravelTimes& times, const Location& at,
                const TravelOptions& options) {
  Arrival best;
  if (!at.routable()) return best;
  const auto p = at.piece;
  const double f = at.fraction;
  auto offer = [&](double t, std::uint32_t s) {
    if (s == kNone || !(t < std::numeric_limits<double>::infinity())) return;
    if (t < best.seconds || (t == best.seconds && s < best.source)) best = {t, s};
  };
  const auto a = g.piece_from[p], b = g.piece_to[p];
  if (times.node_seconds[a] != kUnreachable) {
    offer(along(times.node_seconds[a], f, g.piece_forward_s[p]), times.node_source[a]);
  }
  if (times.node_seconds[b] != kUnreachable) {
    offer(along(times.node_seconds[b], 1.0 - f, g.piece_backward_s[p]), times.node_source[b]);
  }
  auto it = std::lower_bound(times.seeds.begin(), times.seeds.end(), p,
                             [](const Seed& s, std::uint32_t piece) { return s.piece < piece; });
  for (; it != times.seeds.end() && it->piece == p; ++it) {
    if (f >= it->fraction) {
      offer(along(it->start_s, f - it->fraction, g.piece_forward_s[p]), it->source);
    } else {
      offer(along(it->start_s, it->fraction - f, g.piece_backward_s[p]), it->source);
    }
  }
  if (!best.reached()) return best;
  best.seconds += at.offroad_m / (options.offroad_walk_kmh / 3.6);
  if (best.seconds > options.cutoff_s) return {};
  return best;
}

TravelTimes SourceTree::as_times(std::size_t node_count) const {
  TravelTimes t;
  t.node_seconds.assign(node_count, kUnreachable);
  t.node_source.assign(node_count, kNone);
  for (std::size_t k = 0; k < nodes.size(); ++k) {
    t.node_seconds[nodes[k]] = seconds[k];
    t.node_source[nodes[k]] = source;
  }
  if (seed.piece != kNone) t.seeds.push_back(seed);
  t.settled = nodes.size();
  return t;
}

std::vector<SourceTree> per_source_trees(const RoadGraph& graph, std::span<const Location> sources,
                                         std::span<const double> delays_s,
                                         const TravelOptions& options, Progress& progress) {
  std::vector<SourceTree> trees(sources.size());
  const float cutoff = cutoff_of(options);
  tbb::enumerable_thread_specific<Search> searches([&] { return Search(graph.node_count()); });
  // Blocks of sources between progress calls: Progress is not thread-safe, so only this
  // thread reports.
  constexpr std::size_t kBlock = 256;
  for (std::size_t begin = 0; begin < sources.size(); begin += kBlock) {
    report_or_cancel(progress, static_cast<double>(begin) / sources.size(), "per-source times");
    const std::size_t end = std::min(sources.size(), begin + kBlock);
    tbb::parallel_for(begin, end, [&](std::size_t i) {
      SourceTree& tree = trees[i];
      tree.source = static_cast<std::uint32_t>(i);
      if (!sources[i].routable()) return;
      Search& search = searches.local();
      const double delay = delays_s.empty() ? 0.0 : delays_s[i];
      tree.seed = {tree.source, sources[i].piece, sources[i].fraction,
                   start_seconds(sources[i], delay, options)};
      search.seed(graph, tree.seed, cutoff);
      search.run(graph, cutoff);
      tree.nodes = search.touched;
      std::sort(tree.nodes.begin(), tree.nodes.end());
      tree.seconds.reserve(tree.nodes.size());
      for (auto v : tree.nodes) tree.seconds.push_back(search.seconds[v]);
      search.reset();
    });
  }
  report_or_cancel(progress, 1.0, "per-source times");
  return trees;
}

std::vector<std::uint8_t> cutoff_bands(const TravelTimes& times,
                                       std::span<const double> cutoffs_s) {
  std::vector<std::uint8_t> band(times.node_seconds.size());
  for (std::size_t v = 0; v < band.size(); ++v) {
    const double t = times.node_seconds[v];
    band[v] = static_cast<std::uint8_t>(std::lower_bound(cutoffs_s.begin(), cutoffs_s.end(), t) -
                                        cutoffs_s.begin());
  }
  return band;
}

}  // namespace sunplan::network
