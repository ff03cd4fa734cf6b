// Everything the viewer's UI reads and changes, owned by App (no globals).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "args.hpp"
#include "camera.hpp"
#include "i18n.hpp"
#include "layer_style.hpp"
#include "sunplan/core/dataset.hpp"
#include "sunplan/scene/scene.hpp"
#include "sunplan/scene/statistics.hpp"
#include "worker.hpp"

namespace sunplan::viewer {

struct StatsView {
  std::vector<std::string> path;  // parent codes, outermost first; empty = provinces
  std::optional<scene::StatTable> table;
  std::vector<std::size_t> order;  // sorted row order
  bool dirty = true;
};

struct AppState {
  Args args;
  I18n text;
  std::shared_ptr<const scene::Scene> scene;
  ViewStyle style;
  Camera camera;
  bool labels = true;
  bool panels = true;
  StatsView stats;
  Job<scene::Scene> load_job;
  bool fitted_once = false;
  std::string status_line;
};

// Called when a new scene replaces the old one (first load or a finished job).
void adopt_scene(AppState& state, std::shared_ptr<const scene::Scene> scene);
// The unit layer the statistics table groups: townships, else the first polygon layer
// with a `code` column; nullptr when there is none.
const scene::Layer* units_layer(const scene::Scene& scene);
AdminLevel stats_level(const StatsView& stats);

}  // namespace sunplan::viewer
