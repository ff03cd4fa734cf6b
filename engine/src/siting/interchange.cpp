#include "sunplan/siting/interchange.hpp"

#include <algorithm>
#include <cmath>

namespace sunplan::siting {

namespace {
constexpr std::uint32_t kPenalty = UINT32_MAX;
// Running sums of doubles: an extra entry this close to zero is gone (costs are metres or
// seconds times youth, so this is far below anything that matters).
constexpr double kZero = 1e-7;
}  // namespace

Interchange::Interchange(const AssignModel& m)
    : m_model(&m),
      m_open(m.facility_count(), 0),
      m_a1(m.demand_count(), kPenalty),
      m_a2(m.demand_count(), kPenalty),
      m_d1(m.penalty),
      m_d2(m.penalty),
      m_gain(m.facility_count(), 0),
      m_loss(m.facility_count(), 0),
      m_extra(m.facility_count()),
      m_named_at(m.facility_count(), 0),
      m_loss_key(m.facility_count(), 0),
      m_loss_dirty(m.facility_count(), 0),
      m_touched_flag(m.facility_count(), 0) {
  for (std::size_t i = 0; i < m.demand_count(); ++i) {
    m_cost += static_cast<double>(m.weight[i]) * m_d1[i];
    contribute(i, +1);
  }
  for (std::uint32_t j = 0; j < m.facility_count(); ++j)
    if (m.fixed_open[j]) open(j);
  take_touched();
}

void Interchange::touch(std::uint32_t j) {
  if (!m_touched_flag[j]) {
    m_touched_flag[j] = 1;
    m_touched.push_back(j);
  }
}

std::vector<std::uint32_t> Interchange::take_touched() {
  for (auto j : m_touched) m_touched_flag[j] = 0;
  std::vector<std::uint32_t> out;
  out.swap(m_touched);
  return out;
}

void Interchange::add_extra(std::uint32_t in, std::uint32_t out, double value) {
  auto& row = m_extra[in];
  for (std::size_t t = 0; t < row.size(); ++t)
    if (row[t].out == out) {
      row[t].value += value;
      if (std::abs(row[t].value) <= kZero) {
        row[t] = row.back();
        row.pop_back();
      }
      return;
    }
  row.push_back({out, value});
}

void Interchange::drop_extra(std::uint32_t in, std::uint32_t out) {
  auto& row = m_extra[in];
  for (std::size_t t = 0; t < row.size(); ++t)
    if (row[t].out == out) {
      row[t] = row.back();
      row.pop_back();
      return;
    }
}

// Adds (sign +1) or removes (-1) what demand i gives to gain, loss and extra in its current
// state. Only facilities cheaper than d2 receive anything, so the row is read up to d2.
void Interchange::contribute(std::size_t i, double sign) {
  const auto& m = *m_model;
  const double w = static_cast<double>(m.weight[i]);
  const double d1 = m_d1[i], d2 = m_d2[i];
  const auto a1 = m_a1[i];
  const bool swappable = a1 != kPenalty && !m.fixed_open[a1];
  if (swappable && d2 > d1) {
    m_loss[a1] += sign * w * (d2 - d1);
    if (!m_loss_dirty[a1]) {
      m_loss_dirty[a1] = 1;
      m_dirty.push_back(a1);
    }
  }
  const double limit = swappable ? d2 : d1;
  for (auto e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e) {
    const double c = m.row_cost[e];
    if (c >= limit) break;
    const auto j = m.row_facility[e];
    if (m_open[j] || !m.is_candidate[j]) continue;
    if (c < d1) m_gain[j] += sign * w * (d1 - c);
    if (swappable) add_extra(j, a1, sign * w * (d2 - std::max(d1, c)));
    touch(j);
  }
}

// Nearest and second-nearest open facility of row i, read from the sorted row.
void Interchange::rescan(std::size_t i) {
  const auto& m = *m_model;
  m_a1[i] = m_a2[i] = kPenalty;
  m_d1[i] = m_d2[i] = m.penalty[i];
  for (auto e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e) {
    const auto j = m.row_facility[e];
    if (!m_open[j]) continue;
    if (m_a1[i] == kPenalty) {
      m_a1[i] = j;
      m_d1[i] = m.row_cost[e];
    } else {
      m_a2[i] = j;
      m_d2[i] = m.row_cost[e];
      return;
    }
  }
}

void Interchange::open(std::uint32_t j) {
  if (m_open[j]) return;
  const auto& m = *m_model;
  m_open[j] = 1;
  m_gain[j] = 0;
  m_extra[j].clear();
  if (m.is_candidate[j]) {
    m_named_at[j] = static_cast<std::uint32_t>(m_named.size());
    m_named.push_back(j);
    m_loss[j] = 0;
    m_loss_key[j] = 0;
    m_by_loss.insert({0.0, j});
  }
  for (auto e = m.col_offsets[j]; e < m.col_offsets[j + 1]; ++e) {
    const auto i = m.col_demand[e];
    const double c = m.col_cost[e];
    if (!(c < m_d2[i])) continue;
    contribute(i, -1);
    m_cost -= static_cast<double>(m.weight[i]) * m_d1[i];
    if (c < m_d1[i]) {
      m_a2[i] = m_a1[i];
      m_d2[i] = m_d1[i];
      m_a1[i] = j;
      m_d1[i] = c;
    } else {
      m_a2[i] = j;
      m_d2[i] = c;
    }
    m_cost += static_cast<double>(m.weight[i]) * m_d1[i];
    contribute(i, +1);
  }
  refresh_loss_order();
}

void Interchange::close(std::uint32_t j) {
  if (!m_open[j] || m_model->fixed_open[j]) return;
  const auto& m = *m_model;
  m_open[j] = 0;
  m_by_loss.erase({m_loss_key[j], j});
  const auto at = m_named_at[j];  // swap-remove from the named list
  m_named[at] = m_named.back();
  m_named_at[m_named[at]] = at;
  m_named.pop_back();
  for (auto e = m.col_offsets[j]; e < m.col_offsets[j + 1]; ++e) {
    const auto i = m.col_demand[e];
    if (m_a1[i] != j && m_a2[i] != j) continue;
    const bool was_nearest = m_a1[i] == j;
    contribute(i, -1);
    m_cost -= static_cast<double>(m.weight[i]) * m_d1[i];
    rescan(i);
    m_cost += static_cast<double>(m.weight[i]) * m_d1[i];
    contribute(i, +1);
    // Every extra entry naming j came from rows where j was nearest; what rounding left of
    // them goes now.
    if (was_nearest)
      for (auto f = m.row_offsets[i]; f < m.row_offsets[i + 1]; ++f)
        drop_extra(m.row_facility[f], j);
  }
  m_loss[j] = 0;
  refresh_loss_order();
}

void Interchange::refresh_loss_order() {
  for (auto j : m_dirty) {
    m_loss_dirty[j] = 0;
    if (!is_named(j)) {
      m_loss[j] = 0;
      continue;
    }
    if (m_loss_key[j] == m_loss[j]) continue;
    m_by_loss.erase({m_loss_key[j], j});
    m_loss_key[j] = m_loss[j];
    m_by_loss.insert({m_loss[j], j});
  }
  m_dirty.clear();
}

Swap Interchange::best_swap(std::uint32_t in, const QuotaState& quota) const {
  Swap best;
  best.in = in;
  if (m_open[in] || !m_model->is_candidate[in]) return best;
  double cost = std::numeric_limits<double>::infinity();  // loss[out] - extra[in][out]
  for (const auto& x : m_extra[in]) {
    if (!is_named(x.out)) continue;
    const double v = m_loss[x.out] - x.value;
    if ((v < cost || (v == cost && x.out < best.out)) && quota.can_swap(x.out, in)) {
      cost = v;
      best.out = x.out;
    }
  }
  const auto& extras = m_extra[in];
  for (const auto& entry : m_by_loss) {
    // Plain copies, not a structured binding: clang 14 cannot capture bindings in a lambda.
    const auto l = entry.first;
    const auto out = entry.second;
    if (l > cost || (l == cost && out > best.out)) break;
    if (std::any_of(extras.begin(), extras.end(), [&](const Extra& x) { return x.out == out; }))
      continue;  // counted above, with its extra
    if (quota.can_swap(out, in)) {
      cost = l;
      best.out = out;
      break;
    }
  }
  if (best.found()) best.profit = m_gain[in] - cost;
  return best;
}

void Interchange::resync_objective() {
  double sum = 0;
  for (std::size_t i = 0; i < m_model->demand_count(); ++i)
    sum += static_cast<double>(m_model->weight[i]) * m_d1[i];
  m_cost = sum;
}

}  // namespace sunplan::siting
