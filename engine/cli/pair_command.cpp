// `sunplan pair SCENARIO [--relay-date D] -o OUT.gpkg`: pairing, relay and targets.
#include <fmt/format.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "summary_json.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/pipeline/run.hpp"

namespace sunplan::cli {

int run_pair(const PairCommandOptions& options, const CommonOptions& common) {
  const Scenario sc = read_scenario(options.scenario);
  if (!sc.layer("teams"))
    throw UsageError(sc.file.string() + ": pairing needs a [layers.teams] section");
  RunOptions ro;
  ro.output_path = options.output;
  ro.force = common.force;
  ro.write_report = !options.no_report;
  ro.layers = options.layers;
  ro.skip_layers = options.skip_layers;
  ro.published_with = options.published_with;
  if (options.calendar_days > 0)
    ro.calendar_days = static_cast<std::int32_t>(options.calendar_days);
  if (!options.calendar_from.empty())
    ro.calendar_from = parse_day(options.calendar_from, "--calendar-from");
  if (!options.relay_date.empty()) ro.relay_date = parse_day(options.relay_date, "--relay-date");
  TerminalProgress progress(common.json && common.progress == ProgressStyle::bar
                                ? ProgressStyle::quiet
                                : common.progress);
  const RunResult r = run_scenario(sc, ro, progress);
  if (!r.pairing)
    throw InputError(sc.layer("teams")->display_source(), "", -1, "",
                     "no usable teams were loaded");
  const PairingStage& p = *r.pairing;
  const auto& t = p.targets.total;
  if (common.json) {
    nlohmann::json j = pairing_json(r);
    j["targets"] = targets_json(r);
    j["output"] = r.summary.output_path;
    fmt::print("{}\n", j.dump(2));
    return 0;
  }
  // Aggregate privacy mode withholds what would give back a small count (disclosure.hpp).
  const Disclosure& dis = r.disclosure;
  const bool w = dis.unit(kNone);
  const auto n = [&](const char* figure, std::int64_t v) {
    return Disclosure::text(dis.figure(figure), v);
  };
  const auto pct = [w](std::int64_t a, std::int64_t b) {
    return w ? std::string("suppressed")
             : fmt::format("{:.1f}%", b > 0 ? 100.0 * static_cast<double>(a) / b : 0.0);
  };
  fmt::print("\n{}: {} of {} youth paired ({}, target {:.0f}%){}\n", sc.name,
             Disclosure::text(w, p.pairs.total_paired), Disclosure::text(w, p.pairs.total_youth),
             pct(p.pairs.total_paired, p.pairs.total_youth), 100 * p.options.targets.pairing_rate,
             t.pairing_met && !w ? " — met" : "");
  fmt::print("  kept existing pairs {}, dropped {}; unpaired: {} no team in reach, {} teams full\n",
             n("pairing.kept", p.pairs.total_kept),
             n("pairing.existing_dropped", p.pairs.existing_dropped),
             n("pairing.unpaired_no_team", p.pairs.unpaired_no_team),
             n("pairing.unpaired_full", p.pairs.unpaired_full));
  fmt::print("  bases with a responsible team {}, without {}\n", p.team_bases.bases_covered,
             p.team_bases.uncovered.size());
  if (p.relay)
    fmt::print(
        "  relay by {}: {} teams leave, {} youth to hand over, {} handed over, {} not (no team {}, "
        "full {})\n",
        format_day(p.options.relay_date), p.relay->leaving.size(),
        n("relay.to_hand_over", p.relay->youth_to_hand_over),
        n("relay.handed_over", p.relay->handed_over),
        Disclosure::text(dis.figure("relay.to_hand_over") || dis.figure("relay.handed_over"),
                         p.relay->youth_to_hand_over - p.relay->handed_over),
        n("relay.not_handed_no_team", p.relay->not_handed_no_team),
        n("relay.not_handed_full", p.relay->not_handed_full));
  if (w)
    fmt::print("  urban youth in reach suppressed (target {:.0f}%); bases {}; specialists {}\n",
               100 * p.options.targets.urban_reach_rate, t.bases, t.specialists);
  else
    fmt::print(
        "  urban youth in reach {:.1f}% (target {:.0f}%); bases {} of quota {:.1f}; specialists "
        "{} of {:.1f}\n",
        std::isnan(t.urban_reach_rate) ? 0.0 : 100 * t.urban_reach_rate,
        100 * p.options.targets.urban_reach_rate, t.bases, t.base_quota, t.specialists,
        t.specialist_quota);
  if (p.calendar)
    fmt::print("  relay calendar {} to {}: {} handovers due{}\n", format_day(p.calendar->from_days),
               format_day(p.calendar->to_days), p.calendar->entries.size(),
               r.summary.relay_calendar.empty() ? "" : ", " + r.summary.relay_calendar);
  fmt::print("  wrote {}\n", r.summary.output_path);
  return 0;
}

}  // namespace sunplan::cli
