// `sunplan site SCENARIO --model mclp --add K -o OUT.gpkg`: where to name new bases.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "summary_json.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan::cli {

int run_site(const SiteCommandOptions& options, const CommonOptions& common) {
  const Scenario sc = read_scenario(options.scenario);
  SitingOptions so = siting_options(sc);
  if (!options.model.empty()) {
    Scenario probe = parse_scenario(
        "[layers.townships]\nsource='x'\n[siting]\nmodel='" + options.model + "'\n", sc.file);
    so.model = siting_options(probe).model;  // same validation and message as the scenario key
  }
  if (options.add >= 0) so.add = static_cast<std::size_t>(options.add);
  if (options.budget >= 0) so.budget = options.budget;
  if (options.urban_first) so.urban_first = true;
  if (options.exact) so.exact = true;
  if (options.exactly) so.exactly = true;
  if (options.time_limit_s > 0) so.exact_time_limit_s = options.time_limit_s;
  if (options.target_share > 0) so.target_share = options.target_share;
  if (options.radius_m > 0) so.radius_m = options.radius_m;
  if (options.cutoff_min > 0) so.cutoff_min = options.cutoff_min;
  if (!options.scope.empty())
    so.scope = options.scope == "urban"   ? UrbanRural::urban
               : options.scope == "rural" ? UrbanRural::rural
                                          : UrbanRural::unknown;
  for (const std::string& t : options.candidate_types) {
    BaseType bt;
    if (!parse_base_type(t, bt))
      throw UsageError("--candidate-type: unknown base type '" + t + "'");
    so.candidate_types.push_back(bt);
  }
  TerminalProgress progress(common.json && common.progress == ProgressStyle::bar
                                ? ProgressStyle::quiet
                                : common.progress);
  RunOptions ro;
  ro.output_path = options.output;
  ro.force = common.force;
  ro.write_report = !options.no_report;
  ro.layers = options.layers;
  ro.skip_layers = options.skip_layers;
  ro.published_with = options.published_with;
  ro.siting = so;
  const RunResult r = run_scenario(sc, ro, progress);
  const SitingStage& s = *r.siting;
  const Dataset& d = r.load.dataset;
  std::vector<std::string> ids;
  for (std::int32_t b : s.chosen_bases) ids.push_back(d.bases.id[static_cast<std::size_t>(b)]);
  const auto& res = s.result;
  if (common.json) {
    nlohmann::json j = siting_json(r);
    j["output"] = r.summary.output_path;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  fmt::print("\n{}: {} new bases\n", sc.name, ids.size());
  // Aggregate privacy mode withholds what would give back a small count (disclosure.hpp).
  const Disclosure& dis = r.disclosure;
  const bool w = dis.unit(kNone), ws = dis.figure("siting");
  if (ws)
    fmt::print("  objective and bound suppressed (aggregate privacy mode), plan by {}{}\n",
               res.method, res.proven_optimal ? " — proven optimal" : "");
  else
    fmt::print("  objective {:.0f} (plan by {}), bound {:.0f} (by {}), gap {:.2f}%{}\n",
               res.objective, res.method, res.bound, res.bound_method, 100.0 * res.gap,
               res.proven_optimal ? " — proven optimal" : "");
  // Two standards may be at work: say which figure was measured against which.
  const CoverageStandard objective = objective_standard(r);
  fmt::print("  objective measured by {}\n", objective.describe());
  fmt::print("  youth in reach {} -> {}, served {} -> {} (of {}), measured by {}\n",
             Disclosure::text(w, r.coverage.figures.total.in_reach),
             Disclosure::text(w, s.after.figures.total.in_reach),
             Disclosure::text(w, r.coverage.figures.total.served),
             Disclosure::text(w, s.after.figures.total.served),
             Disclosure::text(w, r.coverage.figures.total.youth),
             objective.same_as_figures ? "the same standard" : figures_standard(r).describe());
  for (std::size_t n = 0; n < ids.size() && n < 20; ++n) {
    const auto b = static_cast<std::size_t>(s.chosen_bases[n]);
    fmt::print("  {:>3}. {} {} ({}) {}\n", n + 1, ids[n], d.bases.name[b],
               chinese_name(d.bases.type[b]),
               dis.site(n)
                   ? "suppressed"
                   : fmt::format("{:+.0f}", n < s.marginal_gain.size() ? s.marginal_gain[n] : 0.0));
  }
  if (ids.size() > 20) fmt::print("  ... and {} more (layer 'sites')\n", ids.size() - 20);
  if (s.exact && !ws)
    fmt::print("  CBC ({:.0f} s, {}): {}{}\n", s.exact->seconds, s.exact->status,
               s.exact->objective ? fmt::format("plan {:.0f}", *s.exact->objective) : "no plan",
               s.exact->bound ? fmt::format(", bound {:.0f}", *s.exact->bound) : "");
  for (const auto& n : res.notes) fmt::print("  note: {}\n", n);
  fmt::print("  wrote {}\n", r.summary.output_path);
  return 0;
}

}  // namespace sunplan::cli
