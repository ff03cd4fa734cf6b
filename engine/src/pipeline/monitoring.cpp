#include "sunplan/pipeline/monitoring.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <fstream>
#include <limits>

#include "sunplan/core/error.hpp"
#include "sunplan/core/sha256.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double ratio(std::int64_t a, std::int64_t b) {
  return b > 0 ? static_cast<double>(a) / static_cast<double>(b) : kNaN;
}

const char* kIndicatorKeys[monitor::kIndicatorCount] = {"pairing_rate", "urban_reach_rate",
                                                        "rural_reach_rate", "bases"};

monitor::UnitFigures figures(const coverage::UnitFigures& c, const pairing::UnitProgress* p,
                             bool withheld) {
  monitor::UnitFigures f;
  std::int64_t bases = 0;
  for (const auto& by_status : c.bases)
    bases += by_status[static_cast<std::size_t>(BaseStatus::existing)] +
             by_status[static_cast<std::size_t>(BaseStatus::planned)];
  // Bases are places, not people: never withheld.
  f.bases = static_cast<double>(bases);
  if (withheld) {
    f.youth = f.in_reach = f.served = f.paired = kNaN;
    f.pairing_rate = f.reach_rate = f.urban_reach_rate = f.rural_reach_rate = kNaN;
    return f;
  }
  const auto& urban = c.by_class[static_cast<std::size_t>(UrbanRural::urban)];
  const auto& rural = c.by_class[static_cast<std::size_t>(UrbanRural::rural)];
  f.youth = static_cast<double>(c.youth);
  f.in_reach = static_cast<double>(c.in_reach);
  f.served = static_cast<double>(c.served);
  f.reach_rate = ratio(c.in_reach, c.youth);
  f.urban_reach_rate = ratio(urban.in_reach, urban.youth);
  f.rural_reach_rate = ratio(rural.in_reach, rural.youth);
  // Without teams nothing is paired: no pairing figures rather than a rate of 0.
  f.paired = p ? static_cast<double>(p->paired) : kNaN;
  f.pairing_rate = p ? ratio(p->paired, p->youth) : kNaN;
  return f;
}

std::string day_text(std::int32_t d) {
  return d == kNoDate ? "" : format_day(d);
}

}  // namespace

std::int32_t today_utc() {
  const auto today = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return static_cast<std::int32_t>(today.time_since_epoch().count());
}

MonitoringOptions monitoring_options(const Scenario& sc) {
  const Settings& s = sc.settings;
  MonitoringOptions o;
  const std::string where = sc.file.string() + ": ";
  const std::string history = s.text("monitoring.history", "");
  if (!history.empty()) {
    o.history = history;
    // A PostGIS connection ("PG:...") is kept as it is.
    if (history.rfind("PG:", 0) != 0 && o.history.is_relative()) o.history = sc.folder / o.history;
  }
  const std::int64_t pace = s.integer("monitoring.pace_runs", 3);
  if (pace < 2 || pace > 1000)
    throw UsageError(where + "monitoring.pace_runs must be from 2 to 1000 runs (a line needs two)");
  o.pace_runs = static_cast<int>(pace);
  for (const std::string& name : s.keys_under("targets.milestones")) {
    const std::string p = "targets.milestones." + name + ".";
    monitor::Milestone m;
    m.name = name;
    const std::string date = s.text(p + "date", "");
    if (date.empty()) throw UsageError(where + p + "date is missing: a milestone needs its date");
    m.day = parse_day(date, where + p + "date");
    bool any = false;
    for (int k = 0; k < monitor::kIndicatorCount; ++k) {
      const std::string key = p + kIndicatorKeys[k];
      if (!s.has(key)) continue;
      const double v = s.number(key, std::numeric_limits<double>::quiet_NaN());
      const bool count = k == static_cast<int>(monitor::Indicator::bases);
      if (!std::isfinite(v) || v < 0 || (!count && v > 1))
        throw UsageError(
            where + key +
            (count ? " must be a count of 0 or more" : " must be a share from 0 to 1"));
      m.value[static_cast<std::size_t>(k)] = v;
      any = true;
    }
    if (!any)
      throw UsageError(where + "targets.milestones." + name +
                       " has no value: give pairing_rate, urban_reach_rate, rural_reach_rate or "
                       "bases");
    if (s.has(p + "levels")) m.levels = s.texts(p + "levels");
    o.milestones.push_back(std::move(m));
  }
  return o;
}

