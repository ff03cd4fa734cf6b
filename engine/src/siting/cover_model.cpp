#include "sunplan/siting/cover_model.hpp"

#include "sunplan/core/error.hpp"

namespace sunplan::siting {

CoverModel make_cover_model(const Instance& in, float cover_limit,
                            std::span<const std::int64_t> weight_override) {
  require_valid(in);
  CoverModel m;
  m.instance = &in;
  const auto n = in.demand_count();
  const auto f = in.facility_count();
  if (!weight_override.empty() && weight_override.size() != n)
    throw UsageError("siting: weight override size differs from the demand count");
  if (weight_override.empty())
    m.weight = in.weight;
  else
    m.weight.assign(weight_override.begin(), weight_override.end());
  m.fixed_open.assign(in.existing.begin(), in.existing.end());
  m.is_candidate.resize(f);
  for (std::size_t j = 0; j < f; ++j) m.is_candidate[j] = in.existing[j] ? 0 : 1;

  // Rows: keep entries within the limit; a facility listed twice in a row counts once.
  m.row_offsets.resize(n + 1);
  m.row_facility.reserve(in.reach.entry_count());
  std::vector<std::uint64_t> col_count(f + 1, 0);
  std::vector<std::uint32_t> seen(f, UINT32_MAX);
  for (std::size_t i = 0; i < n; ++i) {
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e) {
      if (!(in.reach.cost[e] <= cover_limit)) continue;
      const auto j = in.reach.facility[e];
      if (seen[j] == i) continue;
      seen[j] = static_cast<std::uint32_t>(i);
      m.row_facility.push_back(j);
      ++col_count[j + 1];
    }
    m.row_offsets[i + 1] = m.row_facility.size();
  }
  m.col_offsets.assign(f + 1, 0);
  for (std::size_t j = 0; j < f; ++j) m.col_offsets[j + 1] = m.col_offsets[j] + col_count[j + 1];
  m.col_demand.resize(m.row_facility.size());
  std::vector<std::uint64_t> fill(m.col_offsets.begin(), m.col_offsets.end() - 1);
  for (std::size_t i = 0; i < n; ++i)  // demand ascending within each column
    for (auto e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e)
      m.col_demand[fill[m.row_facility[e]]++] = static_cast<std::uint32_t>(i);
  return m;
}

void fix_open(CoverModel& m, std::span<const std::uint32_t> facilities) {
  for (auto j : facilities) {
    m.fixed_open[j] = 1;
    m.is_candidate[j] = 0;
  }
}

CoverState::CoverState(const CoverModel& m)
    : m_model(&m),
      m_count(m.demand_count(), 0),
      m_sum(m.demand_count(), 0),
      m_open(m.facility_count(), 0) {
  for (std::uint32_t j = 0; j < m.facility_count(); ++j)
    if (m.fixed_open[j]) open(j);
}

void CoverState::open(std::uint32_t j) {
  if (m_open[j]) return;
  m_open[j] = 1;
  for (auto i : m_model->covered_by(j)) {
    if (m_count[i]++ == 0) m_covered += m_model->weight[i];
    m_sum[i] += j;
  }
}

void CoverState::close(std::uint32_t j) {
  if (!m_open[j]) return;
  m_open[j] = 0;
  for (auto i : m_model->covered_by(j)) {
    if (--m_count[i] == 0) m_covered -= m_model->weight[i];
    m_sum[i] -= j;
  }
}

std::int64_t CoverState::gain(std::uint32_t j) const {
  if (m_open[j]) return 0;
  std::int64_t g = 0;
  for (auto i : m_model->covered_by(j))
    if (m_count[i] == 0) g += m_model->weight[i];
  return g;
}

std::int64_t CoverState::loss(std::uint32_t j) const {
  if (!m_open[j]) return 0;
  std::int64_t l = 0;
  for (auto i : m_model->covered_by(j))
    if (m_count[i] == 1) l += m_model->weight[i];
  return l;
}

std::int64_t unreachable_weight(const CoverModel& m) {
  std::int64_t w = 0;
  for (std::size_t i = 0; i < m.demand_count(); ++i)
    if (m.row_offsets[i] == m.row_offsets[i + 1]) w += m.weight[i];
  return w;
}

std::int64_t total_weight(const CoverModel& m) {
  std::int64_t w = 0;
  for (auto x : m.weight) w += x;
  return w;
}

}  // namespace sunplan::siting
