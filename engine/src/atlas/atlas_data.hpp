// What the atlas draws, read from a result GeoPackage through io's ResultReader, and how it
// is split into pages. Internal to the atlas module.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"

namespace sunplan::atlas {

struct Town {
  std::string code, name, county_code, urban_rural, gap_reason;
  MultiPolygon shape;                                        // working CRS metres
  double youth = 0, in_reach = 0, served = 0, unserved = 0;  // NaN when withheld (privacy)
  double served_rate = 0, reach_rate = 0;  // NaN when NULL (no youth, or suppressed)
  double gap_rank = 0;                     // NaN when nobody is unserved
};

struct County {
  std::string code, name;
  MultiPolygon shape;  // empty when the result has no counties layer
};

struct Base {
  Vec2 pos;
  std::string id, name, type, type_zh, status;
};

struct TargetRow {
  std::string name, level;
  double youth = 0, pairing_rate = 0, pairing_target = 0, urban_reach_rate = 0;
  double bases = 0, base_quota = 0, specialists = 0, specialist_quota = 0;
  double pairing_met = 0, urban_reach_met = 0, bases_met = 0, specialists_met = 0;  // 1, 0 or NaN
};

struct AtlasData {
  std::string title, software, time_utc, crs, catchment_mode = "distance";
  std::vector<Town> towns;
  std::vector<County> counties;  // only counties holding a township, in code order
  std::vector<Base> bases;
  std::vector<MultiPolygon> gaps;
  std::vector<TargetRow> targets;  // the `targets` table when pairing ran
};

// Throws InputError (file, layer) when the result lacks townships or a working CRS.
AtlasData read_atlas_data(const std::string& path);

struct PagePlan {
  std::string title_zh, title_en;
  std::size_t county = 0;          // index into AtlasData::counties
  std::vector<std::size_t> towns;  // indexes into AtlasData::towns, in code order
};

// One page per county; with a single county, one page per township group (街道 / 镇 / 乡
// by code digits 7-9), groups above `per_page` townships split evenly.
std::vector<PagePlan> plan_pages(const AtlasData& data, int per_page);

}  // namespace sunplan::atlas
