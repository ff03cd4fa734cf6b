#include "sunplan/pipeline/pairing_stage.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>

#include "per_youth_layers.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"
#include "sunplan/io/input_limits.hpp"
#include "sunplan/pipeline/layer_choice.hpp"

namespace sunplan {

namespace {

FieldValue rate(double v) {
  if (std::isnan(v)) return std::monostate{};
  return v;
}

void read_targets(const Settings& s, const std::string& prefix, pairing::Targets& t) {
  t.pairing_rate = s.number(prefix + "pairing_rate", t.pairing_rate);
  t.national_youth = s.integer(prefix + "national_youth", t.national_youth);
  t.urban_reach_rate = s.number(prefix + "urban_reach_rate", t.urban_reach_rate);
  t.national_bases = s.integer(prefix + "national_bases", t.national_bases);
  t.national_specialists = s.integer(prefix + "national_specialists", t.national_specialists);
  t.paired_team_specialist_rate =
      s.number(prefix + "paired_team_specialist_rate", t.paired_team_specialist_rate);
  for (const std::string& code : s.keys_under(prefix + "base_quota"))
    t.base_quota[code] = s.number(prefix + "base_quota." + code, 0);
  for (const std::string& code : s.keys_under(prefix + "specialist_quota"))
    t.specialist_quota[code] = s.number(prefix + "specialist_quota." + code, 0);
}

std::string team_text(const Teams& teams, std::int32_t t) {
  if (t == kNone) return "";
  const auto k = static_cast<std::size_t>(t);
  return teams.name[k].empty() ? teams.id[k] : teams.name[k] + " (" + teams.id[k] + ")";
}

// A calendar row's identity, the same in every run that plans the same handover: the UID of its
// iCalendar event.
std::string calendar_uid(const Dataset& d, const pairing::CalendarEntry& e) {
  const std::string key =
      format_day(e.date_days) + "|" +
      (e.county == kNone ? "" : d.admin.units[static_cast<std::size_t>(e.county)].code) + "|" +
      d.teams.id[static_cast<std::size_t>(e.from_team)] + "|" +
      (e.to_team == kNone ? "" : d.teams.id[static_cast<std::size_t>(e.to_team)]) + "|" +
      pairing::to_string(e.reason);
  return "relay-" + sha256_hex(key).substr(0, 32) + "@sunplan";
}

OutputLayer relay_calendar_layer(const Dataset& d, const PairingStage& p) {
  OutputLayer cal("relay_calendar", GeometryKind::none);
  cal.fields = {{"handover_date", FieldType::text},
                {"county", FieldType::text},
                {"county_name", FieldType::text},
                {"from_team", FieldType::text},
                {"from_team_name", FieldType::text},
                {"to_team", FieldType::text},
                {"to_team_name", FieldType::text},
                {"specialist", FieldType::text},
                {"youth", FieldType::integer},
                {"reason", FieldType::text},
                {"uid", FieldType::text}};
  for (const pairing::CalendarEntry& e : p.calendar->entries) {
    const auto from = static_cast<std::size_t>(e.from_team);
    const AdminUnit* county =
        e.county == kNone ? nullptr : &d.admin.units[static_cast<std::size_t>(e.county)];
    cal.add_row({format_day(e.date_days), county ? FieldValue{county->code} : FieldValue{},
                 county ? FieldValue{county->name} : FieldValue{}, d.teams.id[from],
                 text_or_null(d.teams.name[from]),
                 e.to_team == kNone ? FieldValue{}
                                    : FieldValue{d.teams.id[static_cast<std::size_t>(e.to_team)]},
                 e.to_team == kNone
                     ? FieldValue{}
                     : text_or_null(d.teams.name[static_cast<std::size_t>(e.to_team)]),
                 text_or_null(e.specialist), e.youth, std::string(pairing::to_string(e.reason)),
                 calendar_uid(d, e)});
  }
  return cal;
}

}  // namespace

std::vector<CalendarEvent> relay_calendar_events(const Dataset& d, const PairingStage& p,
                                                 bool with_counts) {
  std::vector<CalendarEvent> events;
  if (!p.calendar) return events;
  for (const pairing::CalendarEntry& e : p.calendar->entries) {
    const std::string from = team_text(d.teams, e.from_team);
    const std::string to = team_text(d.teams, e.to_team);
    const std::string county =
        e.county == kNone ? std::string()
                          : d.admin.units[static_cast<std::size_t>(e.county)].name + " (" +
                                d.admin.units[static_cast<std::size_t>(e.county)].code + ")";
    const std::string youth = with_counts ? "，" + std::to_string(e.youth) + " 名青少年" : "";
    CalendarEvent ev;
    ev.uid = calendar_uid(d, e);
    ev.date_days = e.date_days;
    if (e.to_team == kNone) {
      const char* why =
          e.reason == pairing::UnpairedReason::teams_full ? "接收团队已满" : "附近无接收团队";
      ev.summary = "结对接力未落实：" + from + "（" + why + "）" + youth;
    } else {
      ev.summary = "结对接力：" + from + " → " + to + youth;
    }
    ev.description = "区县 county: " + (county.empty() ? std::string("-") : county) + "\n";
    ev.description += "交出团队 leaving team: " + from + "\n";
    ev.description += "接收团队 receiving team: " + (to.empty() ? std::string("-") : to) + "\n";
    ev.description +=
        "项目专员 specialist: " + (e.specialist.empty() ? std::string("-") : e.specialist);
    if (with_counts) ev.description += "\n青少年 youth: " + std::to_string(e.youth);
    ev.description += "\n原因 reason: " + std::string(pairing::to_string(e.reason));
    ev.location = county;
    events.push_back(std::move(ev));
  }
  return events;
}

std::int32_t parse_day(const std::string& text, const std::string& what) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3)
    throw UsageError(what + " '" + text + "' is not a date YYYY-MM-DD");
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) throw UsageError(what + " '" + text + "' is not a valid date");
  return static_cast<std::int32_t>(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

std::string format_day(std::int32_t days) {
  if (days == kNoDate) return "";
  const std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days}}};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

