#include "sunplan/siting/assign_model.hpp"

#include "sparse.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan::siting {

namespace {

void add_columns(AssignModel& m) {
  const auto t = detail::transpose(m.row_offsets, m.row_facility, m.facility_count());
  m.col_offsets = t.offsets;
  m.col_demand = t.row;
  m.col_cost.resize(t.entry.size());
  for (std::size_t p = 0; p < t.entry.size(); ++p) m.col_cost[p] = m.row_cost[t.entry[p]];
}

}  // namespace

AssignModel covering_model(const CoverModel& cover) {
  AssignModel m;
  m.instance = cover.instance;
  m.row_offsets = cover.row_offsets;
  m.row_facility = cover.row_facility;
  m.row_cost.assign(cover.row_facility.size(), 0.0f);
  m.weight = cover.weight;
  m.penalty.assign(cover.weight.size(), 1.0);
  m.fixed_open = cover.fixed_open;
  m.is_candidate = cover.is_candidate;
  add_columns(m);
  return m;
}

AssignModel pmedian_model(const Instance& in, const ModelSpec& spec) {
  require_valid(in);
  if (!spec.weight.empty() && spec.weight.size() != in.demand_count())
    throw UsageError("siting: weight override size differs from the demand count");
  if (!spec.unassigned_cost_of.empty() && spec.unassigned_cost_of.size() != in.demand_count())
    throw UsageError("siting: unassigned cost size differs from the demand count");
  AssignModel m;
  m.instance = &in;
  m.fixed_open.assign(in.existing.begin(), in.existing.end());
  m.is_candidate.resize(in.facility_count());
  for (std::size_t j = 0; j < in.facility_count(); ++j) m.is_candidate[j] = in.existing[j] ? 0 : 1;
  std::vector<std::size_t> seen(in.facility_count(), SIZE_MAX);  // a facility listed twice
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    const std::int64_t w = spec.weight_of(i, in.weight);
    if (w == 0) continue;
    const double p = spec.unassigned(i);
    const auto before = m.row_facility.size();
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e) {
      const float c = in.reach.cost[e];
      if (!(c <= spec.cover_limit) || !(c < p) || seen[in.reach.facility[e]] == i) continue;
      seen[in.reach.facility[e]] = i;
      m.row_facility.push_back(in.reach.facility[e]);
      m.row_cost.push_back(c);
      if (in.existing[in.reach.facility[e]]) break;  // always open: nothing further is used
    }
    if (m.row_facility.size() == before) {
      m.constant += static_cast<double>(w) * p;
      continue;
    }
    m.row_offsets.push_back(m.row_facility.size());
    m.weight.push_back(w);
    m.penalty.push_back(p);
  }
  add_columns(m);
  return m;
}

}  // namespace sunplan::siting
