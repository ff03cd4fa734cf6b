// The legend of density surfaces: the colour ramp in youth per km² and the kernel
// bandwidth on the ground, drawn in the bottom-right corner (screenshots too).
//
//   draw_density_legend(state, map.density_legends());
#pragma once

#include <vector>

#include "app_state.hpp"
#include "map_renderer.hpp"

namespace sunplan::viewer {

void draw_density_legend(const AppState& state, const std::vector<DensityLegend>& legends);

}  // namespace sunplan::viewer
