// The siting models as linear programs over the reduced models, internal to siting. One
// formulation serves both the LP bound (Clp) and the exact MIP (CBC):
//   mclp / lscp  z_r <= sum_{j covers r} x_j  (z continuous in [0, 1])
//   pmedian      sum_j y_rj + u_r = 1, y_rj <= x_j (strong links)
//   cmclp        flow y_rj from demand to site, y_rj <= w_r x_j, sum_r y_rj <= capacity_j x_j
// plus the rules on new sites: k (or exactly k), every quota level, the budget.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "sunplan/siting/assign_model.hpp"
#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting::detail {

struct Formulation {
  // minimise sum obj x, column by column
  std::vector<double> col_lo, col_hi, obj;
  std::vector<std::uint8_t> integer;
  std::vector<double> row_lo, row_hi;
  std::vector<std::vector<std::pair<int, double>>> cols;  // (row, value)
  // reported objective = constant + sign * (optimal value)
  double constant = 0;
  double sign = 1;
  std::vector<int> site_col;  // per facility: its x column, or -1 (open already / not a site)
  std::vector<int> link_row;  // per reduced demand row: the row whose dual is its multiplier

  int add_col(double lo, double hi, double c, bool is_int);
  int add_row(double lo, double hi);
  void set(int row, int col, double v) { cols[static_cast<std::size_t>(col)].push_back({row, v}); }
  std::size_t nonzeros() const;
  // Compressed sparse columns for the COIN-OR loaders.
  void csc(std::vector<int>& starts, std::vector<int>& index, std::vector<double>& value) const;
};

constexpr double kInfinity = 1e30;

Formulation mclp_formulation(const CoverModel& m, const ModelSpec& spec);
// target: youth to bring in reach, fixed sites' included.
Formulation lscp_formulation(const CoverModel& m, const ModelSpec& spec, std::int64_t target);
Formulation pmedian_formulation(const AssignModel& m, const ModelSpec& spec);
Formulation cmclp_formulation(const Instance& in, const ModelSpec& spec);

}  // namespace sunplan::siting::detail
