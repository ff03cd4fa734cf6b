// The coordinate system of a point layer that names none (a CSV of 经度/纬度, a spreadsheet), found
// by test rather than by guess: its points are placed as WGS84, GCJ-02 (Amap, Tencent) and
// BD-09 (Baidu), and the datum that puts the most points in the township their own row declares
// (or, without codes, inside the study area) wins, if it wins clearly. Used by
// `sunplan init --from`. Internal to io.
//
//   const TownshipAreas towns(townships_choice);
//   CrsTest t = test_point_crs(youth_choice, towns);   // t.crs = "GCJ-02", t.note = the shares
#pragma once

#include <string>
#include <vector>

#include "sunplan/core/geometry.hpp"
#include "sunplan/geo/polygon_index.hpp"
#include "sunplan/io/draft_scenario.hpp"

namespace sunplan::io {

// The townships in longitude/latitude (WGS84) with their 9-digit codes, indexed.
struct TownshipAreas {
  explicit TownshipAreas(const LayerChoice& townships);
  std::vector<std::string> code9;  // per polygon, "" when unknown
  geo::PolygonIndex index;
};

struct CrsTest {
  enum class Outcome { not_tested, clear, unclear } outcome = Outcome::not_tested;
  std::string crs;   // the winner ("EPSG:4326", "GCJ-02", "BD-09", or the layer's own)
  std::string note;  // the evidence: each datum's share
};
// Tests a point layer whose CRS is absent or geographic (a projected CRS is taken as stated).
CrsTest test_point_crs(const LayerChoice& points, const TownshipAreas& towns);

}  // namespace sunplan::io
