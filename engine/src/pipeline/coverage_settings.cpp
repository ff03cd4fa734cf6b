#include <array>

#include "sunplan/core/error.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan {

coverage::CoverageOptions coverage_options(const Scenario& scenario) {
  const Settings& s = scenario.settings;
  coverage::CoverageOptions o;
  const std::string mode = s.text("catchment.mode");
  if (mode != "distance" && mode != "network")
    throw UsageError(scenario.file.string() + ": catchment.mode '" + mode +
                     "' is not known (use \"distance\" or \"network\")");
  // [catchment.radius_m] default = {urban, rural} sets every type; a type's own table wins.
  auto read_pair = [&](const std::string& key, int type) {
    const std::string base = "catchment.radius_m." + key;
    const double u = s.number(base + ".urban", -2), r = s.number(base + ".rural", -2);
    auto set = [&](std::array<double, kBaseTypeCount>& a, double v, const char* which) {
      if (v == -2) return;
      if (!(v > 0))
        throw UsageError(scenario.file.string() + ": " + base + "." + which +
                         " must be > 0 metres");
      if (type < 0)
        a.fill(v);
      else
        a[static_cast<std::size_t>(type)] = v;
    };
    set(o.radii.urban_m, u, "urban");
    set(o.radii.rural_m, r, "rural");
  };
  read_pair("default", -1);
  for (int t = 0; t < kBaseTypeCount; ++t) read_pair(to_string(static_cast<BaseType>(t)), t);
  // Statuses that count as serving youth today (candidates are only for siting).
  const auto statuses = s.texts("catchment.count_status");
  o.radii.include_status = {false, false, false};
  for (const std::string& st : statuses) {
    BaseStatus b;
    if (!parse_base_status(st, b))
      throw UsageError(scenario.file.string() + ": catchment.count_status: unknown status '" + st +
                       "'");
    o.radii.include_status[static_cast<std::size_t>(b)] = true;
  }
  const std::string unknown = s.text("catchment.unknown_class_as");
  if (unknown != "urban" && unknown != "rural")
    throw UsageError(scenario.file.string() +
                     ": catchment.unknown_class_as must be urban or rural");
  o.radii.unknown_as = unknown == "urban" ? UrbanRural::urban : UrbanRural::rural;
  o.figures.e2sfca.supply_is_capacity = s.boolean("catchment.e2sfca_supply_is_capacity");
  return o;
}

}  // namespace sunplan
