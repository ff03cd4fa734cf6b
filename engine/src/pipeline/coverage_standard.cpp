#include "sunplan/pipeline/coverage_standard.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "network_stage.hpp"

namespace sunplan {

std::string CoverageStandard::describe() const {
  std::string what;
  if (mode == "network") {
    what = fmt::format("travel time on the road network within {:g} minutes", minutes.value_or(0));
  } else if (radius_m) {
    what = fmt::format("straight-line distance within {:g} m", *radius_m);
  } else if (min_radius_m && max_radius_m) {
    what = fmt::format("straight-line distance within each base's radius ({:g}–{:g} m)",
                       *min_radius_m, *max_radius_m);
  } else {
    what = "straight-line distance within each base's radius";
  }
  return what + ", " + rule + " (" + source + ")";
}

CoverageStandard figures_standard(const RunResult& r) {
  CoverageStandard s;
  if (r.network) {
    s.mode = "network";
    s.rule = "the catchment cutoff for every base";
    s.minutes = r.network->settings.cutoff_s / 60.0;
    s.source = "[catchment] mode = \"network\", [network] cutoff_min";
    return s;
  }
  s.mode = "distance";
  s.rule = "by base type and urban/rural class";
  s.source = "[catchment] radius_m";
  for (double radius : r.coverage.radius) {
    if (radius < 0) continue;  // a status that does not serve
    s.min_radius_m = std::min(s.min_radius_m.value_or(radius), radius);
    s.max_radius_m = std::max(s.max_radius_m.value_or(radius), radius);
  }
  return s;
}

CoverageStandard objective_standard(const RunResult& r) {
  const SitingOptions& o = r.siting->options;
  CoverageStandard s = figures_standard(r);
  if (o.model == siting::ModelKind::pmedian && !o.urban_first && !r.network) {
    s = CoverageStandard{};
    s.mode = "distance";
    s.rule = "p-median: the least total distance, each youth assigned within this radius";
    // The radius the run used: pmedian_radius_m = 0 means the automatic one.
    s.radius_m = r.siting->pmedian_radius_m > 0 ? r.siting->pmedian_radius_m : o.pmedian_radius_m;
    s.source = o.pmedian_radius_m > 0 ? "[siting] pmedian_radius_m"
                                      : "[siting] pmedian_radius_m = 0: automatic, every youth "
                                        "within reach of a facility";
    s.same_as_figures = false;
    return s;
  }
  if (r.network && o.cutoff_min > 0) {
    s.minutes = o.cutoff_min;
    s.rule = "one cutoff for every facility";
    s.source = "[siting] cutoff_min, --minutes";
    s.same_as_figures = o.cutoff_min * 60.0 == r.network->settings.cutoff_s;
  } else if (!r.network && o.radius_m > 0) {
    s.radius_m = o.radius_m;
    s.min_radius_m.reset();
    s.max_radius_m.reset();
    s.rule = "one radius for every facility";
    s.source = "[siting] radius_m, --radius";
    s.same_as_figures = false;
  }
  return s;
}

}  // namespace sunplan
