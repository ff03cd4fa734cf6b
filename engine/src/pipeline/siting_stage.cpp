#include "sunplan/pipeline/siting_stage.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <future>
#include <map>

#include "pmedian_reach.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/geo/geos_ops.hpp"
#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/solve.hpp"
#include "sunplan/siting/urban_first.hpp"

namespace sunplan {

namespace {

bool parse_model(const std::string& t, siting::ModelKind& out) {
  if (t == "mclp")
    out = siting::ModelKind::mclp;
  else if (t == "lscp")
    out = siting::ModelKind::lscp;
  else if (t == "pmedian")
    out = siting::ModelKind::pmedian;
  else if (t == "cmclp")
    out = siting::ModelKind::cmclp;
  else
    return false;
  return true;
}

// Youth merged by identical position: the siting models see each location once.
struct Demand {
  PointSet pos;
  std::vector<std::int64_t> weight;
  std::vector<UrbanRural> cls;
  std::vector<std::int32_t> township;
};

Demand aggregate_youth(const Dataset& d) {
  Demand out;
  std::map<std::pair<double, double>, std::size_t> at;
  for (std::size_t i = 0; i < d.youth.size(); ++i) {
    if (d.youth.count[i] <= 0) continue;
    const auto key = std::make_pair(d.youth.pos.x[i], d.youth.pos.y[i]);
    auto [it, fresh] = at.emplace(key, out.weight.size());
    if (fresh) {
      out.pos.push_back(d.youth.pos[i]);
      out.weight.push_back(0);
      out.cls.push_back(coverage::unit_class(d.admin, d.youth.township[i]));
      out.township.push_back(d.youth.township[i]);
    }
    out.weight[it->second] += d.youth.count[i];
  }
  return out;
}

}  // namespace

std::string stage_text(const siting::StageRecord& stage) {
  std::string t = stage.name + ":";
  if (stage.objective) t += fmt::format(" plan {}", *stage.objective);
  if (stage.bound) t += fmt::format(" bound {}", *stage.bound);
  t += fmt::format(" ({:.2f} s)", stage.seconds);
  if (!stage.status.empty()) t += " " + stage.status;
  return t;
}

SitingOptions siting_options(const Scenario& sc) {
  const Settings& s = sc.settings;
  const std::string where = sc.file.string() + ": ";
  SitingOptions o;
  const std::string model = s.text("siting.model");
  if (!parse_model(model, o.model))
    throw UsageError(where + "siting.model must be mclp, lscp, pmedian or cmclp");
  const auto add = s.integer("siting.add");
  if (add < 0) throw UsageError(where + "siting.add must be >= 0");
  o.add = static_cast<std::size_t>(add);
  o.exactly = s.boolean("siting.exactly");
  o.budget = s.number("siting.budget", -1);
  o.urban_first = s.boolean("siting.urban_first");
  o.target_share = s.number("siting.target_share");
  if (!(o.target_share > 0 && o.target_share <= 1))
    throw UsageError(where + "siting.target_share must be in (0, 1]");
  const std::string scope = s.text("siting.scope");
  if (scope == "urban")
    o.scope = UrbanRural::urban;
  else if (scope == "rural")
    o.scope = UrbanRural::rural;
  else if (scope != "all")
    throw UsageError(where + "siting.scope must be all, urban or rural");
  for (const std::string& t : s.texts("siting.candidate_types", {})) {
    BaseType bt;
    if (!parse_base_type(t, bt))
      throw UsageError(where + "siting.candidate_types: unknown base type '" + t + "'");
    o.candidate_types.push_back(bt);
  }
  o.pmedian_radius_m = s.number("siting.pmedian_radius_m");
  if (!(o.pmedian_radius_m >= 0))
    throw UsageError(where + "siting.pmedian_radius_m must be >= 0 (0 = automatic)");
  o.radius_m = s.number("siting.radius_m");
  if (!(o.radius_m >= 0))
    throw UsageError(where + "siting.radius_m must be >= 0 (0 = the [catchment] radii)");
  o.cutoff_min = s.number("siting.cutoff_min");
  if (!(o.cutoff_min >= 0))
    throw UsageError(where + "siting.cutoff_min must be >= 0 (0 = the [catchment] cutoff)");
  o.min_per_county = static_cast<std::int32_t>(s.integer("siting.min_per_county"));
  const auto max_c = s.integer("siting.max_per_county", -1);
  o.max_per_county = max_c < 0 ? kUnlimited : static_cast<std::int32_t>(max_c);
  for (const std::string& code : s.keys_under("siting.province_quota"))
    o.province_quota[code] =
        static_cast<std::int32_t>(s.integer("siting.province_quota." + code, 0));
  o.exact = s.boolean("siting.exact");
  o.exact_time_limit_s = s.number("siting.exact_time_limit_s");
  if (!(o.exact_time_limit_s > 0))
    throw UsageError(where + "siting.exact_time_limit_s must be above 0");
  return o;
}

namespace {

// Each standard belongs to one catchment mode: refuse the other rather than ignore it.
void refuse_the_other_modes_standard(const SitingOptions& o, const SitingTravel* travel) {
  if (travel && o.radius_m > 0)
    throw UsageError(
        "[siting] radius_m (--radius) is a straight-line standard; in network mode "
        "use cutoff_min (--minutes)");
  if (!travel && o.cutoff_min > 0)
    throw UsageError(
        "[siting] cutoff_min (--minutes) needs [catchment] mode = \"network\"; for "
        "straight-line catchments use radius_m (--radius)");
}

// The facilities the models choose among: open bases (existing, planned) and the allowed
// candidates; their existing/cost/capacity go into `in`.
struct Facilities {
  std::vector<std::int32_t> base_of;  // facility -> base index
  PointSet pos;
  std::vector<double> radius;
};

Facilities facilities(const Dataset& d, const coverage::CoverageOptions& cov,
                      const SitingOptions& o, siting::Instance& in) {
  Facilities f;
  for (std::size_t b = 0; b < d.bases.size(); ++b) {
    const bool open = d.bases.status[b] != BaseStatus::candidate;
    if (!open && !o.candidate_types.empty() &&
        std::find(o.candidate_types.begin(), o.candidate_types.end(), d.bases.type[b]) ==
            o.candidate_types.end())
      continue;
    f.base_of.push_back(static_cast<std::int32_t>(b));
    f.pos.push_back(d.bases.pos[b]);
    in.existing.push_back(open ? 1 : 0);
    in.cost.push_back(d.bases.cost[b]);
    in.capacity.push_back(d.bases.capacity[b] == kUnlimited
                              ? std::numeric_limits<std::int64_t>::max()
                              : d.bases.capacity[b]);
    f.radius.push_back(
        o.radius_m > 0 ? o.radius_m
                       : cov.radii.radius_m(d.bases.type[b],
                                            coverage::unit_class(d.admin, d.bases.township[b])));
  }
  return f;
}

// Which facilities each demand point reaches (travel time, the p-median radius or each base's
// radius), and what p-median pays for youth with none in reach. Returns notes for the result.
std::vector<std::string> set_reach(const Demand& demand, const Facilities& f,
                                   const SitingOptions& o, Progress& progress,
                                   const SitingTravel* travel, siting::Instance& in,
                                   siting::ModelSpec& spec, SitingStage& st) {
  std::vector<std::string> notes;
  if (travel) {
    in.reach = travel->reach(demand.pos, f.base_of);
    // p-median pays twice the travel-time cutoff for youth with no open facility in reach.
    float longest = 0;
    for (float c : in.reach.cost) longest = std::max(longest, c);
    spec.unassigned_cost = 2.0 * std::max(1.0f, longest);
  } else if (o.model == siting::ModelKind::pmedian) {
    const PmedianReach pr =
        pmedian_reach(demand.pos, demand.weight, f.pos, in.existing, o.pmedian_radius_m, progress);
    in.reach = pr.reach;
    spec.unassigned_cost = 2.0 * pr.radius_m;
    spec.unassigned_cost_of = pr.unassigned;
    st.pmedian_radius_m = pr.radius_m;
    notes = pr.notes;
  } else {
    coverage::DistanceReach reach =
        coverage::distance_reach(demand.pos, f.pos, f.radius, {}, progress);
    in.reach = std::move(reach.reach);
  }
  return notes;
}

// New bases per county: at least min_per_county where the county has youth, at most
// max_per_county.
siting::QuotaLevel county_quota(const Dataset& d, const Demand& demand,
                                const std::vector<std::int32_t>& base_of, const SitingOptions& o) {
  siting::QuotaLevel county{"county", {}, {}, {}};
  std::map<std::int32_t, std::int32_t> group_of;
  for (std::size_t j = 0; j < base_of.size(); ++j) {
    const auto c = d.admin.ancestor(d.bases.township[static_cast<std::size_t>(base_of[j])],
                                    AdminLevel::county);
    if (c == kNone) {
      county.group.push_back(kNone);
      continue;
    }
    auto [it, fresh] = group_of.emplace(c, static_cast<std::int32_t>(group_of.size()));
    county.group.push_back(it->second);
  }
  std::vector<std::int64_t> youth_of_group(group_of.size(), 0);
  for (std::size_t i = 0; i < demand.weight.size(); ++i) {
    const auto c = d.admin.ancestor(demand.township[i], AdminLevel::county);
    if (auto it = group_of.find(c); it != group_of.end())
      youth_of_group[static_cast<std::size_t>(it->second)] += demand.weight[i];
  }
  for (std::size_t g = 0; g < group_of.size(); ++g) {
    county.min_new.push_back(youth_of_group[g] > 0 ? o.min_per_county : 0);
    county.max_new.push_back(o.max_per_county);
  }
  return county;
}

// Exactly province_quota[code] new bases in each province named.
siting::QuotaLevel province_quota(const Dataset& d, const std::vector<std::int32_t>& base_of,
                                  const SitingOptions& o) {
  siting::QuotaLevel province{"province", {}, {}, {}};
  std::map<std::string, std::int32_t> group_of;
  for (const auto& [code, n] : o.province_quota) {
    group_of[code] = static_cast<std::int32_t>(province.min_new.size());
    province.min_new.push_back(n);
    province.max_new.push_back(n);
  }
  for (std::size_t j = 0; j < base_of.size(); ++j) {
    const auto p = d.admin.ancestor(d.bases.township[static_cast<std::size_t>(base_of[j])],
                                    AdminLevel::province);
    const std::string code = p == kNone ? "" : d.admin.units[static_cast<std::size_t>(p)].code;
    auto it = group_of.find(code);
    province.group.push_back(it == group_of.end() ? kNone : it->second);
  }
  return province;
}

// The model as the options ask for it (its unassigned costs are set with the reach).
void set_model(const SitingOptions& o, const Demand& demand, siting::ModelSpec& spec) {
  spec.kind = o.model;
  spec.k = o.add;
  spec.exactly = o.exactly;
  if (o.budget >= 0) spec.budget = o.budget;
  spec.target_share = o.target_share;
  if (o.scope != UrbanRural::unknown) {
    // Youth of the other class (and of unknown class) still count as covered, but do not drive the
    // plan.
    spec.weight.resize(demand.weight.size());
    for (std::size_t i = 0; i < demand.weight.size(); ++i)
      spec.weight[i] = demand.cls[i] == o.scope ? demand.weight[i] : 0;
  }
}

// Urban sites first, then rural ones with the urban plan fixed: one result whose notes and
// stages name the phase. Returns the facilities opened, in naming order.
std::vector<std::uint32_t> solve_urban_then_rural(const siting::Instance& in,
                                                  const siting::ModelSpec& spec,
                                                  const siting::SolveOptions& solve,
                                                  Progress& progress, SitingStage& st) {
  const auto uf = siting::solve_urban_first(in, spec, solve, progress);
  st.result = uf.rural;
  st.result.notes.insert(st.result.notes.begin(),
                         "urban phase: " + std::to_string(uf.urban.opened.size()) + " sites (" +
                             uf.urban.method + "; bound " + fmt::format("{:.0f}", uf.urban.bound) +
                             " by " + uf.urban.bound_method + ")");
  st.result.stages.clear();
  for (const auto& [phase, r] :
       {std::pair{"urban phase: ", &uf.urban}, {"rural phase: ", &uf.rural}})
    for (auto stage : r->stages) {
      stage.name = phase + stage.name;
      st.result.stages.push_back(stage);
    }
  st.marginal_gain = uf.marginal_gain;
  return uf.opened;
}

// The plan: st.result, st.marginal_gain, st.exact and st.chosen_bases.
void solve_plan(const siting::Instance& in, const siting::ModelSpec& spec, const SitingOptions& o,
                const std::vector<std::int32_t>& base_of, std::vector<std::string> notes,
                Progress& progress, SitingStage& st, const siting::PlanReady& ready = {}) {
  siting::SolveOptions solve;
  if (!o.urban_first) solve.plan_ready = ready;  // urban first solves twice
  solve.heuristics = o.heuristics;
  solve.exact = o.exact;
  solve.exact_time_limit_s = o.exact_time_limit_s;
  std::vector<std::uint32_t> opened;
  if (o.urban_first) {
    opened = solve_urban_then_rural(in, spec, solve, progress, st);
  } else {
    st.result = siting::solve(in, spec, solve, progress);
    opened = st.result.opened;
    st.marginal_gain = st.result.marginal_gain;
  }
  st.result.notes.insert(st.result.notes.begin(), notes.begin(), notes.end());
  if (o.exact)
    for (const auto& stage : st.result.stages)
      if (stage.name == "cbc" || stage.name.ends_with(": cbc")) st.exact = stage;
  for (std::uint32_t j : opened) st.chosen_bases.push_back(base_of[j]);
}

// Coverage after naming the chosen candidates (as planned bases).
struct CoverAfter {
  coverage::CoverageResult coverage;
  Bases bases;
};

CoverAfter cover_after(const Dataset& d, const coverage::CoverageOptions& cov, Progress& progress,
                       const SitingTravel* travel, const std::vector<std::int32_t>& chosen) {
  Dataset after;
  after.crs = d.crs;
  after.admin = d.admin;
  after.youth = d.youth;
  after.bases = d.bases;
  for (std::int32_t b : chosen)
    after.bases.status[static_cast<std::size_t>(b)] = BaseStatus::planned;
  CoverAfter out;
  out.coverage =
      travel ? travel->coverage_after(after) : coverage::run_coverage(after, cov, progress);
  out.bases = std::move(after.bases);
  return out;
}

// The chosen bases as a sorted list, to compare plans.
std::vector<std::int32_t> sorted(std::vector<std::int32_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace

SitingStage run_siting(const Dataset& d, const coverage::CoverageOptions& cov,
                       const SitingOptions& o, Progress& progress, const SitingTravel* travel) {
  refuse_the_other_modes_standard(o, travel);
  SitingStage st;
  st.options = o;
  const Demand demand = aggregate_youth(d);
  siting::Instance in;
  const Facilities f = facilities(d, cov, o, in);
  st.demand_points = demand.weight.size();
  st.facilities = f.base_of.size();
  siting::ModelSpec spec;
  std::vector<std::string> notes = set_reach(demand, f, o, progress, travel, in, spec, st);
  in.weight = demand.weight;
  in.demand_class = demand.cls;
  if (o.min_per_county > 0 || o.max_per_county != kUnlimited)
    in.quotas.push_back(county_quota(d, demand, f.base_of, o));
  if (!o.province_quota.empty()) in.quotas.push_back(province_quota(d, f.base_of, o));
  siting::require_valid(in);
  set_model(o, demand, spec);
  // In distance mode the coverage with the new bases starts as soon as the plan is final, on
  // a thread of its own, while the last bound is computed (MCLP's second Lagrangian bound:
  // the served assignment is one core's work for most of its time, the bound the other's).
  // It reports no progress (the bound does); the plan it covers is checked against the one
  // solve() returns, and computed again if they differed.
  NullProgress quiet;
  std::vector<std::int32_t> early_plan;
  std::future<CoverAfter> early;
  siting::PlanReady ready;
  if (!travel)
    ready = [&](const std::vector<std::uint32_t>& opened) {
      early_plan.clear();
      for (std::uint32_t j : opened) early_plan.push_back(f.base_of[j]);
      early = std::async(std::launch::async, [&d, &cov, &quiet, plan = early_plan] {
        return cover_after(d, cov, quiet, nullptr, plan);
      });
    };
  solve_plan(in, spec, o, f.base_of, std::move(notes), progress, st, ready);
  CoverAfter after;
  if (early.valid() && sorted(early_plan) == sorted(st.chosen_bases))
    after = early.get();
  else
    after = cover_after(d, cov, progress, travel, st.chosen_bases);
  st.after = std::move(after.coverage);
  st.bases_after = std::move(after.bases);
  return st;
}

std::vector<OutputLayer> siting_layers(const Dataset& d, const coverage::CoverageResult& before,
                                       const SitingStage& s) {
  std::vector<OutputLayer> out;
  OutputLayer sites("sites", GeometryKind::point);
  sites.fields = {{"rank", FieldType::integer},       {"id", FieldType::text},
                  {"name", FieldType::text},          {"type", FieldType::text},
                  {"type_zh", FieldType::text},       {"township", FieldType::text},
                  {"marginal_gain", FieldType::real}, {"cost", FieldType::real},
                  {"load_after", FieldType::integer}};
  OutputLayer catchments("site_catchments", GeometryKind::polygon);
  catchments.fields = {
      {"rank", FieldType::integer}, {"id", FieldType::text}, {"radius_m", FieldType::real}};
  for (std::size_t n = 0; n < s.chosen_bases.size(); ++n) {
    const auto b = static_cast<std::size_t>(s.chosen_bases[n]);
    const auto t = d.bases.township[b];
    sites.add_point(
        d.bases.pos[b],
        {std::int64_t(n + 1), d.bases.id[b], d.bases.name[b],
         std::string(to_string(d.bases.type[b])), std::string(chinese_name(d.bases.type[b])),
         t == kNone ? FieldValue{} : FieldValue{d.admin.units[static_cast<std::size_t>(t)].code},
         n < s.marginal_gain.size() ? FieldValue{s.marginal_gain[n]} : FieldValue{},
         d.bases.cost[b], s.after.served.load[b]});
    const double r = s.after.radius[b];
    if (r > 0)
      catchments.add_polygon(geo::buffer_point(d.bases.pos[b], r, 16),
                             {std::int64_t(n + 1), d.bases.id[b], r});
  }
  out.push_back(std::move(sites));
  out.push_back(std::move(catchments));

  OutputLayer effect("site_effect", GeometryKind::polygon);
  effect.fields = {{"code", FieldType::text},
                   {"name", FieldType::text},
                   {"urban_rural", FieldType::text},
                   {"youth", FieldType::integer},
                   {"in_reach_before", FieldType::integer},
                   {"in_reach_after", FieldType::integer},
                   {"served_before", FieldType::integer},
                   {"served_after", FieldType::integer},
                   {"new_sites", FieldType::integer}};
  std::map<std::int32_t, std::int64_t> new_sites;
  for (std::int32_t b : s.chosen_bases) ++new_sites[d.bases.township[static_cast<std::size_t>(b)]];
  for (std::int32_t t : d.admin.townships) {
    const auto u = static_cast<std::size_t>(t);
    const auto& f0 = before.figures.units[u];
    const auto& f1 = s.after.figures.units[u];
    effect.add_polygon(d.admin.units[u].geometry,
                       {d.admin.units[u].code, d.admin.units[u].name,
                        std::string(to_string(d.admin.units[u].urban_rural)), f0.youth, f0.in_reach,
                        f1.in_reach, f0.served, f1.served, new_sites[t]});
  }
  out.push_back(std::move(effect));

  OutputLayer summary("siting_summary", GeometryKind::none);
  summary.fields = {{"key", FieldType::text}, {"value", FieldType::text}};
  auto add = [&](const std::string& k, const std::string& v) { summary.add_row({k, v}); };
  const auto& r = s.result;
  add("model", s.options.urban_first ? "urban_first" : siting::to_string(s.options.model));
  add("scope", s.options.scope == UrbanRural::unknown ? "all" : to_string(s.options.scope));
  add("coverage_standard", s.options.radius_m > 0 ? std::to_string(s.options.radius_m) + " m"
                           : s.options.cutoff_min > 0
                               ? std::to_string(s.options.cutoff_min) + " min"
                               : "catchment");
  add("new_sites", std::to_string(s.chosen_bases.size()));
  add("objective", std::to_string(r.objective));
  add("bound", std::to_string(r.bound));
  add("gap", std::to_string(r.gap));
  add("proven_optimal", r.proven_optimal ? "yes" : "no");
  add("feasible", r.feasible ? "yes" : "no");
  add("method", r.method);
  add("bound_method", r.bound_method);
  add("covered_weight", std::to_string(r.covered_weight));
  add("total_weight", std::to_string(r.total_weight));
  add("unreachable_weight", std::to_string(r.unreachable_weight));
  add("demand_points", std::to_string(s.demand_points));
  add("facilities", std::to_string(s.facilities));
  for (const std::string& n : r.notes) add("note", n);
  if (s.options.model == siting::ModelKind::pmedian && s.pmedian_radius_m > 0)
    add("pmedian_radius_m", fmt::format("{:.0f}", s.pmedian_radius_m));
  if (s.exact) {
    add("exact_status", s.exact->status);
    add("exact_objective", s.exact->objective ? fmt::format("{}", *s.exact->objective) : "");
    add("exact_bound", s.exact->bound ? fmt::format("{}", *s.exact->bound) : "");
    add("exact_seconds", fmt::format("{:.1f}", s.exact->seconds));
  }
  for (const auto& stage : r.stages) add("stage", stage_text(stage));
  out.push_back(std::move(summary));
  return out;
}

}  // namespace sunplan
