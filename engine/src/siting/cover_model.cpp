#include "sunplan/siting/cover_model.hpp"

#include <algorithm>

#include "cover_reduction.hpp"
#include "sparse.hpp"
#include "sunplan/core/error.hpp"

namespace sunplan::siting {

namespace {

// In-scope demand that candidates (and only candidates) can cover, as sorted rows; the rest
// is counted as fixed or unreachable.
detail::Rows candidate_rows(const Instance& in, const CoverModelOptions& o, CoverModel& m) {
  const auto n = in.demand_count();
  detail::Rows rows;
  std::vector<std::uint32_t> row;
  for (std::size_t i = 0; i < n; ++i) {
    const std::int64_t w = o.weight.empty() ? in.weight[i] : o.weight[i];
    m.total_weight += w;
    if (w == 0) continue;
    row.clear();
    bool fixed = false;
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e) {
      if (!(in.reach.cost[e] <= o.cover_limit)) continue;
      const auto j = in.reach.facility[e];
      fixed = fixed || m.fixed_open[j];
      row.push_back(j);
    }
    if (fixed) {
      m.fixed_weight += w;
      continue;
    }
    if (row.empty()) {
      m.unreachable_weight += w;
      continue;
    }
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    rows.facility.insert(rows.facility.end(), row.begin(), row.end());
    rows.offsets.push_back(rows.facility.size());
    rows.weight.push_back(w);
  }
  return rows;
}

}  // namespace

CoverModel make_cover_model(const Instance& in, const CoverModelOptions& o) {
  require_valid(in);
  if (!o.weight.empty() && o.weight.size() != in.demand_count())
    throw UsageError("siting: weight override size differs from the demand count");
  CoverModel m;
  m.instance = &in;
  m.original_demand = in.demand_count();
  const auto f = in.facility_count();
  m.fixed_open.assign(in.existing.begin(), in.existing.end());
  m.is_candidate.resize(f);
  for (std::size_t j = 0; j < f; ++j) m.is_candidate[j] = m.fixed_open[j] ? 0 : 1;

  detail::Rows rows = candidate_rows(in, o, m);
  if (o.reduce) {
    rows = detail::merge_identical(rows);
    const auto dominated = detail::dominated_candidates(rows, in, m.is_candidate);
    m.dominated = static_cast<std::size_t>(std::count(dominated.begin(), dominated.end(), 1));
    if (m.dominated > 0) rows = detail::merge_identical(detail::without(rows, dominated));
  }
  m.row_offsets = std::move(rows.offsets);
  m.row_facility = std::move(rows.facility);
  m.weight = std::move(rows.weight);
  auto cols = detail::transpose(m.row_offsets, m.row_facility, f);
  m.col_offsets = std::move(cols.offsets);
  m.col_demand = std::move(cols.row);
  return m;
}

std::vector<std::uint32_t> candidate_list(const CoverModel& m) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t j = 0; j < m.facility_count(); ++j)
    if (m.is_candidate[j]) out.push_back(j);
  return out;
}

}  // namespace sunplan::siting