monitor::HistoryRun history_record(const Scenario& sc, const RunResult& r, std::int32_t day) {
  monitor::HistoryRun h;
  h.run_day = day;
  const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
  h.recorded_at = buf;
  h.scenario_sha256 = sha256_file(sc.file);
  // Inputs by role, so that a later reader sees which input changed between two runs.
  for (const auto& [role, spec] : sc.layers) {
    if (!h.inputs_sha256.empty()) h.inputs_sha256 += "; ";
    const bool file =
        spec.source.rfind("PG:", 0) != 0 && std::filesystem::is_regular_file(spec.source);
    h.inputs_sha256 += role + "=" + (file ? sha256_file(spec.source) : std::string("(not a file)"));
  }
  h.sunplan_version = kVersion;
  h.privacy_mode = r.privacy.aggregate_only ? "aggregate" : "records";
  const Dataset& d = r.load.dataset;
  const auto* progress = r.pairing ? &r.pairing->targets : nullptr;
  monitor::UnitFigures total = figures(
      r.coverage.figures.total, progress ? &progress->total : nullptr, r.disclosure.unit(kNone));
  total.level = "total";
  total.name = sc.name;
  h.units.push_back(std::move(total));
  for (std::size_t u = 0; u < d.admin.units.size(); ++u) {
    const AdminUnit& a = d.admin.units[u];
    if (a.level < AdminLevel::province || a.level > AdminLevel::township) continue;
    monitor::UnitFigures f =
        figures(r.coverage.figures.units[u], progress ? &progress->units[u] : nullptr,
                r.disclosure.unit(static_cast<std::int32_t>(u)));
    f.level = to_string(a.level);
    f.code = a.code;
    f.name = a.name;
    h.units.push_back(std::move(f));
  }
  return h;
}

OutputLayer trajectory_layer(const std::vector<monitor::TrajectoryRow>& rows) {
  OutputLayer l("target_trajectory", GeometryKind::none);
  l.fields = {{"milestone", FieldType::text},
              {"due_date", FieldType::text},
              {"level", FieldType::text},
              {"code", FieldType::text},
              {"name", FieldType::text},
              {"indicator", FieldType::text},
              {"target", FieldType::real},
              {"current", FieldType::real},
              {"runs", FieldType::integer},
              {"runs_used", FieldType::integer},
              {"pace_per_30_days", FieldType::real},
              {"outlook", FieldType::text},
              {"projected_date", FieldType::text},
              {"on_track", FieldType::integer},
              {"series", FieldType::text}};
  for (const monitor::TrajectoryRow& t : rows) {
    std::string series;
    for (const monitor::SeriesPoint& p : t.series)
      series += (series.empty() ? "" : "; ") + format_day(p.day) + " " +
                (t.indicator == monitor::Indicator::bases ? fmt::format("{:.0f}", p.value)
                                                          : fmt::format("{:.4f}", p.value));
    const monitor::Projection& pr = t.projection;
    auto real = [](double v) { return std::isfinite(v) ? FieldValue{v} : FieldValue{}; };
    l.add_row({t.milestone, day_text(t.due_day), t.level, t.code, t.name,
               std::string(monitor::to_string(t.indicator)), t.target, real(t.current),
               std::int64_t{static_cast<std::int64_t>(t.series.size())}, std::int64_t{pr.runs_used},
               real(pr.pace_per_day * 30), std::string(monitor::to_string(pr.outlook)),
               pr.day == kNoDate ? FieldValue{} : FieldValue{format_day(pr.day)},
               std::int64_t{monitor::on_track(pr.outlook) ? 1 : 0}, series});
  }
  return l;
}

}  // namespace sunplan
