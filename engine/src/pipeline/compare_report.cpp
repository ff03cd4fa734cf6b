// The change report of `sunplan compare` (DIFF.md): what differs in how the runs were made
// first, since every other change may follow from it.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>

#include "sunplan/core/text_escape.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/pipeline/compare_results.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

using compare::Figure;

namespace {

constexpr std::size_t kMaxRows = 30;  // per table; the layers hold every row

std::string cell(const std::string& s) {
  return markdown_text(s);
}

std::string value(const std::optional<double>& v, bool whole) {
  if (!v) return "–";
  return whole ? fmt::format("{}", static_cast<long long>(std::llround(*v)))
               : fmt::format("{:.3f}", *v);
}

std::string signed_value(const std::optional<double>& v, bool whole) {
  if (!v) return "–";
  return whole ? fmt::format("{:+d}", static_cast<long long>(std::llround(*v)))
               : fmt::format("{:+.3f}", *v);
}

std::string param(const std::optional<std::string>& v) {
  if (!v) return "(absent)";
  std::string s = *v;
  if (s.size() > 80) s = s.substr(0, 77) + "...";  // hashes and paths stay readable
  return s;
}

std::string metadata(const compare::RunRecords& r, const std::string& key) {
  for (const auto& [k, v] : r.parameters)
    if (k == key) return v;
  return "";
}

// Sums over townships as the runs published them; "suppressed" when a run withheld one.
std::string total(const compare::RunRecords& r, Figure f, std::optional<double>& sum) {
  double s = 0;
  bool any = false;
  for (const auto& u : r.units) {
    if (u.level != "township") continue;
    if (u.withheld) {
      sum.reset();
      return "suppressed";
    }
    if (const auto& v = u[f]) {
      s += *v;
      any = true;
    }
  }
  if (!any) {
    sum.reset();
    return "–";
  }
  sum = s;
  return fmt::format("{}", static_cast<long long>(std::llround(s)));
}

// The title and the line naming both runs and the change layers, then the map.
std::string compare_md_title(const CompareOptions& o, const compare::RunRecords& a,
                             const compare::RunRecords& b) {
  namespace fs = std::filesystem;
  std::string md = fmt::format("{}: changes from {} to {}\n\n", kSunplanReportTitle,
                               cell(fs::path(o.old_path).filename().string()),
                               cell(fs::path(o.new_path).filename().string()));
  md +=
      fmt::format("sunplan {} · old: {} ({}) · new: {} ({}) · layers in {}\n\n", kVersion,
                  cell(metadata(a, "scenario.run.name").empty() ? o.old_path
                                                                : metadata(a, "scenario.run.name")),
                  cell(o.old_path),
                  cell(metadata(b, "scenario.run.name").empty() ? o.new_path
                                                                : metadata(b, "scenario.run.name")),
                  cell(o.new_path), cell(fs::path(o.output_path).filename().string()));

  md +=
      fmt::format("![the changes: townships by the change in youth served, bases by kind]({})\n\n",
                  fs::path(o.output_path).replace_extension("").filename().string() + "-map.svg");
  return md;
}

std::string compare_md_parameters(const compare::Comparison& c) {
  std::string md = "## Parameters and inputs that differ\n\n";
  if (c.parameters.empty()) {
    md += "None: both runs were made with the same scenario keys, inputs and software.\n\n";
  } else {
    md +=
        "Every other change below may follow from these (layer `parameter_changes`; "
        "`scenario.*` are the scenario's keys, `sha256:*` the input files' fingerprints).\n\n";
    md += "| key | old | new |\n|---|---|---|\n";
    for (const auto& p : c.parameters)
      md += fmt::format("| {} | {} | {} |\n", cell(p.key), cell(param(p.old_value)),
                        cell(param(p.new_value)));
    md += "\n";
  }
  return md;
}

std::string compare_md_headline(const compare::RunRecords& a, const compare::RunRecords& b) {
  const bool aggregate = a.aggregate || b.aggregate;
  const std::int64_t min_count = std::max(a.min_count, b.min_count);
  std::string md =
      "## Headline (sum of the townships)\n\n| figure | old | new | change "
      "|\n|---|---:|---:|---:|\n";
  for (Figure f : {Figure::youth, Figure::in_reach, Figure::served, Figure::paired}) {
    std::optional<double> x, y;
    const std::string old_text = total(a, f, x), new_text = total(b, f, y);
    // In aggregate mode a small difference is a small count of people: withheld as in the runs.
    const bool small = x && y && *y != *x && std::abs(*y - *x) < static_cast<double>(min_count);
    md += fmt::format("| {} | {} | {} | {} |\n", compare::to_string(f), old_text, new_text,
                      !(x && y)            ? "–"
                      : aggregate && small ? "suppressed"
                                           : signed_value(*y - *x, true));
  }
  md += "\n";
  return md;
}

// The first kMaxRows base changes as a table.
std::string compare_md_base_table(const std::vector<compare::BaseChange>& bases) {
  std::string md =
      "| base | name | change | status | capacity | type | moved (m) "
      "|\n|---|---|---|---|---|---|---:|\n";
  auto cap = [](const std::optional<compare::BaseRecord>& r) -> std::string {
    if (!r) return "–";
    if (r->capacity_withheld) return "suppressed";
    return r->capacity ? std::to_string(*r->capacity) : "unlimited";
  };
  auto pair = [](const std::string& x, const std::string& y) { return x == y ? x : x + " → " + y; };
  for (std::size_t i = 0; i < bases.size() && i < kMaxRows; ++i) {
    const auto& ch = bases[i];
    const auto& ob = ch.old_base;
    const auto& nb = ch.new_base;
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell(ch.id),
                      cell(nb ? nb->name : ob->name), compare::describe_base_change(ch.what),
                      cell(pair(ob ? ob->status : "–", nb ? nb->status : "–")),
                      pair(cap(ob), cap(nb)), cell(pair(ob ? ob->type : "–", nb ? nb->type : "–")),
                      ob && nb ? fmt::format("{:.1f}", ch.moved_m) : "–");
  }
  if (bases.size() > kMaxRows) md += fmt::format("\n… and {} more.\n", bases.size() - kMaxRows);
  md += "\n";
  return md;
}

