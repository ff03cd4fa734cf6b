// The command line of sunplan-viewer.
//
//   sunplan-viewer FILE.gpkg|SCENARIO.toml [--screenshot OUT.png] [--layer NAME ...] [--view
//   lon,lat,zoom]
//                  [--size WxH] [--lang zh|en] [--field NAME] [--no-labels] [--panels]
//                  [--simplify METRES] [--density|--points] [--layer-style NAME=density|points]
//                  [--bench-frames N] [--no-lod] [--basemap TILES] [--version]
//
// parse_args throws UsageError (exit code 2) with a one-line reason.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "i18n.hpp"

namespace sunplan::viewer {

struct ViewArg {
  double lon = 0.0, lat = 0.0, zoom = 0.0;
};

struct Args {
  std::string path;
  std::string screenshot;           // empty: interactive
  std::vector<std::string> layers;  // empty: the default visible set
  std::optional<ViewArg> view;      // default: fit to data
  int width_px = 1280;
  int height_px = 800;
  std::optional<Lang> lang;           // default: from the locale
  std::string field = "served_rate";  // choropleth field
  bool labels = true;
  std::optional<bool> panels;  // default: on interactive, off for screenshots
  double simplify_m = 0.0;
  // Point layer styles, in order: --density is youth=density, --points youth=points.
  std::vector<std::pair<std::string, std::string>> layer_styles;
  int bench_frames = 0;               // > 0: render this many frames, print frame times and exit
  bool no_lod = false;                // draw full geometry at every zoom (for before/after timings)
  std::string basemap;                // MBTiles file or XYZ folder; empty = no basemap
  std::string basemap_crs = "wgs84";  // the tiles' datum: wgs84 or gcj02
  bool help = false;
  bool version = false;  // --version: print the release and revision, exit
};

Args parse_args(int argc, const char* const* argv);
const char* usage_text();

}  // namespace sunplan::viewer
