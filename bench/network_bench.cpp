// Road-network benchmarks: graph build from OSM and from lines, and the multi-source pass on
// the largest OSM sample and on synthetic road grids of several million nodes.
//
//   bench_network --benchmark_counters_tabular=true
//
// Peak memory (VmHWM of the process so far) is reported as a counter.
#include <benchmark/benchmark.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "sunplan/io/osm_roads.hpp"
#include "sunplan/network/road_graph.hpp"
#include "sunplan/network/snap.hpp"
#include "sunplan/network/travel_times.hpp"

namespace {

using namespace sunplan;
using namespace sunplan::network;

double peak_rss_mb() {
  std::ifstream in("/proc/self/status");
  std::string key;
  while (in >> key) {
    if (key == "VmHWM:") {
      double kb;
      in >> kb;
      return kb / 1024.0;
    }
    in.ignore(1 << 12, '\n');
  }
  return 0.0;
}

std::filesystem::path sample(const char* name) {
  const char* env = std::getenv("SUNPLAN_SHARED_DATA");
  return std::filesystem::path(env ? env : SUNPLAN_SHARED_DATA) / "osm-samples" / name;
}

void equirect_bayreuth(std::vector<double>& x, std::vector<double>& y) {
  const double r = 6371000.0 * 3.14159265358979323846 / 180.0,
               k = std::cos(49.99 * 3.14159265358979323846 / 180.0);
  for (std::size_t i = 0; i < x.size(); ++i) {
    x[i] = (x[i] - 11.54) * k * r;
    y[i] = (y[i] - 49.99) * r;
  }
}

// The largest sample by file size and highway ways.
const char* kLargest = "north-bayreuth.osm.pbf";

void BM_OsmBuild(benchmark::State& state) {
  const auto file = sample(kLargest);
  if (!std::filesystem::exists(file)) {
    state.SkipWithError("osm sample missing");
    return;
  }
  const auto mode = static_cast<TravelMode>(state.range(0));
  NullProgress progress;
  std::size_t nodes = 0, arcs = 0;
  for (auto _ : state) {
    auto built = io::read_osm_road_graph(file, make_profile(mode), equirect_bayreuth, progress);
    nodes = built.graph.node_count();
    arcs = built.graph.arc_count();
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["arcs"] = static_cast<double>(arcs);
  state.counters["peak_MB"] = peak_rss_mb();
  state.SetLabel(to_string(mode));
}
BENCHMARK(BM_OsmBuild)->Arg(0)->Arg(3)->Unit(benchmark::kMillisecond);

void BM_OsmMultiSource(benchmark::State& state) {
  const auto file = sample(kLargest);
  if (!std::filesystem::exists(file)) {
    state.SkipWithError("osm sample missing");
    return;
  }
  NullProgress progress;
  auto built =
      io::read_osm_road_graph(file, make_profile(TravelMode::car), equirect_bayreuth, progress);
  SnapIndex index(built.graph);
  std::mt19937 rng(1);
  std::vector<Location> sources;
  for (int k = 0; k < state.range(0); ++k) {
    sources.push_back(index.snap(built.graph.nodes[rng() % built.graph.node_count()]));
  }
  for (auto _ : state) {
    auto t = multi_source_times(built.graph, sources, {}, {}, progress);
    benchmark::DoNotOptimize(t.node_seconds.data());
  }
  state.counters["nodes"] = static_cast<double>(built.graph.node_count());
  state.counters["peak_MB"] = peak_rss_mb();
}
BENCHMARK(BM_OsmMultiSource)->Arg(1)->Arg(50)->Unit(benchmark::kMillisecond);

// An n x n street grid, 100 m blocks, every 10th street a primary road, 10 % one-way.
std::vector<RoadLine> grid_lines(int n) {
  std::vector<RoadLine> lines;
  lines.reserve(2 * static_cast<std::size_t>(n) * n);
  std::mt19937 rng(7);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < n; ++i) {
      const Vec2 p{i * 100.0, j * 100.0};
      if (i + 1 < n) {
        lines.push_back({{p, {p.x + 100, p.y}},
                         j % 10 == 0 ? "primary" : "residential",
                         rng() % 10 == 0 ? 1 : 0,
                         std::nullopt});
      }
      if (j + 1 < n) {
        lines.push_back({{p, {p.x, p.y + 100}},
                         i % 10 == 0 ? "primary" : "residential",
                         rng() % 10 == 0 ? -1 : 0,
                         std::nullopt});
      }
    }
  }
  return lines;
}

void BM_GridBuild(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  const auto lines = grid_lines(n);
  NullProgress progress;
  std::size_t nodes = 0;
  for (auto _ : state) {
    auto built = build_road_graph(lines, make_profile(TravelMode::car), progress);
    nodes = built.graph.node_count();
  }
  state.counters["nodes"] = static_cast<double>(nodes);
  state.counters["peak_MB"] = peak_rss_mb();
}
BENCHMARK(BM_GridBuild)->Arg(1000)->Unit(benchmark::kMillisecond)->Iterations(1);

void BM_GridMultiSource(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  NullProgress progress;
  BuiltGraph built;
  {
    const auto lines = grid_lines(n);
    built = build_road_graph(lines, make_profile(TravelMode::car), progress);
  }
  const RoadGraph& g = built.graph;
  SnapIndex index(g);
  std::mt19937 rng(3);
  std::uniform_real_distribution<double> u(0, (n - 1) * 100.0);
  std::vector<Location> sources;
  for (int k = 0; k < state.range(1); ++k) sources.push_back(index.snap({u(rng), u(rng)}));
  std::uint64_t settled = 0;
  for (auto _ : state) {
    auto t = multi_source_times(g, sources, {}, {}, progress);
    settled = t.settled;
    benchmark::DoNotOptimize(t.node_seconds.data());
  }
  state.counters["nodes"] = static_cast<double>(g.node_count());
  state.counters["arcs"] = static_cast<double>(g.arc_count());
  state.counters["settled"] = static_cast<double>(settled);
  state.counters["peak_MB"] = peak_rss_mb();
}
BENCHMARK(BM_GridMultiSource)
    ->Args({1000, 1})
    ->Args({1000, 1000})
    ->Args({2000, 1})
    ->Args({2000, 1000})
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
