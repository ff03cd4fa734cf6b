#include "selection.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace sunplan::siting::detail {

Selection::Selection(const SelectionRules& rules, std::vector<std::uint32_t> candidates)
    : m_rules(rules), m_candidates(std::move(candidates)) {}

bool Selection::simple() const {
  return m_rules.instance->quotas.empty() && !std::isfinite(m_rules.budget);
}

double Selection::flip_in(double score) const {
  return score - (m_full ? m_weakest_in : 0.0);
}

double Selection::flip_out(double score) const {
  if (m_rules.exactly)
    return m_strongest_out == -std::numeric_limits<double>::infinity()
               ? -std::numeric_limits<double>::infinity()
               : m_strongest_out - score;
  return std::max(0.0, m_strongest_out) - score;
}

double Selection::by_level(std::span<const double> score, const QuotaLevel* level,
                           std::vector<double>& x) {
  m_order.clear();
  for (auto j : m_candidates) {
    m_order.push_back({score[j], j});
    x[j] = 0;
  }
  std::sort(m_order.begin(), m_order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  std::vector<std::int32_t> taken(level ? level->min_new.size() : 0, 0);
  auto group = [&](std::uint32_t j) { return level ? level->group[j] : kNone; };
  double value = 0;
  std::size_t total = 0;
  if (level)
    for (const auto& [s, j] : m_order) {
      const auto g = group(j);
      if (g != kNone && taken[g] < level->min_new[g]) {
        ++taken[g];
        ++total;
        x[j] = 1;
        value += s;
      }
    }
  m_weakest_in = std::numeric_limits<double>::infinity();
  m_strongest_out = -std::numeric_limits<double>::infinity();
  for (const auto& [s, j] : m_order) {
    if (x[j] != 0) continue;
    const auto g = group(j);
    const bool room = total < m_rules.k && (g == kNone || taken[g] < level->max_new[g]);
    if (!room || (s <= 0 && !m_rules.exactly)) {
      m_strongest_out = std::max(m_strongest_out, s);
      if (total >= m_rules.k || (s <= 0 && !m_rules.exactly && !level)) break;
      continue;
    }
    if (g != kNone) ++taken[g];
    ++total;
    x[j] = 1;
    value += s;
    m_weakest_in = std::min(m_weakest_in, s);
  }
  m_full = total >= m_rules.k;
  return value;
}

double Selection::by_budget(std::span<const double> score, std::vector<double>& x) {
  const auto& in = *m_rules.instance;
  m_order.clear();
  for (auto j : m_candidates) {
    x[j] = 0;
    if (score[j] <= 0) continue;
    const double cost = in.facility_cost(j);
    m_order.push_back({cost <= 0 ? std::numeric_limits<double>::infinity() : score[j] / cost, j});
  }
  std::sort(m_order.begin(), m_order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  double left = m_rules.budget, value = 0;
  for (const auto& [ratio, j] : m_order) {
    const double cost = in.facility_cost(j);
    if (cost <= left) {
      x[j] = 1;
      value += score[j];
      left -= cost;
    } else {
      if (left > 0) {
        x[j] = left / cost;
        value += score[j] * x[j];
      }
      break;
    }
  }
  return value;
}

double Selection::best(std::span<const double> score, std::vector<double>& x) {
  const auto& quotas = m_rules.instance->quotas;
  if (x.size() < score.size()) x.resize(score.size(), 0);
  double value = by_level(score, quotas.empty() ? nullptr : &quotas[0], x);
  for (std::size_t l = 1; l < quotas.size(); ++l) {
    m_scratch.assign(x.size(), 0);
    const double v = by_level(score, &quotas[l], m_scratch);
    if (v < value) {
      value = v;
      x.swap(m_scratch);
    }
  }
  if (std::isfinite(m_rules.budget)) {
    m_scratch.assign(x.size(), 0);
    const double v = by_budget(score, m_scratch);
    if (v < value) {
      value = v;
      x.swap(m_scratch);
    }
  }
  return value;
}

}  // namespace sunplan::siting::detail
