// `sunplan atlas RESULT.gpkg -o atlas.pdf`: the printable atlas of a result.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "sunplan/atlas/atlas.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan::cli {

int run_atlas(const AtlasCommandOptions& options, const CommonOptions& common) {
  atlas::AtlasOptions o;
  o.input = options.input;
  o.output = options.output;
  o.force = common.force;
  if (!atlas::parse_paper(options.paper, o.paper))
    throw UsageError("--paper wants A4 or A3, got '" + options.paper + "'");
  if (options.lang != "zh" && options.lang != "en")
    throw UsageError("--lang wants zh or en, got '" + options.lang + "'");
  o.lang = options.lang == "zh" ? atlas::Lang::zh : atlas::Lang::en;
  if (!options.basemap.empty()) {
    scene::BasemapSource b{options.basemap, scene::TileDatum::wgs84};
    if (!scene::parse_tile_datum(options.basemap_crs, b.datum))
      throw UsageError("--basemap-crs wants wgs84 or gcj02, got '" + options.basemap_crs + "'");
    scene::describe_basemap(b);  // fails early, naming the path, when it is not tiles
    o.basemap = b;
  }
  TerminalProgress progress(common.json ? ProgressStyle::quiet : common.progress);
  const atlas::AtlasReport r = atlas::write_atlas(o, progress);
  if (common.json) {
    fmt::print(
        "{}\n",
        nlohmann::json{{"output", o.output}, {"pages", r.pages}, {"page_titles", r.page_titles}}
            .dump(2));
  } else {
    fmt::print("wrote {} ({} pages)\n", o.output, r.pages);
  }
  return 0;
}

}  // namespace sunplan::cli
