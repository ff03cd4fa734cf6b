#include "args.hpp"

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "sunplan/core/error.hpp"

namespace sunplan::viewer {

namespace {

double number(const std::string& text, const char* what) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0')
    throw UsageError(std::string("bad number for ") + what + ": '" + text + "'");
  return v;
}

}  // namespace

const char* usage_text() {
  return "Usage: sunplan-viewer FILE.gpkg|SCENARIO.toml [OPTIONS]\n"
         "\n"
         "The sunplan map viewer: opens a result GeoPackage, an input dataset or a scenario\n"
         "TOML (run in memory); what-if edits, siting and layer export in the panels.\n"
         "\n"
         "Options:\n"
         "  --screenshot OUT.png      render one frame headless (e.g. under xvfb-run), exit\n"
         "  --layer NAME              only this layer is visible (repeatable)\n"
         "  --view LON,LAT,ZOOM       window centre in WGS84 and web-map zoom (default: fit)\n"
         "  --size WxH                window size in pixels (default 1280x800)\n"
         "  --lang zh|en              interface language (default: from the locale)\n"
         "  --field NAME              numeric field of the township choropleth (served_rate)\n"
         "  --no-labels               no township names on the map\n"
         "  --panels, --no-panels     show or hide the panels (screenshots: hidden)\n"
         "  --simplify METRES         simplify polygons at METRES display metres\n"
         "  --density, --points       draw youth as a density surface or as points\n"
         "  --layer-style NAME=density|points\n"
         "                            the same for any point layer (repeatable)\n"
         "  --basemap TILES           raster background from local tiles: an MBTiles file or\n"
         "                            an XYZ folder ({z}/{x}/{y}.png); see --basemap-crs\n"
         "  --basemap-crs wgs84|gcj02 the datum the tiles are drawn in (gcj02: Chinese web\n"
         "                            maps; the tiles are shifted onto the data; default wgs84)\n"
         "  --bench-frames N          render N frames, print frame times, exit\n"
         "  --no-lod                  no levels of detail (for benchmarks)\n"
         "  --version                 print the version and source revision\n"
         "  -h, --help                this text\n"
         "\n"
         "Exit codes: 0 ok, 2 usage, 3 unreadable input, 4 no GL context or cannot write.\n";
}

Args parse_args(int argc, const char* const* argv) {
  Args a;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    auto value = [&](const char* name) -> std::string {
      if (i + 1 >= argc) throw UsageError(std::string(name) + " needs a value");
      return argv[++i];
    };
    if (arg == "-h" || arg == "--help") {
      a.help = true;
    } else if (arg == "--version") {
      a.version = true;
    } else if (arg == "--screenshot") {
      a.screenshot = value("--screenshot");
    } else if (arg == "--layer") {
      a.layers.push_back(value("--layer"));
    } else if (arg == "--view") {
      const std::string v = value("--view");
      const auto c1 = v.find(','), c2 = v.find(',', c1 == std::string::npos ? c1 : c1 + 1);
      if (c1 == std::string::npos || c2 == std::string::npos)
        throw UsageError("--view wants lon,lat,zoom, got '" + v + "'");
      a.view = ViewArg{number(v.substr(0, c1), "--view lon"),
                       number(v.substr(c1 + 1, c2 - c1 - 1), "--view lat"),
                       number(v.substr(c2 + 1), "--view zoom")};
      if (a.view->lat < -85 || a.view->lat > 85 || a.view->lon < -180 || a.view->lon > 180)
        throw UsageError("--view lon,lat out of range: '" + v + "'");
    } else if (arg == "--size") {
      const std::string v = value("--size");
      const auto x = v.find('x');
      if (x == std::string::npos) throw UsageError("--size wants WxH, got '" + v + "'");
      a.width_px = static_cast<int>(number(v.substr(0, x), "--size width"));
      a.height_px = static_cast<int>(number(v.substr(x + 1), "--size height"));
      if (a.width_px < 64 || a.height_px < 64 || a.width_px > 8192 || a.height_px > 8192)
        throw UsageError("--size out of range (64..8192): '" + v + "'");
    } else if (arg == "--lang") {
      Lang l;
      const std::string v = value("--lang");
      if (!parse_lang(v, l)) throw UsageError("--lang wants zh or en, got '" + v + "'");
      a.lang = l;
    } else if (arg == "--field") {
      a.field = value("--field");
    } else if (arg == "--no-labels") {
      a.labels = false;
    } else if (arg == "--panels") {
      a.panels = true;
    } else if (arg == "--no-panels") {
      a.panels = false;
    } else if (arg == "--simplify") {
      a.simplify_m = number(value("--simplify"), "--simplify");
    } else if (arg == "--density") {
      a.layer_styles.emplace_back("youth", "density");
    } else if (arg == "--points") {
      a.layer_styles.emplace_back("youth", "points");
    } else if (arg == "--layer-style") {
      const std::string v = value("--layer-style");
      const auto eq = v.find('=');
      if (eq == std::string::npos || eq == 0 ||
          (v.substr(eq + 1) != "density" && v.substr(eq + 1) != "points"))
        throw UsageError("--layer-style wants NAME=density or NAME=points, got '" + v + "'");
      a.layer_styles.emplace_back(v.substr(0, eq), v.substr(eq + 1));
    } else if (arg == "--bench-frames") {
      const double n = number(value("--bench-frames"), "--bench-frames");
      if (n < 1 || n > 100000 || n != static_cast<int>(n))
        throw UsageError("--bench-frames wants a count from 1 to 100000");
      a.bench_frames = static_cast<int>(n);
    } else if (arg == "--basemap") {
      a.basemap = value("--basemap");
    } else if (arg == "--basemap-crs") {
      a.basemap_crs = value("--basemap-crs");
      if (a.basemap_crs != "wgs84" && a.basemap_crs != "gcj02")
        throw UsageError("--basemap-crs wants wgs84 or gcj02, got '" + a.basemap_crs + "'");
    } else if (arg == "--no-lod") {
      a.no_lod = true;
    } else if (!arg.empty() && arg[0] == '-') {
      throw UsageError("unknown option '" + std::string(arg) + "'");
    } else if (a.path.empty()) {
      a.path = std::string(arg);
    } else {
      throw UsageError("more than one file given: '" + std::string(arg) + "'");
    }
  }
  if (a.path.empty() && !a.help && !a.version) throw UsageError("no file given");
  return a;
}

}  // namespace sunplan::viewer