PairingStageOptions pairing_options(const Scenario& sc) {
  const Settings& s = sc.settings;
  const std::string where = sc.file.string() + ": ";
  PairingStageOptions o;
  o.pairing.max_distance_m = s.number("pairing.max_distance_m");
  if (!(o.pairing.max_distance_m > 0))
    throw UsageError(where + "pairing.max_distance_m must be > 0");
  o.pairing.keep_existing = s.boolean("pairing.keep_existing");
  o.max_minutes = s.number("pairing.max_minutes", -1);
  if (s.has("pairing.max_minutes") && !(o.max_minutes > 0))
    throw UsageError(where + "pairing.max_minutes must be > 0");
  o.team_bases.max_distance_m = s.number("pairing.base_distance_m", o.pairing.max_distance_m);
  o.team_bases.bases_per_team = static_cast<std::int32_t>(s.integer("pairing.bases_per_team"));
  const std::string relay = s.text("pairing.relay_date", "");
  if (!relay.empty()) o.relay_date = parse_day(relay, where + "pairing.relay_date");
  if (s.has("pairing.calendar_days")) {
    const std::int64_t days = s.integer("pairing.calendar_days", 0);
    if (days < 1 || days > 3660)
      throw UsageError(where +
                       "pairing.calendar_days must be a whole number of days from 1 to 3660");
    o.calendar_days = static_cast<std::int32_t>(days);
  }
  const std::string from = s.text("pairing.calendar_from", "");
  if (!from.empty()) o.calendar_from = parse_day(from, where + "pairing.calendar_from");

  const std::string file = s.text("targets.file", "");
  if (!file.empty()) {
    std::filesystem::path p(file);
    if (p.is_relative()) p = sc.folder / p;
    // A targets file holds the same keys as [targets], at its top level.
    const Settings t =
        parse_section_file(read_settings_file(p, SettingsFile::targets), p, "targets");
    read_targets(t, "targets.", o.targets);
    t.require_all_used({"targets"});
  }
  read_targets(s, "targets.", o.targets);
  return o;
}

void resolve_calendar(PairingStageOptions& o) {
  if (o.calendar_days <= 0 && o.calendar_from != kNoDate)
    throw UsageError(
        "the relay calendar's first day is given ([pairing] calendar_from or --calendar-from) "
        "but not its length: set [pairing] calendar_days or --calendar-days");
  if (o.calendar_days <= 0) return;
  if (o.calendar_from == kNoDate) {
    const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
    o.calendar_from = static_cast<std::int32_t>(today.time_since_epoch().count());
  }
  if (o.relay_date == kNoDate) o.relay_date = o.calendar_from + o.calendar_days - 1;
}

