#include "formulation.hpp"

#include <cmath>

#include "capacitated_rows.hpp"

namespace sunplan::siting::detail {

int Formulation::add_col(double lo, double hi, double c, bool is_int) {
  col_lo.push_back(lo);
  col_hi.push_back(hi);
  obj.push_back(c);
  integer.push_back(is_int ? 1 : 0);
  cols.emplace_back();
  return static_cast<int>(obj.size() - 1);
}

int Formulation::add_row(double lo, double hi) {
  row_lo.push_back(lo);
  row_hi.push_back(hi);
  return static_cast<int>(row_lo.size() - 1);
}

std::size_t Formulation::nonzeros() const {
  std::size_t n = 0;
  for (const auto& c : cols) n += c.size();
  return n;
}

void Formulation::csc(std::vector<int>& starts, std::vector<int>& index,
                      std::vector<double>& value) const {
  starts.assign(1, 0);
  index.clear();
  value.clear();
  for (const auto& col : cols) {
    for (auto [row, v] : col) {
      index.push_back(row);
      value.push_back(v);
    }
    starts.push_back(static_cast<int>(index.size()));
  }
}

namespace {

// x columns for the candidates (cost: the objective coefficient of naming one).
void add_sites(Formulation& f, const std::vector<std::uint8_t>& candidate, double cost) {
  f.site_col.assign(candidate.size(), -1);
  for (std::size_t j = 0; j < candidate.size(); ++j)
    if (candidate[j]) f.site_col[j] = f.add_col(0, 1, cost, true);
}

// At most k new sites (exactly, when asked and possible), every quota level, the budget.
void add_site_rules(Formulation& f, const Instance& in, const ModelSpec& spec) {
  std::size_t sites = 0;
  for (auto c : f.site_col) sites += c >= 0 ? 1 : 0;
  const double k = spec.k >= sites ? static_cast<double>(sites) : static_cast<double>(spec.k);
  const int card = f.add_row(spec.exactly ? k : -kInfinity, k);
  for (std::size_t j = 0; j < f.site_col.size(); ++j)
    if (f.site_col[j] >= 0) f.set(card, f.site_col[j], 1);
  for (const auto& q : in.quotas) {
    std::vector<int> rows(q.min_new.size());
    for (std::size_t g = 0; g < rows.size(); ++g)
      rows[g] = f.add_row(q.min_new[g], q.max_new[g] == kUnlimited ? kInfinity : q.max_new[g]);
    for (std::size_t j = 0; j < f.site_col.size(); ++j)
      if (f.site_col[j] >= 0 && q.group[j] != kNone) f.set(rows[q.group[j]], f.site_col[j], 1);
  }
  if (std::isfinite(spec.budget)) {
    const int row = f.add_row(-kInfinity, spec.budget);
    for (std::size_t j = 0; j < f.site_col.size(); ++j)
      if (f.site_col[j] >= 0) f.set(row, f.site_col[j], in.facility_cost(j));
  }
}

// z_r <= sum of the sites covering r; returns the z columns.
std::vector<int> add_cover_links(Formulation& f, const CoverModel& m, bool weighted_objective) {
  std::vector<int> z(m.demand_count());
  f.link_row.resize(m.demand_count());
  for (std::size_t r = 0; r < m.demand_count(); ++r) {
    z[r] = f.add_col(0, 1, weighted_objective ? -static_cast<double>(m.weight[r]) : 0.0, false);
    const int row = f.add_row(-kInfinity, 0);
    f.link_row[r] = row;
    f.set(row, z[r], 1);
    for (auto j : m.covering(r)) f.set(row, f.site_col[j], -1);
  }
  return z;
}

}  // namespace

Formulation mclp_formulation(const CoverModel& m, const ModelSpec& spec) {
  Formulation f;
  add_sites(f, m.is_candidate, 0.0);
  add_cover_links(f, m, true);
  add_site_rules(f, *m.instance, spec);
  f.constant = static_cast<double>(m.fixed_weight);
  f.sign = -1;
  return f;
}

Formulation lscp_formulation(const CoverModel& m, const ModelSpec& spec, std::int64_t target) {
  Formulation f;
  add_sites(f, m.is_candidate, 1.0);
  const auto z = add_cover_links(f, m, false);
  const double need = static_cast<double>(target - m.fixed_weight);
  if (need > 0) {
    const int row = f.add_row(need, kInfinity);
    for (std::size_t r = 0; r < z.size(); ++r) f.set(row, z[r], static_cast<double>(m.weight[r]));
  }
  add_site_rules(f, *m.instance, spec);
  return f;
}

Formulation pmedian_formulation(const AssignModel& m, const ModelSpec& spec) {
  Formulation f;
  add_sites(f, m.is_candidate, 0.0);
  f.link_row.resize(m.demand_count());
  for (std::size_t r = 0; r < m.demand_count(); ++r) {
    const double w = static_cast<double>(m.weight[r]);
    const int row = f.add_row(1, 1);
    f.link_row[r] = row;
    f.set(row, f.add_col(0, 1, w * m.penalty[r], false), 1);
    for (auto e = m.row_offsets[r]; e < m.row_offsets[r + 1]; ++e) {
      const auto j = m.row_facility[e];
      const int y = f.add_col(0, 1, w * m.row_cost[e], false);
      f.set(row, y, 1);
      if (f.site_col[j] >= 0) {
        const int link = f.add_row(-kInfinity, 0);
        f.set(link, y, 1);
        f.set(link, f.site_col[j], -1);
      }
    }
  }
  add_site_rules(f, *m.instance, spec);
  f.constant = m.constant;
  return f;
}

Formulation cmclp_formulation(const Instance& in, const ModelSpec& spec) {
  Formulation f;
  std::vector<std::uint8_t> candidate(in.facility_count());
  for (std::size_t j = 0; j < candidate.size(); ++j) candidate[j] = in.existing[j] ? 0 : 1;
  add_sites(f, candidate, 0.0);
  // Merged demand (capacitated_rows.hpp): a third to a fifth of the rows on clustered data.
  const CapacitatedRows m = capacitated_rows(in, spec);
  const auto fc = in.facility_count();
  std::vector<int> cap_row(fc);
  for (std::size_t j = 0; j < fc; ++j) {
    if (in.existing[j]) {
      cap_row[j] = f.add_row(-kInfinity, m.capacity[j]);
    } else {
      cap_row[j] = f.add_row(-kInfinity, 0);
      f.set(cap_row[j], f.site_col[j], -m.capacity[j]);
    }
  }
  for (std::size_t r = 0; r < m.size(); ++r) {
    const double w = m.weight[r];
    const int row = f.add_row(-kInfinity, w);
    for (auto e = m.row_offsets[r]; e < m.row_offsets[r + 1]; ++e) {
      const auto j = m.row_facility[e];
      const int y = f.add_col(0, kInfinity, -1.0, false);
      f.set(row, y, 1);
      f.set(cap_row[j], y, 1);
      if (!in.existing[j]) {  // y <= w x: tightens the LP relaxation
        const int link = f.add_row(-kInfinity, 0);
        f.set(link, y, 1);
        f.set(link, f.site_col[j], -w);
      }
    }
  }
  add_site_rules(f, in, spec);
  f.sign = -1;
  return f;
}

}  // namespace sunplan::siting::detail
