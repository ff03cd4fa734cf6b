// National point-in-polygon benchmark: 35,256 township cells, 1,000,000 random points.
//
//   bench_geo --benchmark_counters_tabular=true
//
// Figures (docs/geo.md): a plain GDAL read of the file, the same read converted to core
// types and projected to the China Albers working CRS, building the PolygonIndex, and
// locating 1,000,000 points seeded uniformly in the national lon/lat extent. Peak memory
// is the process's maximum resident set (getrusage), reported as a counter.
#include <benchmark/benchmark.h>
#include <gdal.h>
#include <ogr_api.h>
#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/geo/polygon_index.hpp"
#include "sunplan/geo/transformer.hpp"
#include "sunplan/geo/working_crs.hpp"

namespace {

using namespace sunplan;

constexpr const char* kRelative =
    "cn-township-approx-DERIVED/cn_township_voronoi_DERIVED_wgs84.gpkg";
constexpr std::uint64_t kSeed = 42;
constexpr std::size_t kPoints = 1'000'000;

std::string data_path() {
  const char* env = std::getenv("SUNPLAN_SHARED_DATA");
  return (std::filesystem::path(env ? env : SUNPLAN_BENCH_DATA) / kRelative).string();
}

double peak_rss_mib() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;  // ru_maxrss is KiB on Linux
}

void add_polygon(OGRGeometryH poly, MultiPolygon& out) {
  Polygon p;
  for (int r = 0; r < OGR_G_GetGeometryCount(poly); ++r) {
    OGRGeometryH ring = OGR_G_GetGeometryRef(poly, r);
    const int n = OGR_G_GetPointCount(ring);
    Ring ring_out(static_cast<std::size_t>(n));
    if (n > 0)
      OGR_G_GetPoints(ring, &ring_out[0].x, sizeof(Vec2), &ring_out[0].y, sizeof(Vec2), nullptr, 0);
    p.rings.push_back(std::move(ring_out));
  }
  out.push_back(std::move(p));
}

// Reads every feature; with `convert` also builds core MultiPolygons (lon/lat).
std::vector<MultiPolygon> read_layer(bool convert, std::size_t& vertices) {
  GDALDatasetH ds =
      GDALOpenEx(data_path().c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY, nullptr, nullptr, nullptr);
  if (!ds) throw std::runtime_error("cannot open " + data_path());
  OGRLayerH layer = GDALDatasetGetLayer(ds, 0);
  std::vector<MultiPolygon> out;
  vertices = 0;
  OGR_L_ResetReading(layer);
  while (OGRFeatureH f = OGR_L_GetNextFeature(layer)) {
    OGRGeometryH g = OGR_F_GetGeometryRef(f);
    MultiPolygon mp;
    if (g) {
      const auto type = wkbFlatten(OGR_G_GetGeometryType(g));
      for (int i = 0; type == wkbMultiPolygon && i < OGR_G_GetGeometryCount(g); ++i) {
        OGRGeometryH poly = OGR_G_GetGeometryRef(g, i);
        for (int r = 0; r < OGR_G_GetGeometryCount(poly); ++r)
          vertices += static_cast<std::size_t>(OGR_G_GetPointCount(OGR_G_GetGeometryRef(poly, r)));
        if (convert) add_polygon(poly, mp);
      }
      if (type == wkbPolygon && convert) add_polygon(g, mp);
    }
    if (convert) out.push_back(std::move(mp));
    OGR_F_Destroy(f);
  }
  GDALClose(ds);
  return out;
}

void project_all(std::vector<MultiPolygon>& polys, const geo::Transformer& t) {
  std::vector<double> x, y;
  for (MultiPolygon& mp : polys)
    for (Polygon& p : mp)
      for (Ring& r : p.rings) {
        x.resize(r.size());
        y.resize(r.size());
        for (std::size_t k = 0; k < r.size(); ++k) x[k] = r[k].x, y[k] = r[k].y;
        t.transform(x, y);
        for (std::size_t k = 0; k < r.size(); ++k) r[k] = {x[k], y[k]};
      }
}

struct National {
  std::vector<MultiPolygon> polygons;  // Albers metres
  PointSet points;                     // Albers metres
};

const National& national() {
  static const National data = [] {
    National n;
    std::size_t vertices = 0;
    n.polygons = read_layer(true, vertices);
    Box lonlat;
    for (const MultiPolygon& mp : n.polygons) lonlat.expand(bounds(mp));
    const geo::Transformer to_albers("EPSG:4326", geo::kChinaAlbers);
    project_all(n.polygons, to_albers);
    std::mt19937_64 rng(kSeed);
    std::uniform_real_distribution<double> lon(lonlat.min_x, lonlat.max_x),
        lat(lonlat.min_y, lonlat.max_y);
    n.points.reserve(kPoints);
    for (std::size_t i = 0; i < kPoints; ++i) n.points.push_back({lon(rng), lat(rng)});
    to_albers.transform(n.points.x, n.points.y);
    return n;
  }();
  return data;
}

void BM_GdalReadOnly(benchmark::State& state) {
  std::size_t vertices = 0;
  for (auto _ : state) benchmark::DoNotOptimize(read_layer(false, vertices));
  state.counters["vertices"] = static_cast<double>(vertices);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void BM_ReadConvertProject(benchmark::State& state) {
  const geo::Transformer to_albers("EPSG:4326", geo::kChinaAlbers);
  std::size_t vertices = 0, count = 0;
  for (auto _ : state) {
    auto polys = read_layer(true, vertices);
    project_all(polys, to_albers);
    count = polys.size();
    benchmark::DoNotOptimize(polys);
  }
  state.counters["polygons"] = static_cast<double>(count);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void BM_BuildIndex(benchmark::State& state) {
  const National& n = national();
  std::size_t bytes = 0;
  for (auto _ : state) {
    geo::PolygonIndex index(n.polygons);
    bytes = index.memory_bytes();
    benchmark::DoNotOptimize(index);
  }
  state.counters["index_MiB"] = static_cast<double>(bytes) / (1024.0 * 1024.0);
  state.counters["polygons"] = static_cast<double>(n.polygons.size());
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

void BM_LocateMillion(benchmark::State& state) {
  const National& n = national();
  const geo::PolygonIndex index(n.polygons);
  NullProgress progress;
  std::size_t inside = 0;
  for (auto _ : state) {
    const auto found = index.locate_all(n.points, progress);
    inside = 0;
    for (std::int32_t f : found) inside += f != kNone;
    benchmark::DoNotOptimize(found);
  }
  state.counters["points"] = static_cast<double>(n.points.size());
  state.counters["located"] = static_cast<double>(inside);
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

// The figure: from the file to every point's township, in one go.
void BM_EndToEnd(benchmark::State& state) {
  const National& n = national();  // the points only; polygons are re-read below
  const geo::Transformer to_albers("EPSG:4326", geo::kChinaAlbers);
  NullProgress progress;
  std::size_t vertices = 0;
  for (auto _ : state) {
    auto polys = read_layer(true, vertices);
    project_all(polys, to_albers);
    const geo::PolygonIndex index(polys);
    benchmark::DoNotOptimize(index.locate_all(n.points, progress));
  }
  state.counters["peak_rss_MiB"] = peak_rss_mib();
}

BENCHMARK(BM_GdalReadOnly)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_ReadConvertProject)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_BuildIndex)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_LocateMillion)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();
BENCHMARK(BM_EndToEnd)->Unit(benchmark::kMillisecond)->Iterations(1)->UseRealTime();

}  // namespace

int main(int argc, char** argv) {
  GDALAllRegister();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
