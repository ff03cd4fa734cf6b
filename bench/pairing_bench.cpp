// National-scale timings for the pairing module (docs/pairing.md).
//
//   bench_pairing --benchmark_filter=PairYouth     # 5,000,000 youth x 50,000 teams
//   bench_pairing --benchmark_filter='PairYouth/5000/1/0/'   # sparse pricing only (run the
//   full formulation, PairYouth/5000/1/1/, in its own process: peak RSS is per process)
//
// Synthetic data at national extent: a plane 5000 km x 3500 km, 3,000 settlement clusters (a
// fifth urban: tight and four times as populous), youth and teams drawn around them; team
// capacities 20..120 (about 3.5 million places, 70% of the youth), a quarter of the youth with
// an existing pair to a random team of their cluster (so the stability step has work), half
// the teams' terms ending on day 20634 (2026-06-30) for the relay. Fixed seed.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cmath>
#include <random>
#include <string>

#include "sunplan/core/dataset.hpp"
#include "sunplan/pairing/pair_youth.hpp"
#include "sunplan/pairing/relay.hpp"

namespace {

using namespace sunplan;
using namespace sunplan::pairing;

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // KiB on Linux
}

struct Synthetic {
  Youth youth;
  Teams teams;
};

Synthetic make(std::size_t youth_n, std::size_t teams_n, std::size_t clusters_n,
               std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> ux(0, 5.0e6), uy(0, 3.5e6), u01(0, 1);
  struct Cluster {
    Vec2 centre;
    double sigma_m;
  };
  std::vector<Cluster> clusters;
  std::vector<double> weight;
  for (std::size_t c = 0; c < clusters_n; ++c) {
    const bool urban = u01(rng) < 0.2;
    clusters.push_back(
        {{ux(rng), uy(rng)}, urban ? 3000 + 7000 * u01(rng) : 10000 + 30000 * u01(rng)});
    weight.push_back(urban ? 4.0 : 1.0);
  }
  std::discrete_distribution<std::size_t> pick(weight.begin(), weight.end());
  std::normal_distribution<double> g(0, 1);
  Synthetic s;
  std::vector<std::vector<std::uint32_t>> teams_of(clusters_n);
  s.teams.pos.reserve(teams_n);
  for (std::size_t k = 0; k < teams_n; ++k) {
    const std::size_t c = pick(rng);
    const Cluster& cl = clusters[c];
    s.teams.pos.push_back(
        {cl.centre.x + g(rng) * cl.sigma_m * 0.5, cl.centre.y + g(rng) * cl.sigma_m * 0.5});
    s.teams.id.push_back("T" + std::to_string(k));
    s.teams.name.push_back({});
    s.teams.capacity.push_back(20 + static_cast<std::int32_t>(rng() % 101));
    s.teams.volunteers.push_back(0);
    s.teams.has_specialist.push_back(rng() % 2);
    s.teams.specialist.push_back({});
    s.teams.term_end.push_back(k % 2 ? 20634 : kNoDate);
    s.teams.township.push_back(kNone);
    s.teams.source_row.push_back(static_cast<std::int64_t>(k + 1));
    teams_of[c].push_back(static_cast<std::uint32_t>(k));
  }
  s.youth.pos.reserve(youth_n);
  for (std::size_t i = 0; i < youth_n; ++i) {
    const std::size_t c = pick(rng);
    const Cluster& cl = clusters[c];
    s.youth.pos.push_back({cl.centre.x + g(rng) * cl.sigma_m, cl.centre.y + g(rng) * cl.sigma_m});
    s.youth.id.push_back("Y" + std::to_string(i));
    s.youth.count.push_back(1);
    s.youth.age.push_back(-1);
    s.youth.category.push_back(0);
    const auto& own = teams_of[c];
    s.youth.paired_team.push_back(
        !own.empty() && rng() % 4 == 0 ? s.teams.id[own[rng() % own.size()]] : std::string{});
    s.youth.township.push_back(kNone);
    s.youth.source_row.push_back(static_cast<std::int64_t>(i + 1));
  }
  return s;
}

const Synthetic& national() {
  static const Synthetic s = make(5'000'000, 50'000, 3'000, 20260101);
  return s;
}

void PairYouth(benchmark::State& state) {
  const Synthetic& s = national();
  PairingOptions opt;
  opt.max_distance_m = static_cast<double>(state.range(0));
  opt.keep_existing = state.range(1) != 0;
  opt.exact_full = state.range(2) != 0;
  NullProgress progress;
  PairingResult r;
  for (auto _ : state) {
    r = pair_youth(s.youth, s.teams, nullptr, opt, progress);
    benchmark::DoNotOptimize(r.total_paired);
  }
  state.counters["youth"] = static_cast<double>(r.total_youth);
  state.counters["paired"] = static_cast<double>(r.total_paired);
  state.counters["kept"] = static_cast<double>(r.total_kept);
  state.counters["locations"] = static_cast<double>(r.locations);
  state.counters["components"] = static_cast<double>(r.components);
  state.counters["pairs_in_reach"] = static_cast<double>(r.pairs_in_reach);
  state.counters["arcs"] = static_cast<double>(r.arcs);
  state.counters["rounds"] = static_cast<double>(r.pricing_rounds);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}
// Args: limit (m), keep existing pairs, full formulation (1) or sparse pricing (0, default).
BENCHMARK(PairYouth)
    ->Args({5000, 1, 0})
    ->Args({5000, 0, 0})
    ->Args({5000, 1, 1})
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

void Relay(benchmark::State& state) {
  const Synthetic& s = national();
  PairingOptions opt;
  NullProgress progress;
  const PairingResult p = pair_youth(s.youth, s.teams, nullptr, opt, progress);
  const auto pairs = pairs_of(p);
  RelayOptions ro;
  ro.date_days = 20634;
  RelayPlan plan;
  for (auto _ : state) {
    plan = plan_relay(s.youth, s.teams, pairs, nullptr, ro, progress);
    benchmark::DoNotOptimize(plan.handed_over);
  }
  state.counters["to_hand_over"] = static_cast<double>(plan.youth_to_hand_over);
  state.counters["handed_over"] = static_cast<double>(plan.handed_over);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK(Relay)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
