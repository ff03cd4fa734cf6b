#include "summary_json.hpp"

#include <cmath>

namespace sunplan::cli {

namespace {

nlohmann::json number_or_null(double v) {
  return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json();
}

// A count aggregate privacy mode withholds is null (pipeline/disclosure.hpp).
nlohmann::json count(bool withheld, double n) {
  return withheld ? nlohmann::json() : nlohmann::json(n);
}
nlohmann::json count(bool withheld, std::int64_t n) {
  return withheld ? nlohmann::json() : nlohmann::json(n);
}

}  // namespace

nlohmann::json standard_json(const CoverageStandard& s) {
  nlohmann::json j{
      {"mode", s.mode}, {"rule", s.rule}, {"source", s.source}, {"description", s.describe()}};
  if (s.radius_m) j["radius_m"] = *s.radius_m;
  if (s.min_radius_m) j["min_radius_m"] = *s.min_radius_m;
  if (s.max_radius_m) j["max_radius_m"] = *s.max_radius_m;
  if (s.minutes) j["minutes"] = *s.minutes;
  return j;
}

nlohmann::json siting_json(const RunResult& r) {
  const SitingStage& s = *r.siting;
  const Dataset& d = r.load.dataset;
  const auto& res = s.result;
  std::vector<std::string> ids;
  for (std::int32_t b : s.chosen_bases) ids.push_back(d.bases.id[static_cast<std::size_t>(b)]);
  const CoverageStandard objective = objective_standard(r);
  const Disclosure& dis = r.disclosure;
  const bool w = dis.unit(kNone), ws = dis.figure("siting");
  nlohmann::json gains = nlohmann::json::array();
  for (std::size_t n = 0; n < s.marginal_gain.size(); ++n)
    gains.push_back(count(dis.site(n), s.marginal_gain[n]));
  nlohmann::json j{
      {"model", s.options.urban_first ? "urban_first" : siting::to_string(s.options.model)},
      {"scope", s.options.scope == UrbanRural::unknown ? "all" : to_string(s.options.scope)},
      {"objective", count(ws, res.objective)},
      {"bound", count(ws, res.bound)},
      {"gap", count(ws, res.gap)},
      {"proven_optimal", res.proven_optimal},
      {"feasible", res.feasible},
      {"method", res.method},
      {"bound_method", res.bound_method},
      {"chosen", ids},
      {"marginal_gain", gains},
      {"covered_weight", count(ws, res.covered_weight)},
      {"total_weight", count(ws, res.total_weight)},
      // What the objective and covered_weight count, and what the figures below count: they
      // differ when siting has its own standard (--radius, --minutes, p-median).
      {"objective_standard", standard_json(objective)},
      {"objective_standard_is_figures_standard", objective.same_as_figures},
      {"figures_standard", standard_json(figures_standard(r))},
      {"in_reach_before", count(w, r.coverage.figures.total.in_reach)},
      {"in_reach_after", count(w, s.after.figures.total.in_reach)},
      {"served_before", count(w, r.coverage.figures.total.served)},
      {"served_after", count(w, s.after.figures.total.served)},
      {"notes", res.notes}};
  // Every stage of the solve, and what CBC did when asked (objective null: no plan).
  auto optional = [](const std::optional<double>& v) { return v ? nlohmann::json(*v) : nullptr; };
  nlohmann::json stages = nlohmann::json::array();
  for (const auto& st : res.stages)
    stages.push_back({{"name", st.name},
                      {"objective", ws ? nullptr : optional(st.objective)},
                      {"bound", ws ? nullptr : optional(st.bound)},
                      {"seconds", st.seconds},
                      {"status", st.status}});
  j["stages"] = stages;
  j["exactly"] = s.options.exactly;
  if (s.options.model == siting::ModelKind::pmedian && s.pmedian_radius_m > 0)
    j["pmedian_radius_m"] = s.pmedian_radius_m;
  if (s.exact)
    j["exact"] = {{"objective", ws ? nullptr : optional(s.exact->objective)},
                  {"bound", ws ? nullptr : optional(s.exact->bound)},
                  {"proven_optimal", s.exact->proven_optimal},
                  {"status", s.exact->status},
                  {"seconds", s.exact->seconds},
                  {"time_limit_s", s.options.exact_time_limit_s},
                  {"method", "cbc"}};
  return j;
}

nlohmann::json pairing_json(const RunResult& r) {
  const PairingStage& p = *r.pairing;
  const auto& t = p.targets.total;
  const Disclosure& dis = r.disclosure;
  const bool w = dis.unit(kNone);
  auto figure = [&](const char* name, std::int64_t n) { return count(dis.figure(name), n); };
  nlohmann::json j{
      {"youth", count(w, p.pairs.total_youth)},
      {"paired", count(w, p.pairs.total_paired)},
      {"kept", figure("pairing.kept", p.pairs.total_kept)},
      {"unpaired_no_team", figure("pairing.unpaired_no_team", p.pairs.unpaired_no_team)},
      {"unpaired_full", figure("pairing.unpaired_full", p.pairs.unpaired_full)},
      {"existing_dropped", figure("pairing.existing_dropped", p.pairs.existing_dropped)},
      {"pairing_rate",
       w ? nlohmann::json()
         : nlohmann::json(t.youth > 0 ? static_cast<double>(t.paired) / t.youth : 0.0)},
      {"limit", p.by_time ? "travel time" : "straight-line distance"},
      {"bases_with_team", p.team_bases.bases_covered},
      {"bases_without_team", p.team_bases.uncovered.size()}};
  if (p.relay)
    j["relay"] = {
        {"date", format_day(p.options.relay_date)},
        {"leaving_teams", p.relay->leaving.size()},
        {"to_hand_over", figure("relay.to_hand_over", p.relay->youth_to_hand_over)},
        {"handed_over", figure("relay.handed_over", p.relay->handed_over)},
        {"not_handed_no_team", figure("relay.not_handed_no_team", p.relay->not_handed_no_team)},
        {"not_handed_full", figure("relay.not_handed_full", p.relay->not_handed_full)}};
  if (p.calendar) {
    // Handovers (rows) and days only: the youth per handover stay in the layer, withheld in
    // aggregate mode.
    j["relay_calendar"] = {{"from", format_day(p.calendar->from_days)},
                           {"to", format_day(p.calendar->to_days)},
                           {"handovers", p.calendar->entries.size()},
                           {"file", r.summary.relay_calendar}};
  }
  return j;
}

nlohmann::json targets_json(const RunResult& r) {
  const PairingStage& p = *r.pairing;
  const auto& t = p.targets.total;
  // The whole area's rates and quotas are shares of its youth: withheld with them.
  const bool w = r.disclosure.unit(kNone);
  auto shown = [w](nlohmann::json v) { return w ? nlohmann::json() : v; };
  return {{"pairing_rate_target", p.options.targets.pairing_rate},
          {"pairing_rate", shown(number_or_null(t.pairing_rate))},
          {"pairing_met", shown(t.pairing_met)},
          {"urban_reach_rate_target", p.options.targets.urban_reach_rate},
          {"urban_reach_rate", shown(number_or_null(t.urban_reach_rate))},
          {"urban_reach_met", shown(t.urban_reach_met)},
          {"bases", t.bases},
          {"base_quota", shown(t.base_quota)},
          {"specialists", t.specialists},
          {"specialist_quota", shown(t.specialist_quota)}};
}

}  // namespace sunplan::cli
