// The plan told early (SolveOptions::plan_ready, solve.hpp): a caller starts on the plan while
// the last bound is computed, so the plan it is told must be the one solve() returns. Oracle:
// the returned plan itself, over random instances with and without quotas, and the cases that
// must not tell it early (polish may still change the plan; CBC may).
#include <gtest/gtest.h>

#include <algorithm>

#include "random_instance.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

std::vector<std::uint32_t> sorted(std::vector<std::uint32_t> v) {
  std::sort(v.begin(), v.end());
  return v;
}

Instance instance(std::uint32_t seed, bool quotas) {
  test::RandomSpec s;
  s.seed = seed;
  s.demand = 400;
  s.facilities = 60;
  s.existing = 3;
  s.reach_m = 2'000;
  Instance in = test::random_instance(s);
  if (quotas) {
    QuotaLevel q{"county", {}, {1, 1}, {4, 4}};
    for (std::size_t j = 0; j < in.facility_count(); ++j)
      q.group.push_back(in.existing[j] ? kNone : static_cast<std::int32_t>(j % 2));
    in.quotas.push_back(q);
  }
  return in;
}

TEST(PlanReady, TheEarlyPlanIsTheReturnedPlan) {
  int told_total = 0;
  for (std::uint32_t seed = 1; seed <= 40; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Instance in = instance(seed, seed % 2 == 0);
    ModelSpec spec;
    spec.kind = ModelKind::mclp;
    spec.k = 3 + seed % 5;
    spec.cover_limit = 1'500;
    SolveOptions o;
    o.heuristics.polish = false;  // as at national size, where the instance is too large for it
    int told = 0;
    std::vector<std::uint32_t> early;
    o.plan_ready = [&](const std::vector<std::uint32_t>& opened) {
      ++told;
      early = opened;
    };
    NullProgress progress;
    const SitingResult r = solve(in, spec, o, progress);
    ASSERT_EQ(told, 1);
    EXPECT_EQ(sorted(early), sorted(r.opened));
    told_total += told;
  }
  EXPECT_EQ(told_total, 40);
}

TEST(PlanReady, NotToldWhenPolishOrCbcMayStillChangeThePlan) {
  const Instance in = instance(7, true);
  ModelSpec spec;
  spec.kind = ModelKind::mclp;
  spec.k = 5;
  spec.cover_limit = 1'500;
  NullProgress progress;
  int told = 0;
  SolveOptions polish;  // polish on, and this instance is small enough for it
  polish.plan_ready = [&](const std::vector<std::uint32_t>&) { ++told; };
  solve(in, spec, polish, progress);
  EXPECT_EQ(told, 0);
  SolveOptions exact;
  exact.heuristics.polish = false;
  exact.exact = true;
  exact.exact_time_limit_s = 10;
  exact.plan_ready = [&](const std::vector<std::uint32_t>&) { ++told; };
  solve(in, spec, exact, progress);
  EXPECT_EQ(told, 0);
}

}  // namespace
}  // namespace sunplan::siting