PairingStage run_pairing(const Dataset& d, const coverage::CoverageResult& c,
                         const PairingStageOptions& o, Progress& progress,
                         const ReachMatrix* travel) {
  PairingStage p;
  p.options = o;
  p.by_time = travel != nullptr;
  p.pairs = pairing::pair_youth(d.youth, d.teams, travel, o.pairing, progress);
  p.team_bases = pairing::match_teams_to_bases(d.bases, d.teams, o.team_bases, progress);
  if (o.relay_date != kNoDate) {
    pairing::RelayOptions ro;
    ro.date_days = o.relay_date;
    ro.max_distance_m = o.pairing.max_distance_m;
    const auto current = pairing::pairs_of(p.pairs);
    p.relay = pairing::plan_relay(d.youth, d.teams, current, travel, ro, progress);
    if (o.calendar_days > 0 && o.calendar_from != kNoDate)
      p.calendar =
          pairing::relay_calendar(*p.relay, d.youth, d.admin, o.calendar_from, o.calendar_days);
  }
  std::vector<std::uint8_t> in_reach(d.youth.size());
  for (std::size_t i = 0; i < d.youth.size(); ++i) in_reach[i] = c.reach.in_reach_count[i] > 0;
  const pairing::TargetsInput in{d.admin,  d.youth.count, d.youth.township, p.pairs.paired,
                                 in_reach, d.bases,       d.teams,          p.pairs.load};
  p.targets = pairing::target_progress(in, o.targets);
  return p;
}

namespace {

FieldValue pairing_unit_code(const Dataset& d, std::int32_t unit) {
  return unit == kNone ? FieldValue{}
                       : FieldValue{d.admin.units[static_cast<std::size_t>(unit)].code};
}

// Costs are metres, or seconds of travel in network mode (written as minutes).
const char* pairing_cost_field(const PairingStage& p) {
  return p.by_time ? "minutes" : "distance_m";
}
double pairing_cost_scale(const PairingStage& p) {
  return p.by_time ? 1.0 / 60.0 : 1.0;
}

OutputLayer pairing_teams_layer(const Dataset& d, const PairingStage& p) {
  OutputLayer teams("teams", GeometryKind::point);
  teams.fields = {{"id", FieldType::text},
                  {"name", FieldType::text},
                  {"capacity", FieldType::integer},
                  {"load", FieldType::integer},
                  {"volunteers", FieldType::integer},
                  {"has_specialist", FieldType::integer},
                  {"term_end", FieldType::text},
                  {"bases_responsible", FieldType::integer},
                  {"township", FieldType::text}};
  for (std::size_t t = 0; t < d.teams.size(); ++t)
    teams.add_point(
        d.teams.pos[t],
        {d.teams.id[t], d.teams.name[t], std::int64_t{d.teams.capacity[t]}, p.pairs.load[t],
         std::int64_t{d.teams.volunteers[t]}, std::int64_t{d.teams.has_specialist[t]},
         format_day(d.teams.term_end[t]), std::int64_t{p.team_bases.bases_of_team[t]},
         pairing_unit_code(d, d.teams.township[t])});
  return teams;
}

}  // namespace

// A line per youth-team flow of the pairing.
OutputLayer pairing_lines_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids,
                                RowRange rows) {
  OutputLayer lines("pairings", GeometryKind::line);
  const double cost_scale = pairing_cost_scale(p);
  lines.fields = {{"youth_id", FieldType::text},
                  {"team_id", FieldType::text},
                  {"count", FieldType::integer},
                  {pairing_cost_field(p), FieldType::real},
                  {"kept", FieldType::integer}};
  for (std::size_t i = rows.begin; i < rows.last(d.youth.size()); ++i)
    for (auto k = p.pairs.flow_offsets[i]; k < p.pairs.flow_offsets[i + 1]; ++k) {
      const auto t = static_cast<std::size_t>(p.pairs.flow_team[k]);
      lines.add_line({d.youth.pos[i], d.teams.pos[t]},
                     {ids(i), d.teams.id[t], std::int64_t{p.pairs.flow_count[k]},
                      static_cast<double>(p.pairs.flow_cost[k]) * cost_scale,
                      std::int64_t{p.pairs.flow_kept[k]}});
    }
  return lines;
}

