// Townships ranked by youth not served: where new bases or more places are needed first.
//
//   GapsResult g = rank_gaps(d.admin, figures, {});
//   for (const TownshipGap& t : g.ranked) print(d.admin.units[t.unit].name, t.unserved, t.reason);
//
// Order: unserved youth descending, then mean distance to the nearest base descending (the
// farther township first), then division code ascending: a total order, input-order free.
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/coverage/unit_figures.hpp"

namespace sunplan::coverage {

enum class GapReason : std::uint8_t {
  none,              // nobody unserved
  no_base_in_reach,  // every unserved youth has no base in reach
  bases_full,        // every unserved youth has bases in reach, all full
  mixed,             // some of each (see the two counts)
};
const char* to_string(GapReason r);

struct TownshipGap {
  std::int32_t unit = kNone;
  UrbanRural urban_rural = UrbanRural::unknown;
  std::int64_t youth = 0;
  std::int64_t unserved = 0;
  std::int64_t unserved_no_base = 0;
  std::int64_t unserved_full = 0;
  double mean_nearest = 0.0;  // in the coverage result's measure (metres or seconds)
  GapReason reason = GapReason::none;
};

struct GapsOptions {
  bool include_fully_served = false;  // also list townships with no unserved youth
};

struct GapsResult {
  std::vector<TownshipGap> ranked;
};

// Considers admin.townships (the leaf analysis units).
GapsResult rank_gaps(const AdminUnits& admin, const UnitFiguresResult& figures,
                     const GapsOptions& options);

}  // namespace sunplan::coverage
