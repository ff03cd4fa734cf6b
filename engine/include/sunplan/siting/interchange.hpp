// The incremental state of a plan on an AssignModel, with the data structures of Resende &
// Werneck's fast swap-based local search (J. Heuristics 2007), which refines Whitaker's
// fast interchange (INFOR 1983):
//   - per demand, the nearest and second-nearest open facility (a1, d1, a2, d2);
//   - gain[j]:  objective decrease if candidate j opened;
//   - loss[j]:  objective increase if named site j closed;
//   - extra[in][out]: the correction for swapping both at once, so that the change of the
//     swap (open in, close out) is gain[in] - loss[out] + extra[in][out].
// Opening or closing a facility updates only the demand rows whose a1/d1/d2 change, and each
// such row only up to its second-nearest cost (rows are sorted by cost).
//
//   Interchange s(model);              // existing bases open
//   s.open(j);  s.objective();         // sum of weight x cost (+ model.constant)
//   Swap m = s.best_swap(in, quota);   // best site to close for `in`, within the rules
//   if (m.profit > 0) s.swap(m.in, m.out);
#pragma once

#include <cstdint>
#include <limits>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "sunplan/siting/assign_model.hpp"
#include "sunplan/siting/quota_state.hpp"

namespace sunplan::siting {

struct Swap {
  std::uint32_t in = UINT32_MAX;
  std::uint32_t out = UINT32_MAX;
  double profit = -std::numeric_limits<double>::infinity();  // objective decrease
  bool found() const { return out != UINT32_MAX; }
};

class Interchange {
 public:
  explicit Interchange(const AssignModel& m);

  const AssignModel& model() const { return *m_model; }
  double objective() const { return m_model->constant + m_cost; }
  bool is_open(std::uint32_t j) const { return m_open[j] != 0; }
  bool is_named(std::uint32_t j) const { return m_open[j] && m_model->is_candidate[j]; }
  double gain(std::uint32_t j) const { return m_gain[j]; }
  double loss(std::uint32_t j) const { return m_loss[j]; }
  const std::vector<std::uint32_t>& named() const { return m_named; }
  // Cost of row i's nearest open facility (its penalty when none is open).
  double nearest_cost(std::size_t i) const { return m_d1[i]; }

  void open(std::uint32_t j);
  void close(std::uint32_t j);
  void swap(std::uint32_t in, std::uint32_t out) {
    open(in);
    close(out);
  }
  // The named site whose closing, with `in` opened, changes the objective least, among those
  // the quota rules allow; profit = objective decrease of that swap.
  Swap best_swap(std::uint32_t in, const QuotaState& quota) const;
  // Recomputes the objective from the rows (drops rounding drift of the running sum).
  void resync_objective();

  // Candidates whose gain or extra changed since the last call (for a local-search queue).
  std::vector<std::uint32_t> take_touched();

 private:
  struct Extra {
    std::uint32_t out;
    double value;
  };
  void contribute(std::size_t i, double sign);
  void add_extra(std::uint32_t in, std::uint32_t out, double value);
  void drop_extra(std::uint32_t in, std::uint32_t out);
  void rescan(std::size_t i);
  void touch(std::uint32_t j);
  void refresh_loss_order();

  const AssignModel* m_model;
  std::vector<std::uint8_t> m_open;
  std::vector<std::uint32_t> m_a1, m_a2;  // UINT32_MAX: the penalty
  std::vector<double> m_d1, m_d2;
  std::vector<double> m_gain, m_loss;
  std::vector<std::vector<Extra>> m_extra;
  std::vector<std::uint32_t> m_named, m_named_at;        // named sites, and where each is listed
  std::set<std::pair<double, std::uint32_t>> m_by_loss;  // named sites by (loss, index)
  std::vector<double> m_loss_key;                        // loss as stored in m_by_loss
  std::vector<std::uint8_t> m_loss_dirty, m_touched_flag;
  std::vector<std::uint32_t> m_dirty, m_touched;
  double m_cost = 0;
};

}  // namespace sunplan::siting
