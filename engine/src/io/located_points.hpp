// Where a located row's point goes (docs/registries.md, "Into the analysis"); internal to io.
//
//   LocatedLayer L{matches, &gazetteer, &report.locate, address_column};
//   LocatedPoint p = located_point(L, row, in_townships_layer);
//   if (!p.keep) reject(row, p.reason);
//   ...
//   spread_located(townships_of_rows, gazetteer, admin, to_work, spread_rule, progress);
//
// The rule:
//  * matched to a village with a point: that point (its township by the code, not by the
//    polygon it falls in: derived cells are approximate);
//  * matched to a township, or to a village without a point, whose township is in the
//    townships layer: spread inside that township by the caller's rule for counts
//    (io/spreading.hpp; sunplan run passes coverage/spread_counts.hpp: the gazetteer's village
//    points of the township where it has any, else a grid over the polygon), each row one
//    person;
//  * matched to a township the townships layer lacks: the village's or the township's point
//    from the gazetteer, kept as a point outside every unit (warned), else rejected;
//  * matched only to a county, not matched or ambiguous: rejected, the note as the reason.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/progress.hpp"
#include "sunplan/gazetteer/address_matcher.hpp"
#include "sunplan/io/locate.hpp"
#include "sunplan/io/spreading.hpp"

namespace sunplan::io {

enum class PointFrom : std::uint8_t { geometry, gazetteer_point, spread };

struct LocatedLayer {
  std::vector<gazetteer::PlaceMatch> match;  // per row, row - 1
  const gazetteer::Gazetteer* gazetteer = nullptr;
  LocateSummary* summary = nullptr;
};

struct LocatedPoint {
  bool keep = false;
  Vec2 lonlat{NAN, NAN};  // WGS84; NaN for rows to spread
  PointFrom from = PointFrom::gazetteer_point;
  std::string township_code;               // the matched township's code
  Severity severity = Severity::rejected;  // of `reason` when not empty
  std::string reason;
};

LocatedPoint located_point(const LocatedLayer& layer, std::int64_t row,
                           const std::function<bool(const std::string&)>& township_in_layer);

// Positions (working CRS) for rows spread inside their townships: rows[k] is placed inside
// admin unit townships[k], by `spread` with the gazetteer's village points as anchors. Rows of
// one township get the spread's points in row order.
std::vector<Vec2> spread_located(const std::vector<std::int32_t>& townships,
                                 const gazetteer::Gazetteer& gazetteer, const AdminUnits& admin,
                                 const std::function<bool(double&, double&)>& lonlat_to_work,
                                 const SpreadCounts& spread, Progress& progress);

}  // namespace sunplan::io
