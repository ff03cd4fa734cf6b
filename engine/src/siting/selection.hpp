// The inner problem of every Lagrangian bound: choose new sites maximising a sum of scores
// under relaxed rules, internal to siting. Each relaxation keeps a subset of the rules, so
// its optimum is at least the optimum under all of them; the smallest is used:
//   - k (at most, or exactly) with one quota level's mins and maxes per group: exact by
//     greedy (every group's `min` best are forced, then the best of the rest up to k and the
//     group maxes, taking a negative score only to reach `exactly k`);
//   - the budget alone: fractional knapsack by score / cost.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting::detail {

struct SelectionRules {
  const Instance* instance = nullptr;
  std::size_t k = 0;
  bool exactly = false;
  double budget = 0;  // infinity: none
};

class Selection {
 public:
  Selection(const SelectionRules& rules, std::vector<std::uint32_t> candidates);
  // Best value; x (per facility, resized as needed) holds the chosen sites (0..1 each).
  double best(std::span<const double> score, std::vector<double>& x);
  // Without quotas and budget (k alone), after best(): the change of the best value when a
  // site's choice is forced the other way is at most what these give (reduced-cost fixing).
  bool simple() const;
  double flip_in(double score) const;   // value change when an unchosen site must be chosen
  double flip_out(double score) const;  // value change when a chosen site must be left out

 private:
  double by_level(std::span<const double> score, const QuotaLevel* level, std::vector<double>& x);
  double by_budget(std::span<const double> score, std::vector<double>& x);

  SelectionRules m_rules;
  std::vector<std::uint32_t> m_candidates;
  std::vector<std::pair<double, std::uint32_t>> m_order;  // scratch
  std::vector<double> m_scratch;
  // Of the last best() by k alone: the weakest chosen score, the strongest left out, and
  // whether k sites were chosen.
  double m_weakest_in = 0, m_strongest_out = 0;
  bool m_full = false;
};

}  // namespace sunplan::siting::detail
