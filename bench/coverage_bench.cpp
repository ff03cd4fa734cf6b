// National-scale timings for the coverage module.
//
//   bench_coverage --benchmark_filter=Reach      # 5,000,000 youth x 100,000 bases
//
// Synthetic data at national extent: an Albers-like plane 5000 km x 3500 km, a few thousand
// settlement clusters (a fifth of them urban, dense and tight; the rest rural and spread),
// youth and bases drawn around them. Fixed seeds: every run sees the same data.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "sunplan/core/dataset.hpp"
#include "sunplan/coverage/distance_reach.hpp"
#include "sunplan/coverage/served_assignment.hpp"

namespace {

using namespace sunplan;
using namespace sunplan::coverage;

struct Cluster {
  Vec2 centre;
  double sigma_m;
  bool urban;
};

struct Synthetic {
  PointSet youth;
  std::vector<std::int32_t> count;
  PointSet bases;
  std::vector<double> radius_m;
  std::vector<std::int32_t> capacity;
};

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

Synthetic make(std::size_t youth_n, std::size_t bases_n, std::size_t clusters_n, double width_m,
               double height_m, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(0, width_m), uy(0, height_m), u01(0, 1);
  std::vector<Cluster> clusters;
  std::vector<double> weight;
  for (std::size_t c = 0; c < clusters_n; ++c) {
    const bool urban = u01(rng) < 0.2;
    clusters.push_back(
        {{ux(rng), uy(rng)}, urban ? 3000 + 7000 * u01(rng) : 10000 + 30000 * u01(rng), urban});
    weight.push_back(urban ? 4.0 : 1.0);  // urban clusters hold more people
  }
  std::discrete_distribution<std::size_t> pick(weight.begin(), weight.end());
  std::normal_distribution<double> g(0, 1);
  Synthetic s;
  auto draw = [&](std::size_t& c) {
    c = pick(rng);
    const Cluster& k = clusters[c];
    return Vec2{k.centre.x + k.sigma_m * g(rng), k.centre.y + k.sigma_m * g(rng)};
  };
  s.youth.reserve(youth_n);
  for (std::size_t i = 0; i < youth_n; ++i) {
    std::size_t c;
    s.youth.push_back(draw(c));
    s.count.push_back(1);
  }
  for (std::size_t j = 0; j < bases_n; ++j) {
    std::size_t c;
    s.bases.push_back(draw(c));
    const double r =
        clusters[c].urban ? (u01(rng) < 0.3 ? 500.0 : 1000.0) : (u01(rng) < 0.2 ? 10000.0 : 5000.0);
    s.radius_m.push_back(r);
    s.capacity.push_back(u01(rng) < 0.1 ? kUnlimited : 20 + static_cast<std::int32_t>(rng() % 60));
  }
  return s;
}

const Synthetic& national() {
  static const Synthetic s = make(5'000'000, 100'000, 3000, 5'000'000, 3'500'000, 20240601);
  return s;
}

void BM_NearestOnly(benchmark::State& state) {
  const Synthetic& s = national();
  NullProgress np;
  DistanceReachOptions o;
  o.build_matrix = false;
  for (auto _ : state) {
    auto r = distance_reach(s.youth, s.bases, s.radius_m, o, np);
    benchmark::DoNotOptimize(r.nearest.data());
  }
  state.counters["youth"] = static_cast<double>(s.youth.size());
  state.counters["bases"] = static_cast<double>(s.bases.size());
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void BM_NearestAndReachMatrix(benchmark::State& state) {
  const Synthetic& s = national();
  NullProgress np;
  std::size_t entries = 0, reached = 0;
  for (auto _ : state) {
    auto r = distance_reach(s.youth, s.bases, s.radius_m, {}, np);
    entries = r.reach.entry_count();
    reached = static_cast<std::size_t>(std::count_if(
        r.in_reach_count.begin(), r.in_reach_count.end(), [](std::int32_t c) { return c > 0; }));
    benchmark::DoNotOptimize(r.reach.facility.data());
  }
  state.counters["youth"] = static_cast<double>(s.youth.size());
  state.counters["bases"] = static_cast<double>(s.bases.size());
  state.counters["entries"] = static_cast<double>(entries);
  state.counters["in_reach"] = static_cast<double>(reached);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

// Served assignment at a province's size (arg 0 youth, arg 1 bases) on its own plane.
void BM_ServedAssignment(benchmark::State& state) {
  const auto youth_n = static_cast<std::size_t>(state.range(0));
  const auto bases_n = static_cast<std::size_t>(state.range(1));
  const Synthetic s =
      make(youth_n, bases_n, std::max<std::size_t>(20, bases_n / 30), 800'000, 600'000, 77);
  NullProgress np;
  const auto reach = distance_reach(s.youth, s.bases, s.radius_m, {}, np);
  ServedAssignment a;
  ServedOptions o;
  for (auto _ : state) {
    a = assign_served(s.count, reach.reach, s.capacity, o, np);
    benchmark::DoNotOptimize(a.served.data());
  }
  state.counters["youth"] = static_cast<double>(youth_n);
  state.counters["bases"] = static_cast<double>(bases_n);
  state.counters["entries"] = static_cast<double>(reach.reach.entry_count());
  state.counters["groups"] = static_cast<double>(a.groups);
  state.counters["served"] = static_cast<double>(a.total_served);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

// The whole national synthetic set: reach, then served assignment on it.
void BM_ServedNational(benchmark::State& state) {
  const Synthetic& s = national();
  NullProgress np;
  const auto reach = distance_reach(s.youth, s.bases, s.radius_m, {}, np);
  ServedAssignment a;
  for (auto _ : state) {
    a = assign_served(s.count, reach.reach, s.capacity, {}, np);
    benchmark::DoNotOptimize(a.served.data());
  }
  state.counters["youth"] = static_cast<double>(s.youth.size());
  state.counters["bases"] = static_cast<double>(s.bases.size());
  state.counters["entries"] = static_cast<double>(reach.reach.entry_count());
  state.counters["groups"] = static_cast<double>(a.groups);
  state.counters["served"] = static_cast<double>(a.total_served);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

}  // namespace

BENCHMARK(BM_NearestOnly)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_NearestAndReachMatrix)->Unit(benchmark::kSecond)->Iterations(1);
BENCHMARK(BM_ServedAssignment)
    ->Unit(benchmark::kMillisecond)
    ->ArgNames({"youth", "bases"})
    ->Args({20'000, 500})
    ->Args({200'000, 5'000})
    ->Args({400'000, 8'000})
    ->Args({1'000'000, 20'000})
    ->Iterations(1);

BENCHMARK(BM_ServedNational)->Unit(benchmark::kSecond)->Iterations(1);

BENCHMARK_MAIN();
