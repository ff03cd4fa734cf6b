// Default QGIS styles for the result layers, stored in the GeoPackage's layer_styles so
// the file opens styled: a served-rate choropleth for admin units, base symbols by type,
// translucent catchments, hatched red gaps.
#pragma once

#include <vector>

#include "sunplan/io/output_layer.hpp"

namespace sunplan {

// The colour classes of the served-rate choropleth, shared with the report's SVG map.
struct RateClass {
  double lower, upper;
  const char* rgb;  // "r,g,b"
  const char* label;
};
const std::vector<RateClass>& served_rate_classes();
const char* base_type_rgb(int base_type);

std::vector<LayerStyle> default_styles();

}  // namespace sunplan
