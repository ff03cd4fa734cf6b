// What a catchment's costs are measured in: straight-line metres (distance mode) or travel
// seconds on the road network (network mode).
//
//   CoverageResult c = ...;                              // c.measure says what c's costs hold
//   layer.fields.push_back({measured_field("nearest", c.measure), FieldType::real});
//   row.push_back(output_value(c.measure, c.reach.nearest_cost[i]));  // metres, or minutes
//
// A coverage result carries its measure beside its unit-free cost vectors (radius,
// nearest_cost, mean_nearest, ...), and every output field that holds a cost is named and
// converted from it where the layer is built, so seconds can never be written as metres.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sunplan {

enum class CatchmentMeasure : std::uint8_t {
  metres,   // straight-line distance; written as metres, fields end in _m
  seconds,  // travel time; written as minutes, fields end in _min
};

// The field name for a cost of this measure: "nearest" -> "nearest_m" or "nearest_min".
inline std::string measured_field(std::string_view stem, CatchmentMeasure m) {
  return std::string(stem) + (m == CatchmentMeasure::metres ? "_m" : "_min");
}

// The value written to output for a cost of this measure: metres as they are, seconds as
// minutes (planners read travel times in minutes).
inline double output_value(CatchmentMeasure m, double cost) {
  return m == CatchmentMeasure::metres ? cost : cost / 60.0;
}

// The catchment standard's field: a radius in metres, or a cutoff in minutes.
inline std::string standard_field(CatchmentMeasure m) {
  return m == CatchmentMeasure::metres ? "radius_m" : "cutoff_min";
}

}  // namespace sunplan
