// The capacitated covering search against CBC's proven optimum: on medium random instances
// (beyond brute force, within CBC's reach in seconds) the iterated search finds the optimum
// that the greedy and a single 1-swap descent miss, keeping every quota.
#include <gtest/gtest.h>

#include <random>

#include "brute_force.hpp"
#include "random_instance.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

Instance capacitated(std::uint32_t seed, bool quotas) {
  test::RandomSpec s;
  s.seed = seed;
  s.demand = 500;
  s.facilities = 70;
  s.existing = 4;
  s.reach_m = 2'000;
  Instance in = test::random_instance(s);
  std::mt19937 rng(seed * 104729u);
  std::uniform_int_distribution<int> cap(60, 400);
  for (std::size_t j = 0; j < in.facility_count(); ++j) in.capacity.push_back(cap(rng));
  if (quotas) {  // three "counties" by index: at least one new site each, at most four
    QuotaLevel q{"county", {}, {1, 1, 1}, {4, 4, 4}};
    for (std::size_t j = 0; j < in.facility_count(); ++j)
      q.group.push_back(in.existing[j] ? kNone : static_cast<std::int32_t>(j % 3));
    in.quotas.push_back(q);
  }
  return in;
}

TEST(CmclpSearch, ReachesCbcsProvenOptimum) {
  int descent_missed = 0;
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    const bool quotas = seed % 2 == 0;
    SCOPED_TRACE("seed " + std::to_string(seed) + (quotas ? " quotas" : ""));
    const Instance in = capacitated(seed, quotas);
    ModelSpec spec;
    spec.kind = ModelKind::cmclp;
    spec.k = 8;
    spec.cover_limit = 1'500;
    NullProgress p;
    const auto exact = solve_mip(in, spec, {}, p);
    ASSERT_TRUE(exact.proven_optimal);
    HeuristicOptions o;
    o.lp_bound_max_nonzeros = 0;
    o.search_options.time_limit_seconds = 600;  // rounds, not the clock, end it
    o.cmclp_search_seconds = 600;
    const auto h = solve_cmclp(in, spec, o, p);
    EXPECT_EQ(h.objective, exact.objective);
    EXPECT_TRUE(test::keeps_rules(in, spec, h.opened));
    EXPECT_EQ(test::brute_value(in, spec, h.opened), h.objective);
    o.search_options.iterations = 0;  // the 1-swap descent alone
    const auto descent = solve_cmclp(in, spec, o, p);
    EXPECT_LE(descent.objective, h.objective);
    if (descent.objective < exact.objective) ++descent_missed;
  }
  // The instances are hard enough that the search is what finds the optimum.
  EXPECT_GE(descent_missed, 2);
}

}  // namespace
}  // namespace sunplan::siting
