// Scale kernels (issue 8) that no module benchmark covers: writing a result layer of N points
// to GeoPackage (the `write GeoPackage` stage of `sunplan run`), and load + validate of the
// datasets made by scripts/make-national-synthetic at three sizes.
//
//   bench_scale --benchmark_filter=WriteGpkg
//   SUNPLAN_SCALE_DIR=/tmp/bench bench_scale --benchmark_filter=Load   # after
//   scripts/bench-national
//
// Load benchmarks read DIR/{province,large,national}/scenario.toml and skip when absent.
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include "sunplan/io/load.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/pipeline/load.hpp"

namespace {

namespace fs = std::filesystem;

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

// A layer shaped like the `youth` result layer: 9 fields, points in UTM 51N metres.
sunplan::OutputLayer youth_like(std::int64_t n) {
  using sunplan::FieldType;
  sunplan::OutputLayer layer("youth", sunplan::GeometryKind::point);
  layer.fields = {{"id", FieldType::text},        {"count", FieldType::integer},
                  {"township", FieldType::text},  {"nearest_base", FieldType::text},
                  {"nearest_m", FieldType::real}, {"bases_in_reach", FieldType::integer},
                  {"served", FieldType::integer}, {"base_id", FieldType::text},
                  {"reason", FieldType::text}};
  layer.rows.reserve(static_cast<std::size_t>(n));
  layer.points.reserve(static_cast<std::size_t>(n));
  std::mt19937_64 rng(42);
  std::uniform_real_distribution<double> x(300000.0, 500000.0), y(3300000.0, 3600000.0),
      d(0.0, 20000.0);
  for (std::int64_t i = 0; i < n; ++i) {
    const bool served = i % 3 == 0;
    layer.add_point(
        {x(rng), y(rng)},
        {std::string("Y") + std::to_string(10000000 + i), std::int64_t{1}, std::string("310115001"),
         std::string("E000123"), d(rng), std::int64_t{i % 4}, std::int64_t{served ? 1 : 0},
         served ? sunplan::FieldValue{std::string("E000123")} : sunplan::FieldValue{},
         served ? sunplan::FieldValue{} : sunplan::FieldValue{std::string("no_base_in_reach")}});
  }
  return layer;
}

void BM_WriteGpkgPoints(benchmark::State& state) {
  const auto layer = youth_like(state.range(0));
  const fs::path dir =
      fs::temp_directory_path() / ("sunplan-bench-scale-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  for (auto _ : state) {
    sunplan::ResultWriter out((dir / "points.gpkg").string(), "EPSG:32651", "EPSG:4326");
    out.write(layer);
    out.commit();
  }
  state.counters["points_per_s"] = benchmark::Counter(
      static_cast<double>(state.range(0)), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["file_MB"] = static_cast<double>(fs::file_size(dir / "points.gpkg")) / 1e6;
  state.counters["peak_rss_MiB"] = peak_rss_mib();
  fs::remove_all(dir);
}
BENCHMARK(BM_WriteGpkgPoints)
    ->Arg(100'000)
    ->Arg(1'000'000)
    ->Arg(5'000'000)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

void BM_LoadValidate(benchmark::State& state, const char* size) {
  const char* dir = std::getenv("SUNPLAN_SCALE_DIR");
  const fs::path scenario = fs::path(dir ? dir : "") / size / "scenario.toml";
  if (!dir || !fs::exists(scenario)) {
    state.SkipWithError("set SUNPLAN_SCALE_DIR to the --work folder of scripts/bench-national");
    return;
  }
  const sunplan::Scenario sc = sunplan::read_scenario(scenario);
  std::int64_t youth = 0;
  for (auto _ : state) {
    sunplan::NullProgress progress;
    const auto r = sunplan::load_spread_dataset(sc, progress);
    youth = static_cast<std::int64_t>(r.dataset.youth.size());
    benchmark::DoNotOptimize(youth);
  }
  state.counters["youth"] = static_cast<double>(youth);
  state.counters["youth_per_s"] =
      benchmark::Counter(static_cast<double>(youth), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}
BENCHMARK_CAPTURE(BM_LoadValidate, province, "province")
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_LoadValidate, large, "large")
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();
BENCHMARK_CAPTURE(BM_LoadValidate, national, "national")
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
