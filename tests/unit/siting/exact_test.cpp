// CBC as a stage of solve(): its plan and bound are kept when better, a run that ends without
// a plan never replaces one, and its time limit holds on the wall clock.
#include <gtest/gtest.h>

#include <chrono>

#include "clustered_instance.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

SitingResult plan(double objective, double bound, std::vector<std::uint32_t> sites,
                  std::string method) {
  SitingResult r;
  r.objective = objective;
  r.bound = bound;
  r.opened = std::move(sites);
  r.marginal_gain.assign(r.opened.size(), 1.0);
  r.method = method;
  r.bound_method = method;
  finish_gap(r);
  return r;
}

TEST(SitingExact, BetterPlanAndTighterBoundAreKeptWithTheirMethods) {
  SitingResult best = plan(70, 90, {2, 5}, "greedy + iterated search");
  adopt_better(best, plan(80, 85, {1, 4}, "cbc"));
  EXPECT_EQ(best.objective, 80);
  EXPECT_EQ(best.opened, (std::vector<std::uint32_t>{1, 4}));
  EXPECT_EQ(best.method, "cbc");
  EXPECT_EQ(best.bound, 85);
  EXPECT_EQ(best.bound_method, "cbc");
  EXPECT_NEAR(best.gap, 5.0 / 85, 1e-12);
  // A worse plan with a tighter bound: the plan stays, the bound is taken.
  adopt_better(best, plan(75, 80, {3, 4}, "lagrangian"));
  EXPECT_EQ(best.opened, (std::vector<std::uint32_t>{1, 4}));
  EXPECT_EQ(best.bound, 80);
  EXPECT_TRUE(best.proven_optimal);
}

TEST(SitingExact, ARunWithoutAPlanNeverReplacesOne) {
  SitingResult best = plan(70, 90, {2, 5}, "greedy");
  SitingResult none;
  none.has_plan = false;
  none.feasible = false;
  none.objective = 0;  // what "no plan" used to look like: an objective of 0
  none.bound = std::numeric_limits<double>::infinity();
  none.method = "cbc";
  adopt_better(best, none);
  EXPECT_EQ(best.objective, 70);
  EXPECT_EQ(best.opened, (std::vector<std::uint32_t>{2, 5}));
  EXPECT_EQ(best.bound, 90);
  EXPECT_EQ(best.method, "greedy");
  // Minimising works the same way round.
  SitingResult cost = plan(500, 400, {1}, "greedy");
  cost.maximise = false;
  none.maximise = false;
  none.bound = -std::numeric_limits<double>::infinity();
  adopt_better(cost, none);
  EXPECT_EQ(cost.objective, 500);
  EXPECT_EQ(cost.bound, 400);
}

// The p-median of 20,000 points within 15 km: CBC's root LP alone takes minutes, far past a
// one-second limit; the run still ends within the limit and a few seconds, without a plan.
TEST(SitingExact, TimeLimitHoldsOnTheWallClock) {
  const Instance in = test::clustered_instance(test::clustered_size("20k", 15'000));
  ModelSpec spec;
  spec.kind = ModelKind::pmedian;
  spec.k = 10;
  spec.cover_limit = 15'000;
  spec.unassigned_cost = 30'000;
  MipOptions mo;
  mo.time_limit_seconds = 1;
  NullProgress p;
  const auto start = std::chrono::steady_clock::now();
  const SitingResult r = solve_mip(in, spec, mo, p);
  const double took =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(took, 1 + 3 + 3);  // limit + CBC's grace + building the model on a busy machine
  EXPECT_FALSE(r.proven_optimal);
  if (!r.has_plan) {
    EXPECT_FALSE(r.feasible);
    EXPECT_FALSE(r.notes.empty());
  }
}

}  // namespace
}  // namespace sunplan::siting