// Each youth point's pairing: paired count, team, why not, what became of an existing pair.
OutputLayer pairing_youth_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids,
                                RowRange rows) {
  OutputLayer youth("youth_pairing", GeometryKind::point);
  youth.fields = {{"id", FieldType::text},        {"count", FieldType::integer},
                  {"paired", FieldType::integer}, {"team_id", FieldType::text},
                  {"reason", FieldType::text},    {"existing_pair", FieldType::text},
                  {"township", FieldType::text}};
  for (std::size_t i = rows.begin; i < rows.last(d.youth.size()); ++i) {
    const auto team = p.pairs.team[i];
    youth.add_point(
        d.youth.pos[i],
        {ids(i), std::int64_t{d.youth.count[i]}, std::int64_t{p.pairs.paired[i]},
         team == kNone ? FieldValue{} : FieldValue{d.teams.id[static_cast<std::size_t>(team)]},
         std::string(pairing::to_string(p.pairs.reason[i])),
         std::string(pairing::to_string(p.pairs.existing[i])),
         pairing_unit_code(d, d.youth.township[i])});
  }
  return youth;
}

namespace {

// The per-youth layers of pairing, pairings and youth_pairing (per_youth_layers.hpp).
void add_pairing_youth_layers(const Dataset& d, const PairingStage& p, const LayerChoice* wanted,
                              std::vector<OutputLayer>& out) {
  const YouthIds ids{d, false};
  add_per_youth_layer(out, "pairings", wanted, [&] { return pairing_lines_layer(d, p, ids); });
  add_per_youth_layer(out, "youth_pairing", wanted, [&] { return pairing_youth_layer(d, p, ids); });
}

// base_teams (a line from each base to its team) and bases_without_team.
void add_base_team_layers(const Dataset& d, const PairingStage& p, std::vector<OutputLayer>& out) {
  OutputLayer base_teams("base_teams", GeometryKind::line);
  base_teams.fields = {
      {"base_id", FieldType::text}, {"team_id", FieldType::text}, {"distance_m", FieldType::real}};
  OutputLayer orphans("bases_without_team", GeometryKind::point);
  orphans.fields = {
      {"base_id", FieldType::text}, {"name", FieldType::text}, {"reason", FieldType::text}};
  for (std::size_t b = 0; b < d.bases.size(); ++b) {
    const auto t = p.team_bases.team[b];
    if (t != kNone)
      base_teams.add_line(
          {d.bases.pos[b], d.teams.pos[static_cast<std::size_t>(t)]},
          {d.bases.id[b], d.teams.id[static_cast<std::size_t>(t)], p.team_bases.distance_m[b]});
    else if (p.team_bases.reason[b] != pairing::BaseTeamReason::excluded)
      orphans.add_point(d.bases.pos[b], {d.bases.id[b], d.bases.name[b],
                                         std::string(pairing::to_string(p.team_bases.reason[b]))});
  }
  out.push_back(std::move(base_teams));
  out.push_back(std::move(orphans));
}

}  // namespace

// A line per handover of the relay, from the youth to the team taking them over.
OutputLayer pairing_relay_layer(const Dataset& d, const PairingStage& p, const YouthIds& ids,
                                RowRange rows) {
  const double cost_scale = pairing_cost_scale(p);
  OutputLayer relay("relay", GeometryKind::line);
  relay.fields = {{"youth_id", FieldType::text},
                  {"count", FieldType::integer},
                  {"from_team", FieldType::text},
                  {"to_team", FieldType::text},
                  {"handover_date", FieldType::text},
                  {"specialist", FieldType::text},
                  {pairing_cost_field(p), FieldType::real},
                  {"reason", FieldType::text}};
  const auto& handovers = p.relay->handovers;
  for (std::size_t k = rows.begin; k < rows.last(handovers.size()); ++k) {
    const auto& h = handovers[k];
    const auto y = static_cast<std::size_t>(h.youth);
    const auto from = static_cast<std::size_t>(h.from_team);
    const Vec2 end =
        h.to_team == kNone ? d.teams.pos[from] : d.teams.pos[static_cast<std::size_t>(h.to_team)];
    relay.add_line(
        {d.youth.pos[y], end},
        {ids(y), std::int64_t{h.count}, d.teams.id[from],
         h.to_team == kNone ? FieldValue{}
                            : FieldValue{d.teams.id[static_cast<std::size_t>(h.to_team)]},
         format_day(h.date_days), h.specialist,
         h.to_team == kNone ? FieldValue{} : FieldValue{double(h.cost) * cost_scale},
         std::string(pairing::to_string(h.reason))});
  }
  return relay;
}

