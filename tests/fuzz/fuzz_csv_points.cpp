// libFuzzer target: CSV point loading through load_dataset, on a fixed two-township layer.
// The first input byte picks the layer the CSV is read as (youth, bases, teams); the rest is
// the CSV text (header "id,lon,lat,..." with columns named after the sunplan fields).
//
//   build/fuzz/fuzz_csv_points tests/fuzz/corpus/csv_points -max_total_time=30
//
// Checks: only InputError may escape (a missing required column), every row is either kept
// or rejected exactly once, and every problem names the file, the layer and a real row.
#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_vsi.h>
#include <gdal.h>

#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sunplan/core/error.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/io/load.hpp"

namespace {

const char* kTownships = "/vsimem/fuzz/townships.geojson";
const char* kPoints = "/vsimem/fuzz/points.csv";

// Two adjacent 0.1-degree townships in Shanghai, WGS84.
const char* kTownshipsJson = R"({"type":"FeatureCollection","features":[
{"type":"Feature","properties":{"code":"310101001","name":"A街道"},"geometry":{"type":"Polygon",
 "coordinates":[[[121.4,31.2],[121.5,31.2],[121.5,31.3],[121.4,31.3],[121.4,31.2]]]}},
{"type":"Feature","properties":{"code":"310101002","name":"B镇"},"geometry":{"type":"Polygon",
 "coordinates":[[[121.5,31.2],[121.6,31.2],[121.6,31.3],[121.5,31.3],[121.5,31.2]]]}}]})";

void write_file(const char* path, const std::uint8_t* data, std::size_t size) {
  VSILFILE* f = VSIFOpenL(path, "wb");
  VSIFWriteL(data, 1, size, f);
  VSIFCloseL(f);
}

void require(bool ok, const std::string& what) {
  if (ok) return;
  std::fprintf(stderr, "invariant broken: %s\n", what.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  GDALAllRegister();
  CPLSetConfigOption("CPL_LOG", "/dev/null");
  CPLPushErrorHandler(CPLQuietErrorHandler);
  write_file(kTownships, reinterpret_cast<const std::uint8_t*>(kTownshipsJson),
             std::char_traits<char>::length(kTownshipsJson));
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace sunplan;
  if (size < 1) return 0;
  const char* roles[] = {"youth", "bases", "teams"};
  const std::string role = roles[data[0] % 3];
  write_file(kPoints, data + 1, size - 1);

  Scenario sc;
  sc.file = "/vsimem/fuzz/scenario.toml";
  sc.folder = "/vsimem/fuzz";
  LayerSpec towns;
  towns.role = "townships";
  towns.source = kTownships;
  sc.layers["townships"] = towns;
  LayerSpec points;
  points.role = role;
  points.source = kPoints;
  points.x_field = "lon";
  points.y_field = "lat";
  if (role == "youth") points.mode = "points";
  sc.layers[role] = points;

  NullProgress progress;
  try {
    const LoadResult r = load_dataset(sc, progress);
    const LayerReport* rep = nullptr;
    for (const LayerReport& l : r.layers)
      if (l.role == role) rep = &l;
    require(rep != nullptr, "a report for the points layer");
    require(rep->kept + rep->rejected == rep->features_read,
            "kept + rejected == read: " + std::to_string(rep->kept) + " + " +
                std::to_string(rep->rejected) + " != " + std::to_string(rep->features_read));
    for (const Problem& p : r.dataset.problems.all()) {
      require(!p.file.empty() && !p.layer.empty(), "problem names file and layer");
      if (p.layer == "points")
        require(p.row == -1 || (p.row >= 1 && p.row <= rep->features_read), "problem row in range");
    }
  } catch (const InputError& e) {
    require(std::string(e.what()).find(kPoints) != std::string::npos,
            "InputError names the file: " + std::string(e.what()));
  }
  VSIUnlink(kPoints);
  return 0;
}
