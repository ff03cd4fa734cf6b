// The row-weighting set-cover search of LSCP (engine/src/siting/set_cover_search.hpp) on its
// own: started from a poor cover, it reaches the optimum that brute force (small instances)
// or CBC (medium ones) proves; every plan covers the target by the test's own count; the
// rules hold; the same seed gives the same plan; cancel stops it.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "brute_force.hpp"
#include "orlib.hpp"
#include "random_instance.hpp"
#include "set_cover_search.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

ModelSpec lscp(float limit, double share = 1.0) {
  ModelSpec spec;
  spec.kind = ModelKind::lscp;
  spec.cover_limit = limit;
  spec.target_share = share;
  return spec;
}

std::vector<std::uint32_t> all_candidates(const Instance& in) {
  std::vector<std::uint32_t> out;
  for (std::uint32_t j = 0; j < in.facility_count(); ++j)
    if (!in.existing[j]) out.push_back(j);
  return out;
}

// Runs the search from `start` (which keeps the rules) as solve_lscp would, the target
// counted by the test (brute_target: share of the weight any facility reaches).
detail::CoverSearchResult search(const Instance& in, const ModelSpec& spec,
                                 const std::vector<std::uint32_t>& start,
                                 detail::CoverSearchOptions o = {}, Progress* progress = nullptr) {
  const CoverModel m = make_cover_model(in, {spec.cover_limit, spec.weight, true});
  QuotaState q(in, std::min(spec.k, in.facility_count()), spec.budget);
  for (auto j : start) q.add(j);
  NullProgress none;
  return detail::set_cover_search(m, test::brute_target(in, spec) - m.fixed_weight, q, start, o,
                                  progress ? *progress : none);
}

// Tiny instances need far fewer steps than the defaults (and run under the sanitizers).
detail::CoverSearchOptions short_run() {
  detail::CoverSearchOptions o;
  o.max_steps = 20'000;
  o.stall_steps = 5'000;
  return o;
}

// Every demand row of a 0/1 set-covering instance has a chosen column: counted from the
// instance's reach lists, not by production code.
bool covers_every_row(const Instance& in, const std::vector<std::uint32_t>& plan) {
  std::vector<bool> chosen(in.facility_count(), false);
  for (auto j : plan) chosen[j] = true;
  for (std::size_t i = 0; i < in.demand_count(); ++i) {
    bool any = false;
    for (auto e = in.reach.offsets[i]; e < in.reach.offsets[i + 1]; ++e)
      any = any || chosen[in.reach.facility[e]];
    if (!any) return false;
  }
  return true;
}

TEST(SetCover, EqualsBruteForceOnSmallInstances) {
  for (std::uint64_t seed = 1; seed <= 25; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Instance in = test::set_cover_like(24, 14, 0.15, seed);
    const ModelSpec spec = lscp(0);
    const auto truth = test::brute_force(in, spec);
    ASSERT_TRUE(truth.feasible);
    const auto r = search(in, spec, all_candidates(in), short_run());
    EXPECT_EQ(double(r.plan.size()), truth.value);
    EXPECT_TRUE(covers_every_row(in, r.plan));
  }
}

// Weighted demand, some of it out of reach, and a partial target (70%): the plan leaves out
// what it may and no more than that.
TEST(SetCover, PartialTargetEqualsBruteForce) {
  for (std::uint32_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::RandomSpec s;
    s.seed = seed;
    s.demand = 50;
    s.facilities = 13;
    s.existing = seed % 3 == 0 ? 1 : 0;
    s.reach_m = 3'000;
    const Instance in = test::random_instance(s);
    const ModelSpec spec = lscp(2'500, seed % 2 ? 0.7 : 1.0);
    const auto truth = test::brute_force(in, spec);
    ASSERT_TRUE(truth.feasible);
    const auto r = search(in, spec, all_candidates(in), short_run());
    EXPECT_EQ(double(r.plan.size()), truth.value);
    EXPECT_GE(test::brute_covered(in, spec, r.plan), test::brute_target(in, spec));
  }
}

// Beyond brute force: 0/1 instances of 60 rows and 45 columns, where CBC proves the optimum.
TEST(SetCover, EqualsCbcOnMediumInstances) {
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Instance in = test::set_cover_like(60, 45, 0.08, 100 + seed);
    const ModelSpec spec = lscp(0);
    NullProgress p;
    const auto exact = solve_mip(in, spec, {}, p);
    ASSERT_TRUE(exact.proven_optimal);
    const auto r = search(in, spec, all_candidates(in), short_run());
    EXPECT_EQ(double(r.plan.size()), exact.objective);
    EXPECT_TRUE(covers_every_row(in, r.plan));
  }
}

