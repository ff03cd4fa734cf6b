#include "colormap.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace {

using namespace sunplan::viewer;

TEST(Colormap, RampEndsAreTheGapAndGoodColours) {
  EXPECT_EQ(ramp(0.0), kGapColour);
  EXPECT_EQ(ramp(0.5), kMidColour);
  EXPECT_EQ(ramp(1.0), kGoodColour);
  EXPECT_EQ(ramp(-3.0), kGapColour);
  EXPECT_EQ(ramp(std::nan("")), kNoDataColour);
  // Halfway from the gap colour to the middle: (215+255)/2, (48+255)/2 rounded, (39+191)/2.
  EXPECT_EQ(ramp(0.25), (Rgba{235, 152, 115, 255}));
}

TEST(Colormap, RatesUseZeroToOneAndUnservedIsReversed) {
  sunplan::scene::Column rate{"served_rate", true, {0.2, 0.4}, {}, 0.2, 0.4};
  const Choropleth c = choropleth_for(rate);
  EXPECT_EQ(c.lo, 0.0);
  EXPECT_EQ(c.hi, 1.0);
  EXPECT_EQ(c.colour(0.0), kGapColour);
  sunplan::scene::Column unserved{"unserved", true, {0, 50}, {}, 0, 50};
  const Choropleth u = choropleth_for(unserved);
  EXPECT_EQ(u.colour(50), kGapColour);
  EXPECT_EQ(u.colour(0), kGoodColour);
  sunplan::scene::Column rank{"gap_rank", true, {1, 9}, {}, 1, 9};
  EXPECT_EQ(choropleth_for(rank).colour(1), kGapColour);  // rank 1 is the worst
}

TEST(Colormap, BaseSymbols) {
  EXPECT_EQ(base_status_shape("existing"), 0);
  EXPECT_EQ(base_status_shape("candidate"), 1);
  EXPECT_EQ(base_status_shape("planned"), 2);
  EXPECT_EQ(base_type_colour("warm_home"), base_type_colour("温馨家园"));
  EXPECT_NE(base_type_colour("warm_home"), base_type_colour("rehab"));
}

}  // namespace