std::string compare_md_bases(const compare::Comparison& c) {
  std::string md = "## Bases\n\n";
  if (!c.bases_compared) return md + "Not compared: a run has no `bases` layer.\n\n";
  std::map<unsigned, int> n;
  for (const auto& ch : c.bases)
    for (unsigned bit = 1; bit <= compare::kBaseType; bit <<= 1)
      if (ch.what & bit) ++n[bit];
  md += fmt::format(
      "{} added, {} removed, {} moved, {} changed status, {} changed capacity, {} changed type "
      "(layer `base_changes`).\n\n",
      n[compare::kBaseAdded], n[compare::kBaseRemoved], n[compare::kBaseMoved],
      n[compare::kBaseStatus], n[compare::kBaseCapacity], n[compare::kBaseType]);
  if (!c.bases.empty()) md += compare_md_base_table(c.bases);
  return md;
}

// One level's changed units, the largest changes in service first.
std::string compare_md_unit_level(const compare::Comparison& c, const char* level) {
  std::vector<const compare::UnitChange*> changed;
  std::size_t all = 0;
  for (const auto& u : c.units)
    if (u.level == level) {
      ++all;
      if (u.changed) changed.push_back(&u);
    }
  if (all == 0) return "";
  std::string md = fmt::format("### {} ({} of {} changed)\n\n", level, changed.size(), all);
  if (changed.empty()) return md;
  auto size = [](const compare::UnitChange* u) {
    const auto& d = u->delta[static_cast<std::size_t>(Figure::served)];
    return d ? std::abs(*d) : 0.0;
  };
  std::stable_sort(changed.begin(), changed.end(),
                   [&](const auto* x, const auto* y) { return size(x) > size(y); });
  md +=
      "| code | name | youth | in reach | served | paired | gap rank "
      "|\n|---|---|---:|---:|---:|---:|---:|\n";
  for (std::size_t i = 0; i < changed.size() && i < kMaxRows; ++i) {
    const compare::UnitChange& u = *changed[i];
    auto fig = [&](Figure f) {
      const auto k = static_cast<std::size_t>(f);
      if (!u.in_old) return "new: " + value(u.new_value[k], true);
      if (!u.in_new) return "gone: " + value(u.old_value[k], true);
      const bool withheld = u.suppressed && !u.delta[k] && u.old_value[k] && u.new_value[k];
      return value(u.old_value[k], true) + " → " + value(u.new_value[k], true) + " (" +
             (withheld ? std::string("suppressed") : signed_value(u.delta[k], true)) + ")";
    };
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", cell(u.code), cell(u.name),
                      fig(Figure::youth), fig(Figure::in_reach), fig(Figure::served),
                      fig(Figure::paired), fig(Figure::gap_rank));
  }
  if (changed.size() > kMaxRows) md += fmt::format("\n… and {} more.\n", changed.size() - kMaxRows);
  md += "\n";
  return md;
}

