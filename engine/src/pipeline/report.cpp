#include "report.hpp"

#include <fmt/format.h>

#include <cmath>

#include "qgis_styles.hpp"
#include "sunplan/core/text_escape.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/pipeline/coverage_standard.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

namespace {

std::string pct(std::int64_t part, std::int64_t whole) {
  if (whole <= 0) return "–";
  return fmt::format("{:.1f} %", 100.0 * static_cast<double>(part) / static_cast<double>(whole));
}

// Nearest-base figures in the coverage's measure: metres shown as km, seconds as minutes.
bool by_time(const RunResult& r) {
  return r.coverage.measure == CatchmentMeasure::seconds;
}
std::string nearest(const RunResult& r, double v) {
  if (!std::isfinite(v)) return "–";
  return fmt::format("{:.1f}", by_time(r) ? v / 60.0 : v / 1000.0);
}

struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
};

std::string markdown(const Table& t) {
  std::string s = "|";
  for (const auto& h : t.header) s += " " + h + " |";
  s += "\n|";
  for (std::size_t i = 0; i < t.header.size(); ++i) s += i == 0 ? "---|" : "---:|";
  s += "\n";
  for (const auto& row : t.rows) {
    s += "|";
    for (const auto& c : row) s += " " + markdown_text(c) + " |";
    s += "\n";
  }
  return s;
}

std::string html(const Table& t) {
  std::string s = "<table><thead><tr>";
  for (const auto& h : t.header) s += "<th>" + html_text(h) + "</th>";
  s += "</tr></thead><tbody>";
  for (const auto& row : t.rows) {
    s += "<tr>";
    for (const auto& c : row) s += "<td>" + html_text(c) + "</td>";
    s += "</tr>";
  }
  return s + "</tbody></table>";
}

// Counts and rates as aggregate privacy mode lets them out (pipeline/disclosure.hpp): a
// withheld count is "suppressed", and so is a rate computed from one.
std::string count(bool withheld, std::int64_t n) {
  return Disclosure::text(withheld, n);
}
std::string rate(bool withheld, std::int64_t part, std::int64_t whole) {
  return withheld ? "suppressed" : pct(part, whole);
}

Table headline(const RunResult& r) {
  const RunSummary& s = r.summary;
  const bool w = r.disclosure.unit(kNone);
  return {{"figure", "all", "urban", "rural"},
          {{"youth", count(w, s.youth), count(w, s.urban_youth), count(w, s.rural_youth)},
           {"in reach of a base", count(w, s.in_reach), count(w, s.urban_in_reach),
            count(w, s.rural_in_reach)},
           {"reach rate", rate(w, s.in_reach, s.youth), rate(w, s.urban_in_reach, s.urban_youth),
            rate(w, s.rural_in_reach, s.rural_youth)},
           {"served (within capacity)", count(w, s.served), count(w, s.urban_served),
            count(w, s.rural_served)},
           {"served rate", rate(w, s.served, s.youth), rate(w, s.urban_served, s.urban_youth),
            rate(w, s.rural_served, s.rural_youth)},
           {"townships", std::to_string(s.townships), std::to_string(s.urban_townships),
            std::to_string(s.rural_townships)}}};
}

// Layers placed from addresses (docs/registries.md): match rates per level, the rows not
// placed by number (never by address). Empty when no layer was.
Table located_table(const RunResult& r) {
  Table t{{"layer", "rows", "village", "township", "county only", "none", "ambiguous",
           "rows not placed"},
          {}};
  for (const LayerReport& l : r.load.layers) {
    const LocateSummary& s = l.locate;
    if (!s.used) continue;
    const std::string rows = s.unplaced_rows_text(30);
    // The youth layer's row count is the headline total: withheld where that is.
    const bool w = l.role == "youth" && r.disclosure.unit(kNone);
    t.rows.push_back({l.role, count(w, s.rows), rate(w, s.village, s.rows),
                      rate(w, s.township, s.rows), rate(w, s.county, s.rows),
                      rate(w, s.none, s.rows), count(w, s.ambiguous), rows.empty() ? "–" : rows});
  }
  return t;
}

constexpr const char* kLocatedText =
    "Rows placed from their addresses with the gazetteer: at their village's point where it has "
    "one, else spread inside their township (docs/registries.md). Rows matched only to a county, "
    "not matched or ambiguous are not placed; they are listed by row number in the `problems` "
    "layer.";

