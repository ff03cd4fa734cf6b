#include "sunplan/io/data_checks.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <tuple>

#include "sunplan/core/error.hpp"

namespace sunplan {

CheckSettings check_settings(const Scenario& sc) {
  const Settings& s = sc.settings;
  CheckSettings o;
  o.max_rejected_share = s.number("check.max_rejected_share");
  if (!(o.max_rejected_share >= 0 && o.max_rejected_share <= 1))
    throw UsageError(sc.file.string() + ": check.max_rejected_share must be in [0, 1]");
  o.max_unplaced_share = s.number("locate.max_unplaced_share");
  if (!(o.max_unplaced_share >= 0 && o.max_unplaced_share <= 1))
    throw UsageError(sc.file.string() + ": locate.max_unplaced_share must be in [0, 1]");
  o.max_unreadable_share = s.number("check.max_unreadable_share");
  if (!(o.max_unreadable_share >= 0 && o.max_unreadable_share <= 1))
    throw UsageError(sc.file.string() + ": check.max_unreadable_share must be in [0, 1]");
  o.far_from_township_m = s.number("check.far_from_township_m");
  if (!(o.far_from_township_m > 0))
    throw UsageError(sc.file.string() + ": check.far_from_township_m must be > 0 metres");
  o.overlap_min_m2 = s.number("check.overlap_min_m2");
  if (!(o.overlap_min_m2 >= 0))
    throw UsageError(sc.file.string() + ": check.overlap_min_m2 must be >= 0 m²");
  o.overlap_min_share = s.number("check.overlap_min_share");
  if (!(o.overlap_min_share >= 0 && o.overlap_min_share <= 1))
    throw UsageError(sc.file.string() + ": check.overlap_min_share must be in [0, 1]");
  return o;
}

DataVerdict judge_layers(const std::vector<LayerReport>& layers, const CheckSettings& settings) {
  DataVerdict out;
  for (const LayerReport& l : layers) {
    LayerVerdict v;
    v.role = l.role;
    v.source = l.source;
    v.layer = l.layer;
    v.read = l.features_read;
    v.kept = l.kept;
    v.repaired = l.repaired;
    v.rejected = l.rejected;
    v.warnings = l.warnings;
    // Rows a located layer could not place from their address are judged on their own.
    const std::int64_t unplaced =
        l.locate.used ? l.locate.unmatched_total + l.locate.ambiguous_total : 0;
    auto share_of = [&](std::int64_t n) {
      return v.read > 0 ? static_cast<double>(n) / static_cast<double>(v.read) : 0.0;
    };
    const double share = share_of(v.rejected - unplaced);
    const double unplaced_share = share_of(unplaced);
    // The mapped optional field with the largest share of unreadable values.
    const LayerReport::FieldValues* worst = nullptr;
    auto unreadable_share = [](const LayerReport::FieldValues& f) {
      return f.values > 0 ? static_cast<double>(f.unreadable) / static_cast<double>(f.values) : 0.0;
    };
    for (const auto& f : l.optional_fields)
      if (!worst || unreadable_share(f) > unreadable_share(*worst)) worst = &f;
    if (v.read == 0) {
      v.usable = false;
      v.verdict = "NOT USABLE: the layer has no rows (a wrong layer name or 'where' filter?)";
    } else if (v.kept == 0) {
      v.usable = false;
      v.verdict = "NOT USABLE: no usable rows";
    } else if (share > settings.max_rejected_share) {
      v.usable = false;
      v.verdict = fmt::format(
          "NOT USABLE: {:.1f}% of rows rejected (more than [check] "
          "max_rejected_share = {:g}%)",
          100.0 * share, 100.0 * settings.max_rejected_share);
    } else if (unplaced_share > settings.max_unplaced_share) {
      v.usable = false;
      v.verdict = fmt::format(
          "NOT USABLE: {:.1f}% of rows not placed from their address (more "
          "than [locate] max_unplaced_share = {:g}%)",
          100.0 * unplaced_share, 100.0 * settings.max_unplaced_share);
    } else if (worst && unreadable_share(*worst) > settings.max_unreadable_share) {
      v.usable = false;
      v.verdict = fmt::format(
          "NOT USABLE: {} of {} values of field '{}' (column '{}') cannot be read (more than "
          "[check] max_unreadable_share = {:g}%): a wrong column or encoding? Map another "
          "column, remove the mapping, or fix the values",
          worst->unreadable, worst->values, worst->field, worst->column,
          100.0 * settings.max_unreadable_share);
    } else if (v.rejected > 0) {
      v.verdict =
          fmt::format("ok, {} rows rejected ({:.2f}%)", v.rejected, 100.0 * share_of(v.rejected));
      if (unplaced > 0)
        v.verdict += fmt::format(", {} of them not placed from their address", unplaced);
    } else if (v.repaired > 0) {
      v.verdict = fmt::format("ok, {} rows repaired", v.repaired);
    } else {
      v.verdict = "ok";
    }
    if (!v.usable) {
      out.usable = false;
      out.reasons += (out.reasons.empty() ? "" : "\n") +
                     fmt::format("layer '{}' ({}): {} of {} rows rejected, {} kept — {}", v.role,
                                 v.layer, v.rejected, v.read, v.kept, v.verdict.substr(12));
    }
    out.layers.push_back(std::move(v));
  }
  return out;
}

void require_usable(const DataVerdict& verdict, const ProblemLog& problems) {
  if (verdict.usable) return;
  std::string why = "the input data is not usable:\n" + verdict.reasons;
  // The commonest rejection of each unusable layer says what to fix.
  const auto classes = problem_classes(problems);
  for (const LayerVerdict& v : verdict.layers) {
    if (v.usable) continue;
    for (const ProblemClass& c : classes)
      if (c.severity == Severity::rejected && c.layer == v.layer) {
        why += fmt::format("\n  most rejections ({} rows): {}", c.count, describe(c.example));
        break;
      }
  }
  why +=
      "\nSee every problem with `sunplan check SCENARIO`; fix the data or the field mapping, or "
      "raise [check] max_rejected_share ([locate] max_unplaced_share for rows not placed from "
      "their address, [check] max_unreadable_share for a field's unreadable values) to run "
      "anyway.";
  throw InputError(why);
}

namespace {

// The reason with its values set aside: quoted text becomes '…', numbers N.
std::string pattern_of(const std::string& reason) {
  std::string out;
  for (std::size_t i = 0; i < reason.size(); ++i) {
    const char c = reason[i];
    if (c == '\'') {
      const std::size_t end = reason.find('\'', i + 1);
      if (end != std::string::npos) {
        out += "'…'";
        i = end;
        continue;
      }
    }
    // Digits that belong to a name stay: UTF-8, EPSG:4326, GB18030.
    std::size_t before = i;
    if (before > 0 && (reason[before - 1] == '-' || reason[before - 1] == ':')) --before;
    const bool in_name = before > 0 && std::isalpha(static_cast<unsigned char>(reason[before - 1]));
    if (std::isdigit(static_cast<unsigned char>(c)) && in_name) {
      while (i < reason.size() && std::isdigit(static_cast<unsigned char>(reason[i])))
        out += reason[i++];
      --i;
      continue;
    }
    if (std::isdigit(static_cast<unsigned char>(c))) {
      while (i + 1 < reason.size() && (std::isdigit(static_cast<unsigned char>(reason[i + 1])) ||
                                       reason[i + 1] == '.' || reason[i + 1] == ','))
        ++i;
      out += 'N';
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::vector<ProblemClass> problem_classes(const ProblemLog& problems) {
  std::map<std::tuple<std::string, int, std::string, std::string>, std::size_t> at;
  std::vector<ProblemClass> out;
  for (const Problem& p : problems.all()) {
    const std::string pattern = pattern_of(p.reason);
    const auto key = std::make_tuple(p.layer, -static_cast<int>(p.severity), p.field, pattern);
    auto [it, fresh] = at.emplace(key, out.size());
    if (fresh) out.push_back({p.severity, p.layer, p.field, pattern, 0, p});
    ++out[it->second].count;
  }
  // Rows lost first, then rows repaired (garbled text is usually the cause of what follows),
  // then warnings; the largest classes first within each.
  std::stable_sort(out.begin(), out.end(), [](const ProblemClass& a, const ProblemClass& b) {
    if (a.severity != b.severity)
      return static_cast<int>(a.severity) > static_cast<int>(b.severity);
    return a.count > b.count;
  });
  return out;
}

}  // namespace sunplan