std::string compare_md_units(const compare::Comparison& c) {
  std::string md =
      "## Admin units\n\nOld → new (change) where both runs published the figure; units whose "
      "counts a "
      "run withheld (aggregate privacy mode) show –. Every unit is in layer `unit_changes`.\n\n";
  for (const char* level : {"province", "city", "county", "township"})
    md += compare_md_unit_level(c, level);
  return md;
}

std::string compare_md_coverage(const compare::Comparison& c) {
  std::string md =
      "## Townships newly covered or uncovered\n\nCovered: every youth of the township in reach of "
      "a base "
      "(layer `township_coverage_changes`).\n\n";
  if (c.coverage.empty()) md += "None.\n\n";
  for (const bool covered : {true, false}) {
    std::string list;
    for (const auto& t : c.coverage)
      if (t.newly_covered == covered)
        list += (list.empty() ? "" : ", ") + cell(t.name) + " (" + t.code + ")";
    if (!list.empty())
      md += fmt::format("- newly {}: {}\n", covered ? "covered" : "uncovered", list);
  }
  if (!c.coverage.empty()) md += "\n";
  return md;
}

std::string compare_md_assignments(const compare::Comparison& c) {
  std::string md = "## Youth whose base or team changed\n\n";
  if (!c.assignments_published) return md + "Not compared (see below).\n\n";
  const compare::AssignmentCounts n = compare::count_assignment_changes(c.assignments);
  md += fmt::format(
      "Youth points whose serving base changed: {}; whose pairing team changed: {}; only in the "
      "new run: {}; only in the old run: {} (layer `assignment_changes`, by the ids the runs "
      "wrote: pseudonyms `r<row>` match only while the registry keeps its row order).\n\n",
      c.youth_bases_compared ? std::to_string(n.base_changed) : "not compared",
      c.youth_teams_compared ? std::to_string(n.team_changed) : "not compared", n.added, n.removed);
  return md;
}

std::string compare_md_not_compared(const compare::Comparison& c) {
  if (c.not_compared.empty()) return "";
  std::string md = "## Not compared\n\n";
  for (const auto& s : c.not_compared) md += "- " + cell(s) + "\n";
  md += "\n";
  return md;
}

}  // namespace

std::string comparison_markdown(const CompareOptions& o, const compare::Comparison& c,
                                const compare::RunRecords& a, const compare::RunRecords& b) {
  return compare_md_title(o, a, b) + compare_md_parameters(c) + compare_md_headline(a, b) +
         compare_md_bases(c) + compare_md_units(c) + compare_md_coverage(c) +
         compare_md_assignments(c) + compare_md_not_compared(c);
}

}  // namespace sunplan