// Quotas (at least one new site per "county", at most three) and a budget: the search starts
// from the largest plan brute force finds within the rules and keeps them all the way.
TEST(SetCover, KeepsQuotasAndBudget) {
  int optimal = 0, runs = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    test::RandomSpec s;
    s.seed = seed;
    s.demand = 40;
    s.facilities = 11;
    s.existing = 1;
    s.reach_m = 3'500;
    Instance in = test::random_instance(s);
    QuotaLevel county{"county", {}, {1, 1}, {3, 3}};
    std::mt19937 rng(seed);
    for (std::size_t j = 0; j < in.facility_count(); ++j) {
      county.group.push_back(in.existing[j] ? kNone : static_cast<std::int32_t>(j % 2));
      in.cost.push_back(double(1 + rng() % 3));
    }
    in.quotas.push_back(county);
    ModelSpec spec = lscp(2'500, 0.8);
    spec.budget = 12;
    const auto target = test::brute_target(in, spec);
    std::vector<std::uint32_t> start;
    double best = std::numeric_limits<double>::infinity();
    test::for_each_plan(in, spec, [&](const std::vector<std::uint32_t>& plan) {
      if (test::brute_covered(in, spec, plan) < target) return;
      if (plan.size() > start.size()) start = plan;
      best = std::min(best, double(plan.size()));
    });
    if (start.empty()) continue;  // no plan within the rules reaches the target
    ++runs;
    const auto r = search(in, spec, start, short_run());
    EXPECT_TRUE(test::keeps_rules(in, spec, r.plan));
    EXPECT_GE(test::brute_covered(in, spec, r.plan), target);
    EXPECT_GE(double(r.plan.size()), best);
    EXPECT_LE(r.plan.size(), start.size());
    optimal += double(r.plan.size()) == best ? 1 : 0;
  }
  EXPECT_GE(runs, 8);
  // A minimum can pin a site the optimum does without; most runs still reach it.
  EXPECT_GE(optimal, runs * 3 / 4);
}

// scp4-like 2 (200 x 1,000, the benchmark's generator): the same seed gives the same plan,
// it covers every row, and 60,000 steps from the worst start (every site) reach 37 sites
// (CBC's best in 180 s is 38).
TEST(SetCover, SameSeedSamePlan) {
  const Instance in = test::set_cover_like(200, 1000, 0.02, 4002);
  const ModelSpec spec = lscp(0);
  detail::CoverSearchOptions o;
  o.max_steps = 60'000;
  o.seed = 7;
  const auto a = search(in, spec, all_candidates(in), o);
  const auto b = search(in, spec, all_candidates(in), o);
  EXPECT_EQ(a.plan, b.plan);
  EXPECT_EQ(a.steps, b.steps);
  EXPECT_TRUE(covers_every_row(in, a.plan));
  EXPECT_LE(a.plan.size(), 37u);
}

// Through solve_lscp (LP bound and CBC polish off, so the plan is the searches' own): the
// stage is recorded and the plan is the one the search alone reaches.
TEST(SetCover, SolveLscpRunsIt) {
  const Instance in = test::set_cover_like(200, 1000, 0.02, 4002);
  HeuristicOptions o;
  o.set_cover_steps = 60'000;
  o.lp_bound_max_nonzeros = 0;
  o.polish = false;
  NullProgress p;
  const auto r = solve_lscp(in, lscp(0), o, p);
  EXPECT_TRUE(r.feasible);
  EXPECT_LE(r.objective, 37);
  EXPECT_EQ(double(r.opened.size()), r.objective);
  EXPECT_TRUE(covers_every_row(in, r.opened));
  EXPECT_NE(r.method.find("set cover search"), std::string::npos) << r.method;
  const auto stage = std::find_if(r.stages.begin(), r.stages.end(),
                                  [](const auto& s) { return s.name == "set cover search"; });
  ASSERT_NE(stage, r.stages.end());
  EXPECT_EQ(stage->objective, r.objective);
}

class CancelCoverAtOnce final : public Progress {
 public:
  bool update(double, std::string_view) override { return false; }
};

TEST(SetCover, CancelStops) {
  const Instance in = test::set_cover_like(200, 1000, 0.02, 4001);
  CancelCoverAtOnce cancel;
  EXPECT_THROW(search(in, lscp(0), all_candidates(in), {}, &cancel), CancelledError);
}

// The bound stops the search as soon as a cover that small is found.
TEST(SetCover, StopsAtTheBound) {
  const Instance in = test::set_cover_like(24, 14, 0.15, 3);
  const ModelSpec spec = lscp(0);
  const auto truth = test::brute_force(in, spec);
  detail::CoverSearchOptions o = short_run();
  o.stop_at = static_cast<std::size_t>(truth.value);
  const auto r = search(in, spec, all_candidates(in), o);
  EXPECT_EQ(double(r.plan.size()), truth.value);
  EXPECT_LT(r.steps, o.stall_steps);
}

}  // namespace
}  // namespace sunplan::siting
