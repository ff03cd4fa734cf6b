// Siting at two scales: 20,000 demand points x 1,000 candidates (k = 50), heuristic vs CBC
// on the same instance; and a national-size synthetic case (5 million youth aggregated to
// points, 100,000 candidates, k = 10,000 with provincial quotas) with time, memory and gap.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <unordered_map>

#include "random_instance.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

using namespace sunplan;
using namespace sunplan::siting;

namespace {

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return double(u.ru_maxrss) / 1024.0;
}

void report(benchmark::State& state, const SitingResult& r) {
  state.counters["objective"] = r.objective;
  state.counters["bound"] = r.bound;
  state.counters["gap_pct"] = 100 * r.gap;
  state.counters["sites"] = double(r.opened.size());
  state.counters["proven"] = r.proven_optimal ? 1 : 0;
  state.counters["quotas_met"] = r.feasible ? 1 : 0;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

const Instance& instance_20k() {
  static const Instance in = [] {
    test::RandomSpec s;
    s.demand = 20'000;
    s.facilities = 1'000;
    s.existing = 50;
    s.side_m = 100'000;
    s.reach_m = 5'000;
    s.max_weight = 10;
    s.seed = 2024;
    return test::random_instance(s);
  }();
  return in;
}

ModelSpec spec_20k() {
  ModelSpec spec;
  spec.k = 50;
  spec.cover_limit = 5'000;
  return spec;
}

void BM_Mclp20k_Heuristic(benchmark::State& state) {
  NullProgress p;
  HeuristicOptions o;
  o.lp_bound_max_nonzeros = 0;  // Lagrangian bound only
  SitingResult r;
  for (auto _ : state) r = solve_mclp(instance_20k(), spec_20k(), o, p);
  report(state, r);
}
BENCHMARK(BM_Mclp20k_Heuristic)->Unit(benchmark::kMillisecond)->Iterations(3);

void BM_Mclp20k_Cbc(benchmark::State& state) {
  NullProgress p;
  MipOptions o;
  o.time_limit_seconds = 600;
  SitingResult r;
  for (auto _ : state) r = solve_mip(instance_20k(), spec_20k(), o, p);
  report(state, r);
}
BENCHMARK(BM_Mclp20k_Cbc)->Unit(benchmark::kMillisecond)->Iterations(1);

// National synthetic: 3,000 towns with heavy-tailed sizes on a 2,000 km square split into 31
// provincial strips; 5,000,000 youth aggregated to 1 km grid cells around the towns;
// 100,000 candidate sites and 5,000 existing bases near towns; reach = 5 km.
struct National {
  Instance in;
  ModelSpec spec;
  std::int64_t youth = 0;
};

const National& national() {
  static const National nat = [] {
    National n;
    std::mt19937_64 rng(31);
    const double side = 2'000'000, reach = 5'000, cell = 1'000;
    const int towns = 3'000, provinces = 31;
    std::vector<double> tx(towns), ty(towns), tw(towns);
    std::uniform_real_distribution<double> pos(0, side);
    double wsum = 0;
    for (int t = 0; t < towns; ++t) {
      tx[t] = pos(rng);
      ty[t] = pos(rng);
      tw[t] = 1.0 / std::pow(t + 1.0, 0.8);
      wsum += tw[t];
    }
    std::discrete_distribution<int> pick(tw.begin(), tw.end());
    std::normal_distribution<double> spread(0, 6'000);
    // Youth aggregated to 1 km cells.
    std::unordered_map<std::int64_t, std::int64_t> cells;
    const std::int64_t per_row = std::int64_t(side / cell) + 1;
    for (std::int64_t y = 0; y < 5'000'000; ++y) {
      const int t = pick(rng);
      const double x = std::clamp(tx[t] + spread(rng), 0.0, side - 1);
      const double yy = std::clamp(ty[t] + spread(rng), 0.0, side - 1);
      ++cells[std::int64_t(yy / cell) * per_row + std::int64_t(x / cell)];
    }
    std::vector<std::pair<std::int64_t, std::int64_t>> sorted(cells.begin(), cells.end());
    std::sort(sorted.begin(), sorted.end());
    std::vector<double> dx, dy;
    for (auto [key, w] : sorted) {
      dx.push_back((double(key % per_row) + 0.5) * cell);
      dy.push_back((double(key / per_row) + 0.5) * cell);
      n.in.weight.push_back(w);
      n.youth += w;
    }
    // Facilities: 5,000 existing, then 100,000 candidates, near towns.
    const int existing = 5'000, candidates = 100'000;
    std::vector<double> fx, fy;
    for (int j = 0; j < existing + candidates; ++j) {
      const int t = pick(rng);
      fx.push_back(std::clamp(tx[t] + spread(rng), 0.0, side - 1));
      fy.push_back(std::clamp(ty[t] + spread(rng), 0.0, side - 1));
      n.in.existing.push_back(j < existing ? 1 : 0);
    }
    // Reach by a grid of reach-sized buckets.
    const std::int64_t gw = std::int64_t(side / reach) + 1;
    std::vector<std::vector<std::uint32_t>> bucket(gw * gw);
    for (std::uint32_t j = 0; j < fx.size(); ++j)
      bucket[std::int64_t(fy[j] / reach) * gw + std::int64_t(fx[j] / reach)].push_back(j);
    std::vector<std::pair<float, std::uint32_t>> row;
    for (std::size_t i = 0; i < dx.size(); ++i) {
      row.clear();
      const auto bx = std::int64_t(dx[i] / reach), by = std::int64_t(dy[i] / reach);
      for (auto yy = std::max<std::int64_t>(by - 1, 0); yy <= std::min(by + 1, gw - 1); ++yy)
        for (auto xx = std::max<std::int64_t>(bx - 1, 0); xx <= std::min(bx + 1, gw - 1); ++xx)
          for (auto j : bucket[yy * gw + xx]) {
            const double d = std::hypot(dx[i] - fx[j], dy[i] - fy[j]);
            if (d <= reach) row.push_back({float(d), j});
          }
      std::sort(row.begin(), row.end());
      for (auto [c, j] : row) {
        n.in.reach.facility.push_back(j);
        n.in.reach.cost.push_back(c);
      }
      n.in.reach.offsets.push_back(n.in.reach.facility.size());
    }
    // Provincial quotas (min = max) proportional to candidates per strip, summing to 10,000.
    QuotaLevel q{"province", std::vector<std::int32_t>(fx.size(), kNone), {}, {}};
    std::vector<std::int64_t> per(provinces, 0);
    for (std::size_t j = existing; j < fx.size(); ++j) {
      q.group[j] = std::min(provinces - 1, int(fx[j] / (side / provinces)));
      ++per[q.group[j]];
    }
    const int k = 10'000;
    int given = 0;
    for (int g = 0; g < provinces; ++g) {
      const int quota = int(double(per[g]) * k / candidates);
      q.min_new.push_back(quota);
      given += quota;
    }
    for (int g = 0; given < k; g = (g + 1) % provinces, ++given) ++q.min_new[g];
    q.max_new = q.min_new;
    n.in.quotas.push_back(q);
    n.spec.k = k;
    n.spec.cover_limit = float(reach);
    return n;
  }();
  return nat;
}

void BM_National_Mclp(benchmark::State& state) {
  const auto& nat = national();
  state.counters["demand_points"] = double(nat.in.demand_count());
  state.counters["reach_nnz"] = double(nat.in.reach.entry_count());
  state.counters["youth"] = double(nat.youth);
  NullProgress p;
  HeuristicOptions o;  // the defaults, as `sunplan site` runs it
  SitingResult r;
  for (auto _ : state) r = solve_mclp(nat.in, nat.spec, o, p);
  report(state, r);
  for (const auto& s : r.stages)
    std::fprintf(stderr, "  %-28s plan %-12.0f bound %-12.0f %7.2f s  %s\n", s.name.c_str(),
                 s.objective.value_or(NAN), s.bound.value_or(NAN), s.seconds, s.status.c_str());
  state.counters["demand_points"] = double(nat.in.demand_count());
  state.counters["reach_nnz"] = double(nat.in.reach.entry_count());
  state.counters["youth"] = double(nat.youth);
  state.counters["reachable"] = double(r.total_weight - r.unreachable_weight);
}
BENCHMARK(BM_National_Mclp)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
