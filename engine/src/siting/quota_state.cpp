#include "sunplan/siting/quota_state.hpp"

#include <algorithm>
#include <string>

namespace sunplan::siting {

namespace {
// Budgets are sums of doubles; a hair of slack keeps "exactly on budget" feasible.
constexpr double kBudgetSlack = 1e-9;
}  // namespace

QuotaState::QuotaState(const Instance& in, std::size_t k, double budget)
    : m_in(&in), m_k(k), m_budget(budget) {
  m_count.resize(in.quotas.size());
  for (std::size_t l = 0; l < in.quotas.size(); ++l) {
    const auto& q = in.quotas[l];
    m_count[l].assign(q.min_new.size(), 0);
    for (auto mn : q.min_new) m_unmet += std::max<std::int32_t>(mn, 0);
  }
}

bool QuotaState::can_add(std::uint32_t j) const {
  if (m_named >= m_k) return false;
  return !blocked_for_good(j);
}

bool QuotaState::blocked_for_good(std::uint32_t j) const {
  if (m_cost + m_in->facility_cost(j) > m_budget * (1 + kBudgetSlack) + kBudgetSlack) return true;
  for (std::size_t l = 0; l < m_count.size(); ++l) {
    const auto g = m_in->quotas[l].group[j];
    if (g == kNone) continue;
    if (m_count[l][g] >= m_in->quotas[l].max_new[g]) return true;
  }
  return false;
}

void QuotaState::add(std::uint32_t j) {
  ++m_named;
  m_cost += m_in->facility_cost(j);
  for (std::size_t l = 0; l < m_count.size(); ++l) {
    const auto g = m_in->quotas[l].group[j];
    if (g == kNone) continue;
    if (m_count[l][g] < m_in->quotas[l].min_new[g]) --m_unmet;
    ++m_count[l][g];
  }
}

void QuotaState::remove(std::uint32_t j) {
  --m_named;
  m_cost -= m_in->facility_cost(j);
  for (std::size_t l = 0; l < m_count.size(); ++l) {
    const auto g = m_in->quotas[l].group[j];
    if (g == kNone) continue;
    --m_count[l][g];
    if (m_count[l][g] < m_in->quotas[l].min_new[g]) ++m_unmet;
  }
}

bool QuotaState::can_remove(std::uint32_t j) const {
  for (std::size_t l = 0; l < m_count.size(); ++l) {
    const auto g = m_in->quotas[l].group[j];
    if (g != kNone && m_count[l][g] <= m_in->quotas[l].min_new[g]) return false;
  }
  return true;
}

bool QuotaState::can_swap(std::uint32_t out, std::uint32_t in) const {
  const double cost = m_cost - m_in->facility_cost(out) + m_in->facility_cost(in);
  if (cost > m_budget * (1 + kBudgetSlack) + kBudgetSlack) return false;
  for (std::size_t l = 0; l < m_count.size(); ++l) {
    const auto& q = m_in->quotas[l];
    const auto go = q.group[out], gi = q.group[in];
    if (go == gi) continue;
    // Never make a met min unmet, nor exceed a max.
    if (go != kNone && m_count[l][go] <= q.min_new[go]) return false;
    if (gi != kNone && m_count[l][gi] >= q.max_new[gi]) return false;
  }
  return true;
}

bool QuotaState::fills_deficit(std::uint32_t j) const {
  for (std::size_t l = 0; l < m_count.size(); ++l) {
    const auto g = m_in->quotas[l].group[j];
    if (g != kNone && m_count[l][g] < m_in->quotas[l].min_new[g]) return true;
  }
  return false;
}

std::int64_t QuotaState::unmet_min() const {
  return m_unmet;
}

std::vector<std::string> QuotaState::shortfalls() const {
  std::vector<std::string> out;
  for (std::size_t l = 0; l < m_count.size(); ++l) {
    const auto& q = m_in->quotas[l];
    for (std::size_t g = 0; g < m_count[l].size(); ++g)
      if (m_count[l][g] < q.min_new[g])
        out.push_back("quota '" + q.name + "' group " + std::to_string(g) + ": named " +
                      std::to_string(m_count[l][g]) + " of at least " +
                      std::to_string(q.min_new[g]));
  }
  return out;
}

bool QuotaState::complete(bool exactly, std::vector<std::string>& notes) const {
  bool ok = m_unmet == 0;
  if (exactly) {
    std::size_t candidates = 0;
    for (auto e : m_in->existing) candidates += e ? 0 : 1;
    const std::size_t want = std::min(m_k, candidates);
    if (m_named < want) {
      notes.push_back("named " + std::to_string(m_named) + " of exactly " + std::to_string(want) +
                      " new bases: the budget or the quota maxima leave no room for more");
      ok = false;
    }
  }
  return ok;
}

}  // namespace sunplan::siting