Table gap_table(const RunResult& r, std::size_t limit) {
  Table t{{"rank", "township", "code", "class", "youth", "unserved", "no base in reach",
           "bases full", by_time(r) ? "mean to nearest (min)" : "mean to nearest (km)", "reason"},
          {}};
  const Dataset& d = r.load.dataset;
  // Townships whose counts are withheld are not ranked: their place would bound them.
  for (std::size_t k = 0; k < r.coverage.gaps.ranked.size() && t.rows.size() < limit; ++k) {
    const auto& g = r.coverage.gaps.ranked[k];
    if (g.unserved == 0) break;
    if (r.disclosure.unit(g.unit)) continue;
    const AdminUnit& u = d.admin.units[static_cast<std::size_t>(g.unit)];
    t.rows.push_back({std::to_string(t.rows.size() + 1), u.name, u.code, to_string(g.urban_rural),
                      std::to_string(g.youth), std::to_string(g.unserved),
                      std::to_string(g.unserved_no_base), std::to_string(g.unserved_full),
                      nearest(r, g.mean_nearest), coverage::to_string(g.reason)});
  }
  return t;
}

Table county_table(const RunResult& r) {
  Table t{{"county", "code", "youth", "in reach", "served", "served rate",
           by_time(r) ? "p90 to nearest (min)" : "p90 to nearest (km)"},
          {}};
  const Dataset& d = r.load.dataset;
  for (std::size_t u = 0; u < d.admin.units.size(); ++u) {
    const AdminUnit& unit = d.admin.units[u];
    if (unit.level != AdminLevel::county) continue;
    const auto& f = r.coverage.figures.units[u];
    const bool w = r.disclosure.unit(static_cast<std::int32_t>(u));
    t.rows.push_back({unit.name, unit.code, count(w, f.youth), count(w, f.in_reach),
                      count(w, f.served), rate(w, f.served, f.youth),
                      w ? "suppressed" : nearest(r, f.p90_nearest)});
  }
  return t;
}

std::string rate_colour(double rate) {
  for (const auto& c : served_rate_classes())
    if (rate >= c.lower && rate < c.upper) return std::string("rgb(") + c.rgb + ")";
  return "rgb(220,220,220)";
}

Table siting_table(const RunResult& r) {
  Table t{{"rank", "id", "name", "type", "township", "youth newly in reach"}, {}};
  const Dataset& d = r.load.dataset;
  const SitingStage& s = *r.siting;
  for (std::size_t n = 0; n < s.chosen_bases.size() && n < 50; ++n) {
    const auto b = static_cast<std::size_t>(s.chosen_bases[n]);
    const auto town = d.bases.township[b];
    t.rows.push_back({std::to_string(n + 1), d.bases.id[b], d.bases.name[b],
                      chinese_name(d.bases.type[b]),
                      town == kNone ? "" : d.admin.units[static_cast<std::size_t>(town)].name,
                      n >= s.marginal_gain.size() ? ""
                      : r.disclosure.site(n)      ? "suppressed"
                                                  : fmt::format("{:.0f}", s.marginal_gain[n])});
  }
  return t;
}

std::string siting_text(const RunResult& r) {
  const SitingStage& s = *r.siting;
  const auto& res = s.result;
  const bool w = r.disclosure.unit(kNone);
  std::string text =
      r.disclosure.figure("siting")
          ? fmt::format(
                "{} new bases. Objective and bound suppressed (aggregate privacy mode), plan by "
                "{}{}. ",
                s.chosen_bases.size(), res.method, res.proven_optimal ? " (proven optimal)" : "")
          : fmt::format(
                "{} new bases. Objective {:.0f} (plan by {}), proven bound {:.0f} (by {}), gap "
                "{:.2f} %{}. ",
                s.chosen_bases.size(), res.objective, res.method, res.bound, res.bound_method,
                100.0 * res.gap, res.proven_optimal ? " (proven optimal)" : "");
  text += fmt::format(
      "Youth in reach {} → {}, served {} → {}.", count(w, r.coverage.figures.total.in_reach),
      count(w, s.after.figures.total.in_reach), count(w, r.coverage.figures.total.served),
      count(w, s.after.figures.total.served));
  if (s.exact && !r.disclosure.figure("siting"))
    text += fmt::format(
        " CBC ({:.0f} s, {}): {}{}.", s.exact->seconds, s.exact->status,
        s.exact->objective ? fmt::format("plan {:.0f}", *s.exact->objective) : "no plan",
        s.exact->bound ? fmt::format(", bound {:.0f}", *s.exact->bound) : "");
  for (const auto& n : res.notes) text += " " + n + ".";
  // Which standard each figure was measured against.
  const CoverageStandard objective = objective_standard(r);
  text += " The objective is measured by " + objective.describe() + "; youth in reach and served " +
          (objective.same_as_figures ? "by the same standard."
                                     : "by " + figures_standard(r).describe() + ".");
  return text;
}

