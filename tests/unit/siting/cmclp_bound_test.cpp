// The capacitated covering bounds: the Lagrangian bound (cmclp_bound) never falls below the
// optimum that brute force (small instances) or CBC (medium ones) proves, and the bound
// solve_cmclp states lies between that optimum and the counting bound, computed here from
// the instance alone (youth the existing bases serve by max flow, plus the k largest
// min(capacity, youth in reach) of the candidates).
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <random>

#include "brute_force.hpp"
#include "random_instance.hpp"
#include "sunplan/siting/lagrangian.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

Instance capacitated(std::uint32_t seed, std::size_t demand, std::size_t facilities, bool quotas) {
  test::RandomSpec s;
  s.seed = seed;
  s.demand = demand;
  s.facilities = facilities;
  s.existing = 1 + seed % 2;
  s.reach_m = 3'000;
  Instance in = test::random_instance(s);
  std::mt19937 rng(seed * 31u);
  for (std::size_t j = 0; j < in.facility_count(); ++j) in.capacity.push_back(20 + rng() % 100);
  if (quotas) {
    QuotaLevel q{"county", {}, {1, 0}, {2, 2}};
    for (std::size_t j = 0; j < in.facility_count(); ++j)
      q.group.push_back(in.existing[j] ? kNone : static_cast<std::int32_t>(j % 2));
    in.quotas.push_back(q);
  }
  return in;
}

ModelSpec cmclp(std::size_t k) {
  ModelSpec spec;
  spec.kind = ModelKind::cmclp;
  spec.k = k;
  spec.cover_limit = 2'000;
  return spec;
}

// Existing bases' max flow plus the k largest min(capacity, youth in reach) of candidates,
// at most the youth some facility reaches.
double counting_bound(const Instance& in, const ModelSpec& spec) {
  std::vector<double> standalone;
  for (std::uint32_t j = 0; j < in.facility_count(); ++j) {
    if (in.existing[j]) continue;
    std::int64_t reach = 0;
    for (std::size_t i = 0; i < in.demand_count(); ++i)
      for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
        if (in.reach.facility[e] == j && in.reach.cost[e] <= spec.cover_limit) {
          reach += test::weight_at(in, spec, i);
          break;
        }
    standalone.push_back(double(std::min(reach, in.capacity[j])));
  }
  std::sort(standalone.begin(), standalone.end(), std::greater<>());
  double bound = double(test::brute_served(in, spec, {}));
  for (std::size_t t = 0; t < standalone.size() && t < spec.k; ++t) bound += standalone[t];
  std::vector<std::uint32_t> all;
  for (std::uint32_t j = 0; j < in.facility_count(); ++j) all.push_back(j);
  return std::min(bound, double(test::brute_covered(in, spec, all)));
}

TEST(OracleCmclp, LagrangianBoundBetweenOptimumAndCounting) {
  int tighter = 0, judged = 0;
  for (bool quotas : {false, true})
    for (std::uint32_t seed = 1; seed <= 12; ++seed) {
      SCOPED_TRACE("seed " + std::to_string(seed) + (quotas ? " quotas" : ""));
      const Instance in = capacitated(seed, 40, 11, quotas);
      const ModelSpec spec = cmclp(2 + seed % 3);
      const auto truth = test::brute_force(in, spec);
      ASSERT_TRUE(truth.feasible);
      NullProgress p;
      HeuristicOptions o;
      o.lp_bound_max_nonzeros = 0;  // the Lagrangian on its own
      const auto h = solve_cmclp(in, spec, o, p);
      const auto lagrangian = cmclp_bound(in, spec, h.objective, o.lagrangian, p);
      EXPECT_GE(lagrangian.bound, truth.value);
      const double counting = counting_bound(in, spec);
      EXPECT_GE(h.bound, truth.value);
      EXPECT_LE(h.bound, counting);
      EXPECT_LE(h.objective, truth.value);
      ++judged;
      tighter += h.bound < counting ? 1 : 0;
    }
  // The point of it: on most of these the counting bound is not the best one.
  EXPECT_GE(tighter, judged / 2) << "of " << judged;
}

// Beyond brute force: 300 points and 40 sites, CBC's proven optimum.
TEST(OracleCmclp, LagrangianBoundAgainstCbc) {
  for (std::uint32_t seed = 1; seed <= 3; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Instance in = capacitated(seed, 300, 40, false);
    const ModelSpec spec = cmclp(6);
    NullProgress p;
    const auto exact = solve_mip(in, spec, {}, p);
    ASSERT_TRUE(exact.proven_optimal);
    EXPECT_EQ(double(test::brute_served(in, spec, exact.opened)), exact.objective);
    HeuristicOptions o;
    o.lp_bound_max_nonzeros = 0;
    const auto h = solve_cmclp(in, spec, o, p);
    EXPECT_GE(h.bound, exact.objective);
    EXPECT_LE(h.bound, counting_bound(in, spec));
    EXPECT_GE(cmclp_bound(in, spec, h.objective, o.lagrangian, p).bound, exact.objective);
  }
}

}  // namespace
}  // namespace sunplan::siting
