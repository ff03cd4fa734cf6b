// `sunplan run SCENARIO -o OUT.gpkg`: the main job and its one-screen summary.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "summary_json.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan::cli {

namespace {

// Counts and rates as aggregate privacy mode lets them out (pipeline/disclosure.hpp).
std::string pct(bool withheld, std::int64_t a, std::int64_t b) {
  if (withheld) return "suppressed";
  return b > 0 ? fmt::format("{:.1f}%", 100.0 * static_cast<double>(a) / static_cast<double>(b))
               : "-";
}

RunOptions run_command_options(const RunCommandOptions& options, const CommonOptions& common) {
  RunOptions ro;
  ro.output_path = options.output;
  ro.force = common.force;
  ro.output_crs = options.output_crs;
  ro.output_schema = options.schema;
  ro.write_report = !options.no_report;
  ro.layers = options.layers;
  ro.skip_layers = options.skip_layers;
  ro.published_with = options.published_with;
  if (options.calendar_days > 0)
    ro.calendar_days = static_cast<std::int32_t>(options.calendar_days);
  if (!options.calendar_from.empty())
    ro.calendar_from = parse_day(options.calendar_from, "--calendar-from");
  ro.history = options.history;
  ro.record_history = true;
  if (!options.as_of.empty()) ro.as_of = parse_day(options.as_of, "--as-of");
  return ro;
}

// The unit indicators of the milestones whose outlook is not on track.
std::size_t run_milestones_off_track(const RunResult& r) {
  std::size_t off = 0;
  for (const auto& t : r.trajectory) off += !monitor::on_track(t.projection.outlook);
  return off;
}

// The first 20 townships with unserved youth. Townships whose counts are withheld are not
// listed: their rank would bound them.
nlohmann::json run_top_gaps_json(const RunResult& r) {
  const Dataset& d = r.load.dataset;
  nlohmann::json gaps = nlohmann::json::array();
  for (const auto& g : r.coverage.gaps.ranked) {
    if (g.unserved == 0 || gaps.size() >= 20) break;
    if (r.disclosure.unit(g.unit)) continue;
    const AdminUnit& u = d.admin.units[static_cast<std::size_t>(g.unit)];
    gaps.push_back({{"code", u.code},
                    {"name", u.name},
                    {"urban_rural", to_string(g.urban_rural)},
                    {"youth", g.youth},
                    {"unserved", g.unserved},
                    {"reason", coverage::to_string(g.reason)}});
  }
  return gaps;
}

nlohmann::json run_summary_json(const Scenario& sc, const RunResult& r) {
  const RunSummary& s = r.summary;
  const Dataset& d = r.load.dataset;
  const bool w = r.disclosure.unit(kNone);
  auto jn = [](bool withheld, std::int64_t v) {
    return withheld ? nlohmann::json() : nlohmann::json(v);
  };
  nlohmann::json j{
      {"scenario", sc.file.string()},
      {"output", s.output_path},
      {"report_markdown", s.report_markdown},
      {"report_html", s.report_html},
      {"map_page", s.map_page},
      {"working_crs", d.crs.definition},
      {"townships",
       {{"total", s.townships}, {"urban", s.urban_townships}, {"rural", s.rural_townships}}},
      {"youth",
       {{"total", jn(w, s.youth)}, {"in_reach", jn(w, s.in_reach)}, {"served", jn(w, s.served)}}},
      {"urban",
       {{"youth", jn(w, s.urban_youth)},
        {"in_reach", jn(w, s.urban_in_reach)},
        {"served", jn(w, s.urban_served)}}},
      {"rural",
       {{"youth", jn(w, s.rural_youth)},
        {"in_reach", jn(w, s.rural_in_reach)},
        {"served", jn(w, s.rural_served)}}},
      {"bases",
       {{"existing", s.bases_existing},
        {"planned", s.bases_planned},
        {"candidate", s.bases_candidate}}},
      {"gap_townships", s.gap_townships},
      {"top_gaps", run_top_gaps_json(r)},
      {"problems",
       {{"rejected", s.problems_rejected},
        {"repaired", s.problems_repaired},
        {"warnings", s.problems_warnings}}}};
  // The stages that ran, as site and pair report them; every coverage figure names its
  // standard.
  j["coverage_standard"] = standard_json(figures_standard(r));
  if (r.siting) j["siting"] = siting_json(r);
  if (r.pairing) {
    j["pairing"] = pairing_json(r);
    j["targets"] = targets_json(r);
  }
  if (!s.history.empty()) j["history"] = {{"file", s.history}, {"run_id", r.history_run_id}};
  if (!r.trajectory.empty())
    j["milestones"] = {{"rows", r.trajectory.size()},
                       {"not_on_track", run_milestones_off_track(r)}};
  return j;
}

// The headline counts and the first five gaps.
void print_run_figures(const Scenario& sc, const RunResult& r) {
  const RunSummary& s = r.summary;
  const Dataset& d = r.load.dataset;
  const bool w = r.disclosure.unit(kNone);
  auto n = [](bool withheld, std::int64_t v) { return Disclosure::text(withheld, v); };
  fmt::print("\n{} — {} townships ({} urban, {} rural), working CRS {}\n", sc.name, s.townships,
             s.urban_townships, s.rural_townships, d.crs.name);
  fmt::print("  youth {:>8}   in reach {:>8} ({})   served {:>8} ({})\n", n(w, s.youth),
             n(w, s.in_reach), pct(w, s.in_reach, s.youth), n(w, s.served),
             pct(w, s.served, s.youth));
  fmt::print("  urban {:>8}   in reach {:>8} ({})   served {:>8} ({})\n", n(w, s.urban_youth),
             n(w, s.urban_in_reach), pct(w, s.urban_in_reach, s.urban_youth), n(w, s.urban_served),
             pct(w, s.urban_served, s.urban_youth));
  fmt::print("  rural {:>8}   in reach {:>8} ({})   served {:>8} ({})\n", n(w, s.rural_youth),
             n(w, s.rural_in_reach), pct(w, s.rural_in_reach, s.rural_youth), n(w, s.rural_served),
             pct(w, s.rural_served, s.rural_youth));
  fmt::print("  bases: {} existing, {} planned, {} candidates; {} townships with unserved youth\n",
             s.bases_existing, s.bases_planned, s.bases_candidate, s.gap_townships);
  int shown = 0;
  for (const auto& g : r.coverage.gaps.ranked) {
    if (g.unserved == 0 || shown == 5) break;
    if (r.disclosure.unit(g.unit)) continue;
    const AdminUnit& u = d.admin.units[static_cast<std::size_t>(g.unit)];
    fmt::print("  gap #{}: {} {} ({}) {} of {} youth unserved — {}\n", ++shown, u.code, u.name,
               to_string(g.urban_rural), g.unserved, g.youth, coverage::to_string(g.reason));
  }
}

// Data problems, then what was written.
void print_run_outputs(const RunResult& r) {
  const RunSummary& s = r.summary;
  if (s.problems_rejected + s.problems_repaired + s.problems_warnings > 0)
    fmt::print("  data problems: {} rejected, {} repaired, {} warnings (layer 'problems')\n",
               s.problems_rejected, s.problems_repaired, s.problems_warnings);
  fmt::print("  wrote {}\n", s.output_path);
  if (!s.report_markdown.empty())
    fmt::print("  report {} and {}\n", s.report_markdown, s.report_html);
  if (!s.map_page.empty()) fmt::print("  map page {}\n", s.map_page);
  if (!r.trajectory.empty())
    fmt::print("  milestones: {} of {} unit indicators not on track (layer target_trajectory)\n",
               run_milestones_off_track(r), r.trajectory.size());
  if (!s.history.empty()) fmt::print("  history {} (run {})\n", s.history, r.history_run_id);
  if (!s.relay_calendar.empty())
    fmt::print("  relay calendar {} ({} handovers {} to {})\n", s.relay_calendar,
               r.pairing->calendar->entries.size(), format_day(r.pairing->calendar->from_days),
               format_day(r.pairing->calendar->to_days));
}

}  // namespace

int run_run(const RunCommandOptions& options, const CommonOptions& common) {
  const Scenario sc = read_scenario(options.scenario);
  TerminalProgress progress(common.json && common.progress == ProgressStyle::bar
                                ? ProgressStyle::quiet
                                : common.progress);
  const RunResult r = run_scenario(sc, run_command_options(options, common), progress);
  if (common.json) {
    fmt::print("{}\n", run_summary_json(sc, r).dump(2));
    return 0;
  }
  print_run_figures(sc, r);
  print_run_outputs(r);
  return 0;
}

}  // namespace sunplan::cli
