#include "args.hpp"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <memory>

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

ViewArg parse_view(const std::string& v) {
  const auto c1 = v.find(','), c2 = v.find(',', c1 == std::string::npos ? c1 : c1 + 1);
  if (c1 == std::string::npos || c2 == std::string::npos)
    throw UsageError("--view wants lon,lat,zoom, got '" + v + "'");
  const ViewArg view{number(v.substr(0, c1), "--view lon"),
                     number(v.substr(c1 + 1, c2 - c1 - 1), "--view lat"),
                     number(v.substr(c2 + 1), "--view zoom")};
  if (view.lat < -85 || view.lat > 85 || view.lon < -180 || view.lon > 180)
    throw UsageError("--view lon,lat out of range: '" + v + "'");
  return view;
}

void parse_size(const std::string& v, Args& a) {
  const auto x = v.find('x');
  if (x == std::string::npos) throw UsageError("--size wants WxH, got '" + v + "'");
  a.width_px = static_cast<int>(number(v.substr(0, x), "--size width"));
  a.height_px = static_cast<int>(number(v.substr(x + 1), "--size height"));
  if (a.width_px < 64 || a.height_px < 64 || a.width_px > 8192 || a.height_px > 8192)
    throw UsageError("--size out of range (64..8192): '" + v + "'");
}

std::pair<std::string, std::string> parse_layer_style(const std::string& v) {
  const auto eq = v.find('=');
  if (eq == std::string::npos || eq == 0 ||
      (v.substr(eq + 1) != "density" && v.substr(eq + 1) != "points"))
    throw UsageError("--layer-style wants NAME=density or NAME=points, got '" + v + "'");
  return {v.substr(0, eq), v.substr(eq + 1)};
}

// The raw text of every option, checked and converted by parse_args after CLI11 has parsed.
struct Raw {
  std::string view, size, lang;
  std::vector<std::string> layer_styles;
  bool no_labels = false;
  bool panels = false, no_panels = false, density = false, points = false;  // order: parse_order
};

// Every flag, its value name and its help, in the order --help lists them.
std::unique_ptr<CLI::App> make_app(Args& a, Raw& raw) {
  auto app = std::make_unique<CLI::App>(
      "The sunplan map viewer: opens a result GeoPackage, an input dataset or a scenario\n"
      "TOML (run in memory); what-if edits, siting and layer export in the panels.",
      "sunplan-viewer");
  app->footer("Exit codes: 0 ok, 2 usage, 3 unreadable input, 4 no GL context or cannot write.");
  app->set_help_flag("-h,--help", "this text");
  app->get_formatter()->column_width(28);
  app->add_option("file", a.path, "a result GeoPackage, an input dataset or a scenario TOML")
      ->type_name("FILE");
  app->add_option("--screenshot", a.screenshot,
                  "render one frame headless (e.g. under xvfb-run), exit")
      ->type_name("OUT.png");
  app->add_option("--layer", a.layers, "only this layer is visible (repeatable)")
      ->type_name("NAME")
      ->allow_extra_args(false);  // one value per --layer
  app->add_option("--view", raw.view, "window centre in WGS84 and web-map zoom (default: fit)")
      ->type_name("LON,LAT,ZOOM");
  app->add_option("--size", raw.size, "window size in pixels (default 1280x800)")->type_name("WxH");
  app->add_option("--lang", raw.lang, "interface language (default: from the locale)")
      ->type_name("zh|en");
  app->add_option("--field", a.field, "numeric field of the township choropleth (served_rate)")
      ->type_name("NAME");
  app->add_flag("--no-labels", raw.no_labels, "no township names on the map");
  app->add_flag("--panels", raw.panels, "show the panels (screenshots: hidden)");
  app->add_flag("--no-panels", raw.no_panels, "hide the panels");
  app->add_option("--simplify", a.simplify_m, "simplify polygons at METRES display metres")
      ->type_name("METRES");
  app->add_flag("--density", raw.density, "draw youth as a density surface");
  app->add_flag("--points", raw.points, "draw youth as points");
  app->add_option("--layer-style", raw.layer_styles,
                  "--density or --points for any point layer (repeatable)")
      ->type_name("NAME=density|points")
      ->allow_extra_args(false);
  app->add_option("--basemap", a.basemap,
                  "raster background from local tiles: an MBTiles file or\n"
                  "an XYZ folder ({z}/{x}/{y}.png); see --basemap-crs")
      ->type_name("TILES");
  app->add_option("--basemap-crs", a.basemap_crs,
                  "the datum the tiles are drawn in (gcj02: Chinese web\n"
                  "maps; the tiles are shifted onto the data; default wgs84)")
      ->type_name("wgs84|gcj02");
  app->add_option("--bench-frames", a.bench_frames, "render N frames, print frame times, exit")
      ->type_name("N");
  app->add_flag("--no-lod", a.no_lod, "no levels of detail (for benchmarks)");
  app->add_flag("--version", a.version, "print the version and source revision");
  return app;
}

}  // namespace

const char* usage_text() {
  static const std::string text = [] {
    Args a;
    Raw raw;
    return make_app(a, raw)->help();
  }();
  return text.c_str();
}

Args parse_args(int argc, const char* const* argv) {
  Args a;
  Raw raw;
  const auto app = make_app(a, raw);
  try {
    app->parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    a.help = true;
    return a;
  } catch (const CLI::ParseError& e) {
    throw UsageError(e.what());
  }
  a.labels = !raw.no_labels;
  if (a.basemap_crs != "wgs84" && a.basemap_crs != "gcj02")
    throw UsageError("--basemap-crs wants wgs84 or gcj02, got '" + a.basemap_crs + "'");
  if (app->count("--bench-frames") > 0 && (a.bench_frames < 1 || a.bench_frames > 100000))
    throw UsageError("--bench-frames wants a count from 1 to 100000");
  if (!raw.view.empty()) a.view = parse_view(raw.view);
  if (!raw.size.empty()) parse_size(raw.size, a);
  if (!raw.lang.empty()) {
    Lang l;
    if (!parse_lang(raw.lang, l)) throw UsageError("--lang wants zh or en, got '" + raw.lang + "'");
    a.lang = l;
  }
  // Flags whose order matters, as given on the command line: a later one wins.
  std::size_t next_style = 0;
  for (const CLI::Option* o : app->parse_order()) {
    if (o->get_name() == "--panels")
      a.panels = true;
    else if (o->get_name() == "--no-panels")
      a.panels = false;
    else if (o->get_name() == "--density")
      a.layer_styles.emplace_back("youth", "density");
    else if (o->get_name() == "--points")
      a.layer_styles.emplace_back("youth", "points");
    else if (o->get_name() == "--layer-style")
      a.layer_styles.push_back(parse_layer_style(raw.layer_styles.at(next_style++)));
  }
  if (a.path.empty() && !a.help && !a.version) throw UsageError("no file given");
  return a;
}

}  // namespace sunplan::viewer
