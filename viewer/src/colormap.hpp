// Colours of the map: the choropleth ramp, the gap colour, base types and statuses.
//
//   Choropleth c = choropleth_for(layer.columns[k]);   // domain and direction per field
//   Rgba fill = c.colour(value);                        // NaN -> kNoDataColour
//
// The ramp is ColorBrewer RdYlGn (3 classes): the worst end is the gap colour, so an
// uncovered township (served_rate 0) is exactly kGapColour, a fully served one kGoodColour.
#pragma once

#include <cstdint>
#include <string>

#include "sunplan/scene/scene.hpp"

namespace sunplan::viewer {

struct Rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(const Rgba&, const Rgba&) = default;
};

inline constexpr Rgba kGapColour{215, 48, 39, 255};
inline constexpr Rgba kMidColour{255, 255, 191, 255};
inline constexpr Rgba kGoodColour{26, 152, 80, 255};
inline constexpr Rgba kNoDataColour{190, 190, 190, 255};
inline constexpr Rgba kBackground{242, 239, 233, 255};

// t in [0, 1] from worst (gap colour) to best.
Rgba ramp(double t);

struct Choropleth {
  std::string field;
  double lo = 0.0, hi = 1.0;
  bool higher_is_better = true;
  Rgba colour(double value) const;
};

// Rates use [0, 1]; other fields their data range. Counts of unserved youth, distances
// and ranks read "higher is worse" except gap_rank (1 = worst).
Choropleth choropleth_for(const scene::Column& column);

// The density surface's ramp (ColorBrewer YlOrRd, 5 classes): t in [0, 1] of the ramp's
// top value; alpha rises from 0 at t = 0 to opaque at kDensityFadeT, so empty land shows
// the map beneath.
inline constexpr Rgba kDensityHigh{189, 0, 38, 255};
inline constexpr double kDensityFadeT = 0.12;
Rgba density_colour(double t);

// Symbol colour by base type key (warm_home, rehab, ...; unknown -> grey).
Rgba base_type_colour(const std::string& type);
// 0 circle (existing), 1 square (candidate), 2 diamond (planned or anything else).
int base_status_shape(const std::string& status);

}  // namespace sunplan::viewer