namespace {

std::vector<OutputField> pairing_target_fields() {
  return std::vector<OutputField>{{"code", FieldType::text},
                                  {"name", FieldType::text},
                                  {"level", FieldType::text},
                                  {"youth", FieldType::integer},
                                  {"paired", FieldType::integer},
                                  {"pairing_rate", FieldType::real},
                                  {"pairing_target", FieldType::real},
                                  {"paired_short", FieldType::integer},
                                  {"urban_youth", FieldType::integer},
                                  {"urban_in_reach", FieldType::integer},
                                  {"urban_reach_rate", FieldType::real},
                                  {"bases", FieldType::integer},
                                  {"base_quota", FieldType::real},
                                  {"teams", FieldType::integer},
                                  {"paired_teams", FieldType::integer},
                                  {"paired_teams_with_specialist", FieldType::integer},
                                  {"specialists", FieldType::integer},
                                  {"specialist_quota", FieldType::real},
                                  {"pairing_met", FieldType::integer},
                                  {"urban_reach_met", FieldType::integer},
                                  {"bases_met", FieldType::integer},
                                  {"specialists_met", FieldType::integer}};
}

// A row of pairing_target_fields().
std::vector<FieldValue> pairing_target_row(const PairingStage& p, const std::string& code,
                                           const std::string& name, const std::string& level,
                                           const pairing::UnitProgress& u) {
  return std::vector<FieldValue>{code,
                                 name,
                                 level,
                                 u.youth,
                                 u.paired,
                                 rate(u.pairing_rate),
                                 p.options.targets.pairing_rate,
                                 u.paired_short,
                                 u.urban_youth,
                                 u.urban_in_reach,
                                 rate(u.urban_reach_rate),
                                 u.bases,
                                 u.base_quota,
                                 u.teams,
                                 u.paired_teams,
                                 u.paired_teams_with_specialist,
                                 u.specialists,
                                 u.specialist_quota,
                                 std::int64_t{u.pairing_met},
                                 std::int64_t{u.urban_reach_met},
                                 std::int64_t{u.bases_met},
                                 std::int64_t{u.specialists_met}};
}

// targets (the whole area and every unit) and targets_townships (the townships on the map).
void add_target_layers(const Dataset& d, const PairingStage& p, std::vector<OutputLayer>& out) {
  OutputLayer table("targets", GeometryKind::none);
  table.fields = pairing_target_fields();
  table.add_row(pairing_target_row(p, "", "total", "all", p.targets.total));
  for (std::size_t u = 0; u < d.admin.units.size(); ++u)
    table.add_row(pairing_target_row(p, d.admin.units[u].code, d.admin.units[u].name,
                                     to_string(d.admin.units[u].level), p.targets.units[u]));
  out.push_back(std::move(table));
  OutputLayer map("targets_townships", GeometryKind::polygon);
  map.fields = pairing_target_fields();
  for (std::int32_t t : d.admin.townships) {
    const auto u = static_cast<std::size_t>(t);
    map.add_polygon(d.admin.units[u].geometry,
                    pairing_target_row(p, d.admin.units[u].code, d.admin.units[u].name, "township",
                                       p.targets.units[u]));
  }
  out.push_back(std::move(map));
}

}  // namespace

std::vector<OutputLayer> pairing_layers(const Dataset& d, const PairingStage& p,
                                        const LayerChoice* wanted) {
  std::vector<OutputLayer> out;
  out.push_back(pairing_teams_layer(d, p));
  add_pairing_youth_layers(d, p, wanted, out);
  add_base_team_layers(d, p, out);
  if (p.relay)
    add_per_youth_layer(out, "relay", wanted, [&] {
      return pairing_relay_layer(d, p, YouthIds{d, false});
    });
  if (p.calendar && (!wanted || wanted->wants("relay_calendar")))
    out.push_back(relay_calendar_layer(d, p));
  add_target_layers(d, p, out);
  return out;
}

}  // namespace sunplan