Table targets_table(const RunResult& r) {
  const PairingStage& p = *r.pairing;
  const auto& tg = p.options.targets;
  Table t{{"unit", "youth", "paired", "pairing rate", "urban in reach", "bases / quota",
           "specialists / quota"},
          {}};
  // A withheld unit's quotas are shares of its youth: withheld with them.
  // So are the quotas of a unit under a withheld parent (the parent's share of its youth).
  auto row = [&](const std::string& name, const pairing::UnitProgress& u, bool w, bool wq) {
    t.rows.push_back(
        {name, count(w, u.youth), count(w, u.paired),
         w                            ? "suppressed"
         : std::isnan(u.pairing_rate) ? "–"
                                      : fmt::format("{:.1f} % (target {:.0f} %)",
                                                    100 * u.pairing_rate, 100 * tg.pairing_rate),
         w                                ? "suppressed"
         : std::isnan(u.urban_reach_rate) ? "–"
                                          : fmt::format("{:.1f} %", 100 * u.urban_reach_rate),
         w || wq ? fmt::format("{} / suppressed", u.bases)
                 : fmt::format("{} / {:.1f}", u.bases, u.base_quota),
         w || wq ? fmt::format("{} / suppressed", u.specialists)
                 : fmt::format("{} / {:.1f}", u.specialists, u.specialist_quota)});
  };
  row("all", p.targets.total, r.disclosure.unit(kNone), false);
  const Dataset& d = r.load.dataset;
  for (std::size_t u = 0; u < d.admin.units.size(); ++u)
    if (d.admin.units[u].level == AdminLevel::county)
      row(d.admin.units[u].name, p.targets.units[u],
          r.disclosure.unit(static_cast<std::int32_t>(u)),
          r.disclosure.unit(d.admin.units[u].parent));
  return t;
}

std::string pairing_text(const RunResult& r) {
  const PairingStage& p = *r.pairing;
  const Disclosure& dis = r.disclosure;
  const bool w = dis.unit(kNone);
  std::string text = fmt::format(
      "{} of {} youth paired ({}); {} existing pairs kept, {} could not be kept. Unpaired: {} with "
      "no team "
      "in reach, {} whose teams are full. {} bases have a responsible team, {} have none.",
      count(w, p.pairs.total_paired), count(w, p.pairs.total_youth),
      rate(w, p.pairs.total_paired, p.pairs.total_youth),
      count(dis.figure("pairing.kept"), p.pairs.total_kept),
      count(dis.figure("pairing.existing_dropped"), p.pairs.existing_dropped),
      count(dis.figure("pairing.unpaired_no_team"), p.pairs.unpaired_no_team),
      count(dis.figure("pairing.unpaired_full"), p.pairs.unpaired_full), p.team_bases.bases_covered,
      p.team_bases.uncovered.size());
  if (p.relay)
    text += fmt::format(" Relay by {}: {} teams leave, {} youth to hand over, {} handed over.",
                        format_day(p.options.relay_date), p.relay->leaving.size(),
                        count(dis.figure("relay.to_hand_over"), p.relay->youth_to_hand_over),
                        count(dis.figure("relay.handed_over"), p.relay->handed_over));
  if (p.calendar)
    text += fmt::format(
        " Relay calendar {} to {}: {} handovers due (layer relay_calendar, -relay.ics).",
        format_day(p.calendar->from_days), format_day(p.calendar->to_days),
        p.calendar->entries.size());
  return text;
}

}  // namespace

