// One map on an atlas page: townships by served rate, gaps, bases, the county outline, an
// optional tile basemap, a scale bar and a north arrow, fitted into a frame.
#pragma once

#include <cairo.h>

#include <optional>
#include <string>
#include <vector>

#include "atlas_data.hpp"
#include "sunplan/scene/basemap.hpp"

namespace sunplan::atlas {

struct Frame {
  double x = 0, y = 0, width = 0, height = 0;  // page points
};

// The frame's projection: working-CRS metres -> page points, north up (grid north).
struct MapProjection {
  Frame frame;
  Box extent;  // working-CRS metres shown (the frame's aspect)
  double pt_per_m = 0;
  Vec2 to_page(Vec2 m) const {
    return {frame.x + (m.x - extent.min_x) * pt_per_m, frame.y + (extent.max_y - m.y) * pt_per_m};
  }
  // The map's scale denominator on paper (1 : N).
  double scale_denominator() const { return 1.0 / (pt_per_m * 0.0254 / 72.0); }
};

// Fits `content` (plus a 4% margin) into the frame, centred.
MapProjection fit(const Frame& frame, const Box& content);

// The served-rate class colour of the report and the GeoPackage style (RdYlGn, 5 classes);
// grey when NaN.
void rate_rgb(double rate, double& r, double& g, double& b);
void base_type_rgb(const std::string& type, double& r, double& g, double& b);

struct MapContent {
  const AtlasData* data = nullptr;
  std::vector<std::size_t> towns;     // coloured and labelled
  std::vector<std::size_t> context;   // drawn grey beneath (the rest of the county)
  std::vector<std::size_t> outlines;  // counties drawn as thick outlines
  bool labels = true;
  std::optional<scene::BasemapSource> basemap;
  double basemap_dpi = 150;
};

// Draws the map clipped to the frame, then the frame border, scale bar and north arrow.
// Returns the basemap's tile zoom (-1 when none was drawn).
int draw_map(cairo_t* cr, const MapProjection& p, const MapContent& content);

// A scale bar whose length is a round number of metres on the ground (1, 2 or 5 × 10^k),
// about a quarter of the frame wide, in the frame's bottom-left corner; returns its metres.
double draw_scale_bar(cairo_t* cr, const MapProjection& p, bool zh);
// A north arrow in the top-right corner, turned by the grid convergence at the frame centre
// (the angle between grid north and true north in the working CRS); returns that angle in
// degrees, clockwise from page up.
double draw_north_arrow(cairo_t* cr, const MapProjection& p, const std::string& crs);

}  // namespace sunplan::atlas
