// Random small instances: brute force and CBC agree on the optimum; every heuristic answer
// keeps the rules, never beats the optimum, and its bound never crosses it.
#include <gtest/gtest.h>

#include <random>

#include "brute_force.hpp"
#include "random_instance.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

using test::RandomSpec;

struct Case {
  ModelKind kind;
  bool quotas;
  bool budget;
  bool exactly = false;
};

Instance make(std::uint32_t seed, const Case& c) {
  RandomSpec s;
  s.seed = seed;
  s.demand = 40;
  s.facilities = 11;
  s.reach_m = 3'000;
  Instance in = test::random_instance(s);
  std::mt19937 rng(seed * 7919u);
  if (c.budget) {
    std::uniform_int_distribution<int> cost(1, 4);
    for (std::size_t j = 0; j < in.facility_count(); ++j) in.cost.push_back(cost(rng));
  }
  if (c.kind == ModelKind::cmclp) {
    std::uniform_int_distribution<int> cap(20, 120);
    for (std::size_t j = 0; j < in.facility_count(); ++j) in.capacity.push_back(cap(rng));
  }
  if (c.quotas) {
    // Two "counties" by index parity: at least one new site in each, at most two.
    QuotaLevel q{"county", {}, {1, 1}, {2, 2}};
    for (std::size_t j = 0; j < in.facility_count(); ++j)
      q.group.push_back(in.existing[j] ? kNone : static_cast<std::int32_t>(j % 2));
    in.quotas.push_back(q);
  }
  return in;
}

ModelSpec spec_for(const Case& c, std::uint32_t seed) {
  ModelSpec spec;
  spec.kind = c.kind;
  spec.k = 2 + seed % 3;
  spec.exactly = c.exactly;
  if (c.budget) spec.budget = 5;
  switch (c.kind) {
    case ModelKind::mclp:
    case ModelKind::cmclp:
      spec.cover_limit = 2'000;
      break;
    case ModelKind::lscp:
      spec.cover_limit = 2'500;
      spec.k = 11;
      spec.target_share = seed % 2 ? 1.0 : 0.7;
      break;
    case ModelKind::pmedian:
      spec.unassigned_cost = 6'000;
      break;
  }
  return spec;
}

SitingResult heuristic(const Instance& in, const ModelSpec& spec, bool lp) {
  NullProgress p;
  HeuristicOptions o;
  if (!lp) o.lp_bound_max_nonzeros = 0;  // judge the Lagrangian bounds on their own
  switch (spec.kind) {
    case ModelKind::mclp:
      return solve_mclp(in, spec, o, p);
    case ModelKind::lscp:
      return solve_lscp(in, spec, o, p);
    case ModelKind::pmedian:
      return solve_pmedian(in, spec, o, p);
    case ModelKind::cmclp:
      return solve_cmclp(in, spec, o, p);
  }
  return {};
}

// Returns how many heuristic answers were judged (feasible ones), -1 when no plan is feasible.
int check(const Case& c, std::uint32_t seed) {
  int judged = 0;
  SCOPED_TRACE(std::string(to_string(c.kind)) + " seed " + std::to_string(seed) +
               (c.quotas ? " quotas" : "") + (c.budget ? " budget" : ""));
  const Instance in = make(seed, c);
  const ModelSpec spec = spec_for(c, seed);
  const auto truth = test::brute_force(in, spec);
  NullProgress p;
  const auto exact = solve_mip(in, spec, {}, p);
  EXPECT_EQ(exact.feasible, truth.feasible);
  if (!truth.feasible || !exact.feasible) return -1;  // nothing to judge
  EXPECT_TRUE(exact.proven_optimal);
  const double tol = 1e-6 * std::max(1.0, std::abs(truth.value));
  EXPECT_NEAR(exact.objective, truth.value, tol);
  EXPECT_TRUE(test::keeps_rules(in, spec, exact.opened));
  EXPECT_NEAR(test::brute_value(in, spec, exact.opened), exact.objective, tol);

  for (bool lp : {false, true}) {
    SCOPED_TRACE(lp ? "with lp bound" : "combinatorial bound");
    const auto h = heuristic(in, spec, lp);
    if (!h.feasible) {  // a greedy may miss a tight quota/budget combination; it must say so
      EXPECT_FALSE(h.notes.empty());
      continue;
    }
    ++judged;
    EXPECT_TRUE(test::keeps_rules(in, spec, h.opened));
    EXPECT_NEAR(test::brute_value(in, spec, h.opened), h.objective, tol);  // reported honestly
    if (h.maximise) {
      EXPECT_LE(h.objective, truth.value + tol);
      EXPECT_GE(h.bound, truth.value - tol);
    } else {
      EXPECT_GE(h.objective, truth.value - tol);
      EXPECT_LE(h.bound, truth.value + tol);
    }
    const double diff = h.maximise ? h.bound - h.objective : h.objective - h.bound;
    EXPECT_NEAR(h.gap, std::max(0.0, diff) / std::max(std::abs(h.bound), 1.0), 1e-12);
    EXPECT_EQ(h.opened.size(), h.marginal_gain.size());
  }
  return judged;
}

class Oracle : public ::testing::TestWithParam<Case> {};

TEST_P(Oracle, HeuristicWithinProvenBounds) {
  int judged = 0, feasible = 0;
  for (std::uint32_t seed = 1; seed <= 12; ++seed) {
    const int j = check(GetParam(), seed);
    if (j >= 0) {
      judged += j;
      feasible += 2;
    }
  }
  // Only tight quota/budget mixes may defeat the greedy; most answers must be judged.
  EXPECT_GE(judged, feasible * 3 / 4) << "of " << feasible;
  EXPECT_GE(feasible, 8);
}

INSTANTIATE_TEST_SUITE_P(
    Models, Oracle,
    ::testing::Values(Case{ModelKind::mclp, false, false}, Case{ModelKind::mclp, true, false},
                      Case{ModelKind::mclp, false, true}, Case{ModelKind::lscp, false, false},
                      Case{ModelKind::lscp, true, false}, Case{ModelKind::pmedian, false, false},
                      Case{ModelKind::pmedian, true, false}, Case{ModelKind::cmclp, false, false},
                      Case{ModelKind::cmclp, true, true}, Case{ModelKind::mclp, false, false, true},
                      Case{ModelKind::pmedian, false, false, true},
                      Case{ModelKind::mclp, true, true, true}),
    [](const auto& info) {
      return std::string(to_string(info.param.kind)) + (info.param.quotas ? "_quotas" : "") +
             (info.param.budget ? "_budget" : "") + (info.param.exactly ? "_exactly" : "");
    });

// Larger than brute force can reach: CBC is the oracle.
TEST(OracleCbc, MclpMediumAgainstCbc) {
  for (std::uint32_t seed = 1; seed <= 4; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    RandomSpec s;
    s.seed = seed;
    s.demand = 600;
    s.facilities = 80;
    s.existing = 5;
    s.reach_m = 1'500;
    Instance in = test::random_instance(s);
    ModelSpec spec;
    spec.k = 8;
    NullProgress p;
    HeuristicOptions o;
    o.lp_bound_max_nonzeros = 0;
    auto h = solve_mclp(in, spec, o, p);
    auto exact = solve_mip(in, spec, {}, p);
    ASSERT_TRUE(exact.proven_optimal);
    EXPECT_LE(h.objective, exact.objective);
    EXPECT_GE(h.bound, exact.objective);
    EXPECT_GE(h.objective, 0.95 * exact.objective);  // greedy+swap is near optimal here
  }
}

}  // namespace
}  // namespace sunplan::siting