std::string overview_svg(const RunResult& r, int width_px) {
  const Dataset& d = r.load.dataset;
  Box extent;
  for (std::int32_t t : d.admin.townships)
    extent.expand(bounds(d.admin.units[static_cast<std::size_t>(t)].geometry));
  if (extent.empty()) return "<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
  const double w = extent.max_x - extent.min_x, h = extent.max_y - extent.min_y;
  const double scale = width_px / std::max(w, 1.0);
  const int height_px = static_cast<int>(std::ceil(h * scale)) + 60;
  auto px = [&](Vec2 p) {
    return fmt::format("{:.1f},{:.1f}", (p.x - extent.min_x) * scale, (extent.max_y - p.y) * scale);
  };
  auto path = [&](const MultiPolygon& mp) {
    std::string s;
    for (const Polygon& poly : mp)
      for (const Ring& ring : poly.rings) {
        for (std::size_t i = 0; i < ring.size(); ++i) s += (i == 0 ? "M" : "L") + px(ring[i]);
        s += "Z";
      }
    return s;
  };
  // The comment marks the file as sunplan's, so a later run may replace it (is_sunplan_output).
  std::string svg = fmt::format(
      "<!-- {} sunplan {} -->\n"
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{}\" viewBox=\"0 0 {} {}\" "
      "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" "
      "fill=\"white\"/>\n",
      kSunplanGeneratorMark, kVersion, width_px, height_px, width_px, height_px);
  for (std::int32_t t : d.admin.townships) {
    const auto& f = r.coverage.figures.units[static_cast<std::size_t>(t)];
    const AdminUnit& u = d.admin.units[static_cast<std::size_t>(t)];
    // A withheld township shows neither its rate nor whether it has youth: plain grey.
    const bool w = r.disclosure.unit(t);
    svg += fmt::format(
        "<path d=\"{}\" fill=\"{}\" stroke=\"#555\" stroke-width=\"0.5\" "
        "fill-rule=\"evenodd\"><title>{} {}: {}</title></path>\n",
        path(u.geometry),
        w             ? "rgb(200,200,200)"
        : f.youth > 0 ? rate_colour(f.served_rate)
                      : "rgb(235,235,235)",
        html_text(u.name), u.code,
        w             ? "suppressed"
        : f.youth > 0 ? pct(f.served, f.youth) + " served"
                      : "no youth");
  }
  for (std::size_t i = 0; i < d.bases.size(); ++i) {
    if (d.bases.status[i] == BaseStatus::candidate) continue;
    const Vec2 p = d.bases.pos[i];
    svg += fmt::format(
        "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"2.5\" fill=\"rgb({})\" stroke=\"#222\" "
        "stroke-width=\"0.4\"/>\n",
        (p.x - extent.min_x) * scale, (extent.max_y - p.y) * scale,
        base_type_rgb(static_cast<int>(d.bases.type[i])));
  }
  // Legend.
  const int y0 = height_px - 40;
  int x = 10;
  for (const auto& c : served_rate_classes()) {
    svg += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"18\" height=\"12\" fill=\"rgb({})\" stroke=\"#555\"/>"
        "<text x=\"{}\" y=\"{}\">{}</text>\n",
        x, y0, c.rgb, x + 22, y0 + 10, c.label);
    x += 110;
  }
  svg += fmt::format(
      "<text x=\"10\" y=\"{}\">served rate per township (youth served within base "
      "capacity)</text>\n",
      y0 + 30);
  return svg + "</svg>\n";
}

namespace {

// Milestones: the units off track first (never at this pace, then late), as the layer
// target_trajectory orders them; the first rows only, the layer has them all.
constexpr std::size_t kTrajectoryRows = 40;
Table trajectory_table(const RunResult& r) {
  Table t{
      {"milestone", "due", "unit", "indicator", "target", "now", "runs", "outlook", "projected"},
      {}};
  for (const monitor::TrajectoryRow& row : r.trajectory) {
    if (t.rows.size() == kTrajectoryRows) break;
    const bool count = row.indicator == monitor::Indicator::bases;
    auto value = [&](double v) {
      if (!std::isfinite(v)) return std::string("–");
      return count ? fmt::format("{:.0f}", v) : fmt::format("{:.1f} %", 100 * v);
    };
    const std::string unit =
        row.level == "total" ? "all" : row.level + " " + row.code + " " + row.name;
    const monitor::Projection& p = row.projection;
    t.rows.push_back(
        {row.milestone, format_day(row.due_day), unit,
         std::string(monitor::to_string(row.indicator)), value(row.target), value(row.current),
         std::to_string(row.series.size()), std::string(monitor::to_string(p.outlook)),
         p.day == kNoDate
             ? "–"
             : (p.outlook == monitor::Outlook::reached ? "since " : "") + format_day(p.day)});
  }
  return t;
}

std::string trajectory_note(const RunResult& r) {
  std::size_t off = 0;
  for (const monitor::TrajectoryRow& row : r.trajectory)
    off += !monitor::on_track(row.projection.outlook);
  std::string s = fmt::format(
      "{} of {} unit indicators are not on track. The projected date is where the least-squares "
      "line "
      "through the latest runs reaches the milestone value (docs/monitoring.md).",
      off, r.trajectory.size());
  if (r.trajectory.size() > kTrajectoryRows)
    s += fmt::format(" The first {} rows; all are in the layer `target_trajectory`.",
                     kTrajectoryRows);
  return s;
}

}  // namespace

