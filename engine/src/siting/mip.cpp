#include "sunplan/siting/mip.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "cbc_runner.hpp"
#include "demand_weight.hpp"
#include "formulation.hpp"
#include "stages.hpp"
#include "sunplan/siting/evaluate.hpp"

namespace sunplan::siting {

namespace {

// CBC may overrun its own limit inside a large root LP; it is ended this much later.
constexpr double kGraceSeconds = 3;

struct Built {
  detail::Formulation f;
  std::int64_t total = 0, unreachable = 0;
};

Built build(const Instance& in, const ModelSpec& spec) {
  Built b;
  switch (spec.kind) {
    case ModelKind::mclp:
    case ModelKind::lscp: {
      const CoverModel m = make_cover_model(in, {spec.cover_limit, spec.weight, true});
      b.total = m.total_weight;
      b.unreachable = m.unreachable_weight;
      const auto target = static_cast<std::int64_t>(
          std::ceil(spec.target_share * static_cast<double>(m.reachable_weight()) - 1e-9));
      b.f = spec.kind == ModelKind::mclp ? detail::mclp_formulation(m, spec)
                                         : detail::lscp_formulation(m, spec, target);
      break;
    }
    case ModelKind::pmedian: {
      const AssignModel m = pmedian_model(in, spec);
      b.f = detail::pmedian_formulation(m, spec);
      break;
    }
    case ModelKind::cmclp:
      b.f = detail::cmclp_formulation(in, spec);
      break;
  }
  if (spec.kind == ModelKind::pmedian || spec.kind == ModelKind::cmclp) {
    SitingResult weights;
    detail::weigh_demand(in, spec, weights);
    b.total = weights.total_weight;
    b.unreachable = weights.unreachable_weight;
  }
  return b;
}

double evaluate(const Instance& in, const ModelSpec& spec, SitingResult& r) {
  switch (spec.kind) {
    case ModelKind::mclp:
      r.covered_weight = covered_weight(in, spec, r.opened);
      return static_cast<double>(r.covered_weight);
    case ModelKind::lscp:
      r.covered_weight = covered_weight(in, spec, r.opened);
      return static_cast<double>(r.opened.size());
    case ModelKind::cmclp:
      r.covered_weight = served_weight(in, spec, r.opened);
      return static_cast<double>(r.covered_weight);
    case ModelKind::pmedian:
      return pmedian_cost(in, spec, r.opened);
  }
  return 0;
}

}  // namespace

SitingResult solve_mip(const Instance& in, const ModelSpec& spec, const MipOptions& options,
                       Progress& progress) {
  require_valid(in);
  detail::Stopwatch clock;
  report_or_cancel(progress, 0, "siting: cbc");
  const bool maximise = spec.kind == ModelKind::mclp || spec.kind == ModelKind::cmclp;
  Built b = build(in, spec);
  detail::Formulation& f = b.f;
  for (std::size_t j = 0; j < options.fixed_out.size() && j < f.site_col.size(); ++j)
    if (options.fixed_out[j] && f.site_col[j] >= 0) f.col_hi[f.site_col[j]] = 0;

  SitingResult r;
  r.maximise = maximise;
  r.method = "cbc";
  r.bound_method = "cbc";
  r.total_weight = b.total;
  r.unreachable_weight = b.unreachable;

  std::vector<std::pair<int, double>> start;
  for (auto j : options.start)
    if (j < f.site_col.size() && f.site_col[j] >= 0) start.push_back({f.site_col[j], 1.0});
  const auto cbc = detail::run_cbc(f, start, options.time_limit_seconds, kGraceSeconds, progress);

  double bound =
      cbc.finished && std::isfinite(cbc.best_possible) && std::abs(cbc.best_possible) < 1e29
          ? f.constant + f.sign * cbc.best_possible
          : (maximise ? std::numeric_limits<double>::infinity()
                      : -std::numeric_limits<double>::infinity());
  r.proven_optimal = cbc.proven_optimal;
  std::string status;
  if (!cbc.has_plan) {
    r.has_plan = false;
    r.feasible = false;
    r.proven_optimal = false;
    status = !cbc.finished    ? "no plan: stopped at the time limit (cbc overran it and was ended)"
             : cbc.infeasible ? "the model is infeasible"
                              : "no plan within the time limit";
    r.notes.push_back("cbc: " + status);
  } else {
    for (std::size_t j = 0; j < f.site_col.size(); ++j)
      if (f.site_col[j] >= 0 && cbc.x[static_cast<std::size_t>(f.site_col[j])] > 0.5) {
        r.opened.push_back(static_cast<std::uint32_t>(j));
        r.cost_used += in.facility_cost(j);
      }
    r.objective = evaluate(in, spec, r);
    r.marginal_gain.assign(r.opened.size(), 0.0);
    status = r.proven_optimal ? "proven optimal" : "time limit";
    if (r.proven_optimal) bound = r.objective;
  }
  // Integer objectives round CBC's bound; a time limit keeps it as proven so far.
  if (spec.kind != ModelKind::pmedian && std::isfinite(bound))
    bound = maximise ? std::floor(bound + 1e-6) : std::ceil(bound - 1e-6);
  if (!options.fixed_out.empty())  // the restricted model: plans outside it are no better
    bound = maximise ? std::max(bound, options.fixed_out_value)
                     : std::min(bound, options.fixed_out_value);
  r.bound = bound;
  if (r.has_plan)
    r.bound = maximise ? std::max(r.bound, r.objective) : std::min(r.bound, r.objective);
  if (!r.proven_optimal && r.has_plan) r.notes.push_back("cbc stopped at the time limit");
  finish_gap(r);
  if (r.has_plan && r.proven_optimal) r.gap = 0;
  detail::record(r, "cbc", r.has_plan ? std::optional<double>(r.objective) : std::nullopt,
                 std::isfinite(r.bound) ? std::optional<double>(r.bound) : std::nullopt,
                 clock.seconds(), status, r.has_plan && r.proven_optimal);
  return r;
}

}  // namespace sunplan::siting
