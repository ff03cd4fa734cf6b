// The p-median branch and bound against brute force: on small graphs of the OR-Library shape
// where the Lagrangian (LP) bound alone leaves a gap, started from a poor plan, it ends with
// the brute-force optimum as both plan and bound; stopped early, its bound never crosses it.
#include "pmedian_branch.hpp"

#include <gtest/gtest.h>

#include "brute_force.hpp"
#include "orlib.hpp"
#include "sunplan/siting/assign_model.hpp"
#include "sunplan/siting/lagrangian.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

struct PmedCase {
  Instance in;
  ModelSpec spec;
};

PmedCase pmed_like(std::size_t n, std::size_t p, std::uint64_t seed) {
  PmedCase s{test::pmedian_instance(test::make_pmed_like(n, p, seed)), {}};
  s.spec.kind = ModelKind::pmedian;
  s.spec.k = p;
  return s;
}

TEST(PmedianBranch, ReachesTheBruteForceOptimumFromAPoorPlan) {
  int with_gap = 0;
  for (std::uint64_t seed = 1; seed <= 30; ++seed) {
    const std::size_t n = 24 + seed % 9, p = 2 + seed % 3;
    SCOPED_TRACE("seed " + std::to_string(seed) + ", n " + std::to_string(n) + ", p " +
                 std::to_string(p));
    const PmedCase s = pmed_like(n, p, seed);
    const auto truth = test::brute_force(s.in, s.spec);
    const AssignModel model = pmedian_model(s.in, s.spec);
    std::vector<std::uint32_t> start;  // the first p vertices: rarely a good plan
    for (std::uint32_t j = 0; j < p; ++j) start.push_back(j);
    const double start_cost = test::brute_value(s.in, s.spec, start);
    NullProgress progress;
    const auto root = pmedian_bound(model, s.spec, start_cost, {}, progress);
    ASSERT_LE(root.bound, truth.value + 1e-6);
    if (root.bound < truth.value - 1e-6) ++with_gap;
    const auto b = detail::pmedian_branch(model, s.spec, start, start_cost, root.multipliers,
                                          root.fixed_out, root.bound, true, 600, progress);
    EXPECT_TRUE(b.complete);
    EXPECT_EQ(b.cost, truth.value);
    EXPECT_EQ(b.bound, truth.value);
    EXPECT_EQ(test::brute_value(s.in, s.spec, b.plan), truth.value);
    EXPECT_LE(b.plan.size(), p);
  }
  EXPECT_GE(with_gap, 8);  // most of these need the branching, not the root bound
}

TEST(PmedianBranch, StoppedEarlyItsBoundStaysBelowTheOptimum) {
  const PmedCase s = pmed_like(40, 4, 11);
  const auto truth = test::brute_force(s.in, s.spec);
  const AssignModel model = pmedian_model(s.in, s.spec);
  NullProgress progress;
  const std::vector<std::uint32_t> start{0, 1, 2, 3};
  const double start_cost = test::brute_value(s.in, s.spec, start);
  const auto root = pmedian_bound(model, s.spec, start_cost, {}, progress);
  ASSERT_LT(root.bound, truth.value - 1);  // the root alone leaves a gap to branch on
  for (double seconds : {0.0, 0.05, 0.2, 600.0}) {
    SCOPED_TRACE(seconds);
    const auto b = detail::pmedian_branch(model, s.spec, start, start_cost, root.multipliers,
                                          root.fixed_out, root.bound, true, seconds, progress);
    EXPECT_LE(b.bound, truth.value);
    EXPECT_GE(b.bound, root.bound);
    EXPECT_GE(b.cost, truth.value);
    EXPECT_EQ(test::brute_value(s.in, s.spec, b.plan), b.cost);
    if (b.complete) {
      EXPECT_EQ(b.cost, truth.value);
    }
  }
}

// Real-valued costs (not integral): proven within the relative 1e-8 finish_gap accepts.
TEST(PmedianBranch, RealCostsProvenWithinRounding) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    PmedCase s = pmed_like(28, 3, 100 + seed);
    for (auto& c : s.in.reach.cost) c = c * 1.37f + 0.1f;
    const auto truth = test::brute_force(s.in, s.spec);
    const AssignModel model = pmedian_model(s.in, s.spec);
    NullProgress progress;
    const std::vector<std::uint32_t> start{0, 1, 2};
    const double start_cost = test::brute_value(s.in, s.spec, start);
    const auto root = pmedian_bound(model, s.spec, start_cost, {}, progress);
    const auto b = detail::pmedian_branch(model, s.spec, start, start_cost, root.multipliers,
                                          root.fixed_out, root.bound, false, 600, progress);
    EXPECT_TRUE(b.complete);
    EXPECT_NEAR(b.cost, truth.value, 1e-6 * truth.value);
    EXPECT_LE(b.bound, truth.value + 1e-9 * truth.value);
    EXPECT_GE(b.bound, truth.value - 1e-8 * truth.value);
  }
}

}  // namespace
}  // namespace sunplan::siting
