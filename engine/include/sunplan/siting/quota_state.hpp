// Bookkeeping for the rules on *new* sites: at most k of them, within the budget, and
// within every quota level's min/max per group.
//
//   QuotaState q(instance, k, budget);
//   if (q.can_add(j)) q.add(j);
//   if (q.unmet_min() > 0) ...;          // some group still needs sites
//   for (auto& s : q.shortfalls()) note(s);
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting {

class QuotaState {
 public:
  QuotaState(const Instance& in, std::size_t k,
             double budget = std::numeric_limits<double>::infinity());

  // Room under k, the budget and every group's max.
  bool can_add(std::uint32_t j) const;
  // Whether j can never be added again (a max or the budget is exhausted for it; both only
  // tighten as sites are added).
  bool blocked_for_good(std::uint32_t j) const;
  void add(std::uint32_t j);
  void remove(std::uint32_t j);
  // Removing named site j leaves no group below a min it had met.
  bool can_remove(std::uint32_t j) const;
  // Replacing `out` by `in` keeps k, the budget, every max and every min.
  bool can_swap(std::uint32_t out, std::uint32_t in) const;

  // j belongs to at least one group still below its min.
  bool fills_deficit(std::uint32_t j) const;
  // Sum over levels and groups of (min - named), where positive.
  std::int64_t unmet_min() const;
  std::vector<std::string> shortfalls() const;
  // Whether the plan keeps every rule: all mins met and, with `exactly`, k sites named (or
  // every candidate, when there are fewer). Notes say what is missing.
  bool complete(bool exactly, std::vector<std::string>& notes) const;

  std::size_t named() const { return m_named; }
  std::size_t k() const { return m_k; }
  double cost_used() const { return m_cost; }
  double budget() const { return m_budget; }

 private:
  const Instance* m_in;
  std::size_t m_k;
  double m_budget;
  std::size_t m_named = 0;
  double m_cost = 0;
  std::vector<std::vector<std::int32_t>> m_count;  // [level][group]
  std::int64_t m_unmet = 0;
};

}  // namespace sunplan::siting
