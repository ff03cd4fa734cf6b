#include "sunplan/compare/compare_runs.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

namespace sunplan::compare {

const char* to_string(Figure f) {
  switch (f) {
    case Figure::youth:
      return "youth";
    case Figure::in_reach:
      return "in_reach";
    case Figure::served:
      return "served";
    case Figure::paired:
      return "paired";
    case Figure::reach_rate:
      return "reach_rate";
    case Figure::served_rate:
      return "served_rate";
    case Figure::pairing_rate:
      return "pairing_rate";
    case Figure::gap_rank:
      return "gap_rank";
  }
  return "?";
}

bool is_count(Figure f) {
  return f == Figure::youth || f == Figure::in_reach || f == Figure::served || f == Figure::paired;
}

std::string describe_base_change(unsigned what) {
  static const std::pair<unsigned, const char*> names[] = {
      {kBaseAdded, "added"},   {kBaseRemoved, "removed"},   {kBaseMoved, "moved"},
      {kBaseStatus, "status"}, {kBaseCapacity, "capacity"}, {kBaseType, "type"}};
  std::string s;
  for (const auto& [bit, name] : names)
    if (what & bit) s += (s.empty() ? "" : ",") + std::string(name);
  return s;
}

namespace {

std::vector<ParameterChange> parameter_changes(const RunRecords& a, const RunRecords& b) {
  std::map<std::string, std::pair<std::optional<std::string>, std::optional<std::string>>> all;
  for (const auto& [k, v] : a.parameters) all[k].first = v;
  for (const auto& [k, v] : b.parameters) all[k].second = v;
  std::vector<ParameterChange> out;
  for (auto& [k, v] : all)
    if (v.first != v.second) out.push_back({k, v.first, v.second});
  return out;
}

std::vector<BaseChange> base_changes(const RunRecords& a, const RunRecords& b, double tolerance_m) {
  // The first row of an id counts, as the loader keeps the first of duplicate ids.
  std::map<std::string, const BaseRecord*> old_by_id, new_by_id;
  for (const BaseRecord& r : a.bases) old_by_id.try_emplace(r.id, &r);
  for (const BaseRecord& r : b.bases) new_by_id.try_emplace(r.id, &r);
  std::set<std::string> ids;
  for (const auto& [id, r] : old_by_id) ids.insert(id);
  for (const auto& [id, r] : new_by_id) ids.insert(id);
  std::vector<BaseChange> out;
  for (const std::string& id : ids) {
    const auto o = old_by_id.find(id), n = new_by_id.find(id);
    BaseChange ch;
    ch.id = id;
    if (o != old_by_id.end()) ch.old_base = *o->second;
    if (n != new_by_id.end()) ch.new_base = *n->second;
    if (!ch.old_base) ch.what |= kBaseAdded;
    if (!ch.new_base) ch.what |= kBaseRemoved;
    if (ch.old_base && ch.new_base) {
      ch.moved_m = std::hypot(ch.new_base->pos.x - ch.old_base->pos.x,
                              ch.new_base->pos.y - ch.old_base->pos.y);
      if (ch.moved_m >= tolerance_m) ch.what |= kBaseMoved;
      if (ch.old_base->status != ch.new_base->status) ch.what |= kBaseStatus;
      if (ch.old_base->capacity != ch.new_base->capacity && !ch.old_base->capacity_withheld &&
          !ch.new_base->capacity_withheld)
        ch.what |= kBaseCapacity;
      if (ch.old_base->type != ch.new_base->type) ch.what |= kBaseType;
    }
    if (ch.what) out.push_back(std::move(ch));
  }
  return out;
}

int level_order(const std::string& level) {
  static const char* order[] = {"province", "city", "county", "township"};
  for (int i = 0; i < 4; ++i)
    if (level == order[i]) return i;
  return 4;
}

std::vector<UnitChange> unit_changes(const RunRecords& a, const RunRecords& b) {
  using Key = std::tuple<int, std::string, std::string>;  // level order, level, code
  std::map<Key, std::pair<const UnitRecord*, const UnitRecord*>> all;
  for (const UnitRecord& u : a.units) all[{level_order(u.level), u.level, u.code}].first = &u;
  for (const UnitRecord& u : b.units) all[{level_order(u.level), u.level, u.code}].second = &u;
  std::vector<UnitChange> out;
  for (const auto& [key, pair] : all) {
    const auto [o, n] = pair;
    UnitChange ch;
    ch.level = std::get<1>(key);
    ch.code = std::get<2>(key);
    ch.name = n ? n->name : o->name;
    ch.in_old = o != nullptr;
    ch.in_new = n != nullptr;
    ch.geometry = n && !n->geometry.empty() ? n->geometry : o ? o->geometry : MultiPolygon{};
    ch.changed = !(o && n);
    for (std::size_t f = 0; f < kFigures; ++f) {
      if (o) ch.old_value[f] = o->figures[f];
      if (n) ch.new_value[f] = n->figures[f];
      if (ch.old_value[f] && ch.new_value[f]) {
        ch.delta[f] = *ch.new_value[f] - *ch.old_value[f];
        if (*ch.delta[f] != 0) ch.changed = true;
      }
    }
    // A gap rank that appears or vanishes is a change (NULL rank: nobody unserved), unless the
    // unit's counts are withheld in a run (its rank is then withheld too).
    const auto rank = static_cast<std::size_t>(Figure::gap_rank);
    if (o && n && o->has_coverage && n->has_coverage && !o->withheld && !n->withheld &&
        ch.old_value[rank].has_value() != ch.new_value[rank].has_value())
      ch.changed = true;
    out.push_back(std::move(ch));
  }
  return out;
}

std::optional<bool> covered(const UnitRecord& u) {
  const auto& youth = u[Figure::youth];
  const auto& in_reach = u[Figure::in_reach];
  if (!youth || !in_reach) return std::nullopt;
  return *youth - *in_reach == 0;
}

std::vector<CoverageChange> coverage_changes(const RunRecords& a, const RunRecords& b) {
  std::map<std::string, const UnitRecord*> old_towns;
  for (const UnitRecord& u : a.units)
    if (u.level == "township") old_towns.try_emplace(u.code, &u);
  std::vector<CoverageChange> out;
  for (const UnitRecord& n : b.units) {
    if (n.level != "township") continue;
    const auto it = old_towns.find(n.code);
    if (it == old_towns.end()) continue;
    const UnitRecord& o = *it->second;
    const std::optional<bool> was = covered(o), is = covered(n);
    if (!was || !is || *was == *is) continue;
    CoverageChange ch;
    ch.code = n.code;
    ch.name = n.name;
    ch.newly_covered = *is;
    ch.youth_old = o[Figure::youth];
    ch.youth_new = n[Figure::youth];
    ch.in_reach_old = o[Figure::in_reach];
    ch.in_reach_new = n[Figure::in_reach];
    ch.geometry = n.geometry.empty() ? o.geometry : n.geometry;
    out.push_back(std::move(ch));
  }
  std::sort(out.begin(), out.end(),
            [](const CoverageChange& x, const CoverageChange& y) { return x.code < y.code; });
  return out;
}

std::vector<AssignmentChange> assignment_changes(const RunRecords& a, const RunRecords& b,
                                                 bool bases, bool teams) {
  std::map<std::string, std::pair<const YouthRecord*, const YouthRecord*>> all;
  for (const YouthRecord& y : a.youth) all[y.id].first = &y;
  for (const YouthRecord& y : b.youth) all[y.id].second = &y;
  std::vector<AssignmentChange> out;
  for (const auto& [id, pair] : all) {
    const auto [o, n] = pair;
    AssignmentChange ch;
    ch.id = id;
    if (o) ch.old_youth = *o;
    if (n) ch.new_youth = *n;
    if (o && n) {
      ch.base_changed = bases && o->base != n->base;
      ch.team_changed = teams && o->team != n->team;
      if (!ch.base_changed && !ch.team_changed) continue;
    }
    out.push_back(std::move(ch));
  }
  return out;
}

}  // namespace

Comparison compare_runs(const RunRecords& a, const RunRecords& b, double move_tolerance_m) {
  Comparison c;
  c.parameters = parameter_changes(a, b);
  c.bases_compared = a.has_bases && b.has_bases;
  if (c.bases_compared)
    c.bases = base_changes(a, b, move_tolerance_m);
  else
    c.not_compared.push_back("bases: the layer is missing from " +
                             std::string(a.has_bases ? "the new run" : "the old run"));
  c.units = unit_changes(a, b);
  if (a.aggregate || b.aggregate) {
    const double min_count = static_cast<double>(std::max(a.min_count, b.min_count));
    for (UnitChange& u : c.units)
      for (std::size_t f = 0; f < kFigures; ++f) {
        auto& d = u.delta[f];
        if (d && is_count(static_cast<Figure>(f)) && *d != 0 && std::abs(*d) < min_count) {
          d.reset();
          u.suppressed = true;
        }
      }
  }
  // Figures one run did not write (its --layers left the layer out) have no difference.
  for (const char* level : {"province", "city", "county", "township"}) {
    auto count = [&](const RunRecords& r, bool UnitRecord::*flag) {
      return std::count_if(r.units.begin(), r.units.end(),
                           [&](const UnitRecord& u) { return u.level == level && u.*flag; });
    };
    for (const auto& [flag, what] :
         {std::pair{&UnitRecord::has_coverage, "in reach, served, rates and gap rank"},
          std::pair{&UnitRecord::has_pairing, "paired and pairing rate"}}) {
      const auto in_a = count(a, flag), in_b = count(b, flag);
      if ((in_a > 0) != (in_b > 0))
        c.not_compared.push_back(std::string(level) + " " + what + ": only in the " +
                                 (in_a > 0 ? "old" : "new") + " run");
    }
  }
  c.coverage = coverage_changes(a, b);
  const bool aggregate = a.aggregate || b.aggregate;
  c.youth_bases_compared = !aggregate && a.has_youth_bases && b.has_youth_bases;
  c.youth_teams_compared = !aggregate && a.has_youth_teams && b.has_youth_teams;
  c.assignments_published = c.youth_bases_compared || c.youth_teams_compared;
  if (aggregate)
    c.not_compared.push_back(
        "assignments: a run was made in aggregate privacy mode (no per-youth output)");
  else if (!c.assignments_published)
    c.not_compared.push_back(
        "assignments: the youth and youth_pairing layers are not in both runs");
  if (c.assignments_published)
    c.assignments = assignment_changes(a, b, c.youth_bases_compared, c.youth_teams_compared);
  return c;
}

AssignmentCounts count_assignment_changes(const std::vector<AssignmentChange>& changes) {
  AssignmentCounts n;
  for (const auto& x : changes) {
    n.base_changed += x.base_changed;
    n.team_changed += x.team_changed;
    n.added += !x.old_youth;
    n.removed += !x.new_youth;
  }
  return n;
}

}  // namespace sunplan::compare
