// `sunplan init DIR`: a commented scenario template to fill in.
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/io/output_transaction.hpp"

namespace sunplan::cli {

namespace {

constexpr const char* kTemplate =
    R"(# sunplan scenario. Paths are relative to this file. Schema: docs/scenario.md
# Check it with:  sunplan check scenario.toml     Run it with:  sunplan run scenario.toml

[run]
name = "my county"                 # shown in reports
working_crs = "auto"               # or a projected metric CRS, e.g. "EPSG:32650"
output = "out/result.gpkg"         # result GeoPackage when -o is not given
output_crs = "input"               # "input" = the townships' CRS, or e.g. "EPSG:4490"

# Township (乡镇/街道) polygons: the units coverage is counted in. Required.
[layers.townships]
source = "data.gpkg"               # GeoPackage, Shapefile, GeoJSON, FlatGeobuf, CSV or "PG:dbname=..."
layer = "township"
# crs = "EPSG:4490"                # only if the source has no CRS; also "GCJ-02", "BD-09"
# encoding = "GBK"                 # shapefiles without a .cpg file
[layers.townships.fields]
code = "code"                      # 9- or 12-digit statistical division code
name = "name"
# urban_rural = "ur_class"         # explicit urban/rural (城镇/乡村) when known
# urban_share = "urban_share"      # share of villages with NBS urban-rural code 1xx

# Optional upper levels give names (and outlines) to counties, cities and provinces.
# [layers.counties]
# source = "data.gpkg"
# layer = "county"
# [layers.counties.fields]
# code = "code"
# name = "name"

# Optional: villages with NBS urban-rural codes (111..220) decide the urban/rural class.
# [layers.villages]
# source = "villages.csv"
# x = "lon"
# y = "lat"
# [layers.villages.fields]
# code = "code12"
# ur_code = "ur_code"

# Service bases (助残志愿服务阵地): existing ones and candidates that could be named.
[layers.bases]
source = "data.gpkg"
layer = "bases"
[layers.bases.fields]
id = "id"
name = "name"
type = "type"                      # warm_home, work_therapy, rehab, care, youth_centre, community_station, other (or 温馨家园 ...)
status = "status"                  # existing, candidate, planned
capacity = "capacity"              # youth it can serve

# Youth: one point per person (or per location with a count).
[layers.youth]
source = "data.gpkg"
layer = "youth"
mode = "points"                    # or "counts": a table of counts per township code
[layers.youth.fields]
id = "id"
# count = "n"
# age = "age"
# category = "category"            # 1..7 national disability categories
# paired_team = "team_id"

# Volunteer teams.
# [layers.teams]
# source = "data.gpkg"
# layer = "teams"
# [layers.teams.fields]
# id = "id"
# capacity = "capacity"
# term_end = "term_end"            # YYYY-MM-DD

[urban_rural]
rule = "auto"                      # auto, explicit, villages or name
share_threshold = 0.5
town_by_name = "rural"             # how a 镇 is classed by its name alone
)";

}  // namespace

int run_init(const InitOptions& options) {
  namespace fs = std::filesystem;
  const fs::path file = fs::path(options.folder) / "scenario.toml";
  OutputTransaction out;  // an existing scenario is the user's work: replaced only with --force
  out.force = options.force;
  const fs::path temp = out.plan(file, Existing::refuse);
  {
    std::ofstream text(temp, std::ios::binary);
    text << kTemplate;
    text.close();
    if (!text) throw ResourceError("cannot write " + temp.string());
  }
  out.commit();
  std::printf("wrote %s\n", file.string().c_str());
  return 0;
}

}  // namespace sunplan::cli