std::string report_markdown(const Scenario& sc, const RunResult& r,
                            const std::string& svg_file_name) {
  const RunSummary& s = r.summary;
  std::string md = fmt::format("# sunplan report: {}\n\n", markdown_text(sc.name));
  md += fmt::format("sunplan {} · working CRS {} · scenario {}\n\n", kVersion,
                    markdown_text(r.load.dataset.crs.name),
                    markdown_text(sc.file.filename().string()));
  md += fmt::format("![served rate per township]({})\n\n", svg_file_name);
  md += "## Headline figures\n\n" + markdown(headline(r)) + "\n";
  md += fmt::format(
      "Bases: {} existing, {} planned, {} candidates. Townships with unserved youth: {}.\n\n",
      s.bases_existing, s.bases_planned, s.bases_candidate, s.gap_townships);
  if (!r.load.youth_spread_note.empty())
    md += "Note: " + markdown_text(r.load.youth_spread_note) + ".\n\n";
  if (const Table located = located_table(r); !located.rows.empty())
    md += "## Rows placed from addresses\n\n" + std::string(kLocatedText) + "\n\n" +
          markdown(located) + "\n";
  md +=
      "\"In reach\" counts youth within a base's catchment radius; \"served\" respects each base's "
      "capacity (maximum served, then least total distance; see docs/coverage.md).\n\n";
  md += "## Gaps: townships ranked by youth not served\n\n" + markdown(gap_table(r, 30)) + "\n";
  md += "## Counties\n\n" + markdown(county_table(r)) + "\n";
  if (r.siting)
    md += "## New bases (siting)\n\n" + siting_text(r) + "\n\n" + markdown(siting_table(r)) + "\n";
  if (r.pairing)
    md +=
        "## Pairing and targets\n\n" + pairing_text(r) + "\n\n" + markdown(targets_table(r)) + "\n";
  if (!r.trajectory.empty())
    md += "## Milestones: units off track first\n\n" + trajectory_note(r) + "\n\n" +
          markdown(trajectory_table(r)) + "\n";
  md += fmt::format(
      "## Data problems\n\n{} rows rejected, {} repaired, {} warnings (layer `problems` of the "
      "result).\n",
      s.problems_rejected, s.problems_repaired, s.problems_warnings);
  return md;
}

std::string report_html(const Scenario& sc, const RunResult& r, const std::string& svg) {
  const RunSummary& s = r.summary;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta "
      "name=\"generator\" content=\"" +
      std::string(kSunplanGeneratorMark) + " sunplan " + kVersion +
      "\"><title>sunplan: " + html_text(sc.name) +
      "</title><style>body{font-family:sans-serif;max-width:1000px;margin:2em "
      "auto}table{border-collapse:"
      "collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:3px "
      "8px;text-align:right}td:first-child,"
      "th:first-child{text-align:left}</style></head><body>\n";
  h += "<h1>sunplan report: " + html_text(sc.name) + "</h1>\n";
  h += fmt::format("<p>sunplan {} · working CRS {}</p>\n", kVersion,
                   html_text(r.load.dataset.crs.name));
  h += svg;
  h += "<h2>Headline figures</h2>" + html(headline(r));
  h += fmt::format(
      "<p>Bases: {} existing, {} planned, {} candidates. Townships with unserved youth: {}.</p>",
      s.bases_existing, s.bases_planned, s.bases_candidate, s.gap_townships);
  if (!r.load.youth_spread_note.empty())
    h += "<p><b>Note:</b> " + html_text(r.load.youth_spread_note) + ".</p>";
  if (const Table located = located_table(r); !located.rows.empty())
    h +=
        "<h2>Rows placed from addresses</h2><p>" + html_text(kLocatedText) + "</p>" + html(located);
  h += "<h2>Gaps: townships ranked by youth not served</h2>" + html(gap_table(r, 30));
  h += "<h2>Counties</h2>" + html(county_table(r));
  if (r.siting)
    h += "<h2>New bases (siting)</h2><p>" + html_text(siting_text(r)) + "</p>" +
         html(siting_table(r));
  if (r.pairing)
    h += "<h2>Pairing and targets</h2><p>" + html_text(pairing_text(r)) + "</p>" +
         html(targets_table(r));
  if (!r.trajectory.empty())
    h += "<h2>Milestones: units off track first</h2><p>" + html_text(trajectory_note(r)) + "</p>" +
         html(trajectory_table(r));
  h += fmt::format("<h2>Data problems</h2><p>{} rows rejected, {} repaired, {} warnings.</p>",
                   s.problems_rejected, s.problems_repaired, s.problems_warnings);
  return h + "</body></html>\n";
}

}  // namespace sunplan
