// Small instances whose answers are worked by hand.
#include <gtest/gtest.h>

#include "sunplan/core/error.hpp"
#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/quota_state.hpp"
#include "sunplan/siting/solve.hpp"
#include "sunplan/siting/urban_first.hpp"

namespace sunplan::siting {
namespace {

// Builds an instance from "demand i is covered by these facilities" lists (cost 1 each).
Instance from_sets(std::vector<std::int64_t> weight, std::vector<std::vector<std::uint32_t>> rows,
                   std::size_t facilities, std::vector<std::uint8_t> existing = {}) {
  Instance in;
  in.weight = std::move(weight);
  for (auto& r : rows) {
    for (auto j : r) {
      in.reach.facility.push_back(j);
      in.reach.cost.push_back(1.0f);
    }
    in.reach.offsets.push_back(in.reach.facility.size());
  }
  in.existing = existing.empty() ? std::vector<std::uint8_t>(facilities, 0) : existing;
  return in;
}

// Demand A(10) B(5) C(7) D(3); facility 0 (existing) covers A; 1: A,B; 2: B,C; 3: C,D; 4: D.
Instance chain() {
  return from_sets({10, 5, 7, 3}, {{0, 1}, {1, 2}, {2, 3}, {3, 4}}, 5, {1, 0, 0, 0, 0});
}

TEST(SitingHand, MclpGreedyByHand) {
  NullProgress p;
  Instance in = chain();
  ModelSpec spec;
  spec.k = 1;
  auto r1 = solve_mclp(in, spec, {}, p);
  ASSERT_EQ(r1.opened, std::vector<std::uint32_t>{2});  // B + C = 12 beats C + D = 10
  EXPECT_EQ(r1.objective, 22);
  EXPECT_EQ(r1.marginal_gain, std::vector<double>{12});
  EXPECT_EQ(r1.bound, 22);
  EXPECT_TRUE(r1.proven_optimal);
  spec.k = 2;
  auto r2 = solve_mclp(in, spec, {}, p);
  // After 2, facilities 3 and 4 both add D (3): the tie goes to the lower index.
  EXPECT_EQ(r2.opened, (std::vector<std::uint32_t>{2, 3}));
  EXPECT_EQ(r2.marginal_gain, (std::vector<double>{12, 3}));
  EXPECT_EQ(r2.objective, 25);
  EXPECT_EQ(r2.bound, 25);
}

// Greedy takes S3 = {q, r, t} (5) first and ends at 7; {S1, S2} covers 8.
Instance greedy_trap() {
  // demand p q r s t with weights 2 2 2 2 1; S1 = fac 0 {p,q}, S2 = fac 1 {r,s}, S3 = fac 2 {q,r,t}
  return from_sets({2, 2, 2, 2, 1}, {{0}, {0, 2}, {1, 2}, {1}, {2}}, 3);
}

TEST(SitingHand, SwapRepairsGreedyTrap) {
  NullProgress p;
  Instance in = greedy_trap();
  ModelSpec spec;
  spec.k = 2;
  HeuristicOptions no_swap;
  no_swap.search = false;
  no_swap.polish = false;             // greedy and its bound alone
  no_swap.lp_bound_max_nonzeros = 0;  // Lagrangian only
  auto g = solve_mclp(in, spec, no_swap, p);
  EXPECT_EQ(g.objective, 7);
  EXPECT_GE(g.bound, 8);
  EXPECT_FALSE(g.proven_optimal);
  EXPECT_NEAR(g.gap, (g.bound - 7) / g.bound, 1e-12);
  auto s = solve_mclp(in, spec, {}, p);
  EXPECT_EQ(s.objective, 8);
  EXPECT_EQ(s.bound, 8);
  auto sorted = s.opened;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::uint32_t>{0, 1}));
  auto exact = solve_mip(in, spec, {}, p);
  EXPECT_TRUE(exact.proven_optimal);
  EXPECT_EQ(exact.objective, 8);
}

TEST(SitingHand, QuotaForcesAGroup) {
  NullProgress p;
  Instance in = chain();
  // Facility 4 is alone in group 1, which needs one new site; 1..3 are group 0, at most 1.
  in.quotas.push_back({"county", {kNone, 0, 0, 0, 1}, {0, 1}, {1, 1}});
  ModelSpec spec;
  spec.k = 2;
  auto r = solve_mclp(in, spec, {}, p);
  // Must name 4 (D = 3) and then the best of group 0: 2 (B + C = 12) -> 10 + 12 + 3 = 25.
  auto sorted = r.opened;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<std::uint32_t>{2, 4}));
  EXPECT_EQ(r.objective, 25);
  spec.k = 1;  // the min forces 4 alone: 10 + 3
  auto r1 = solve_mclp(in, spec, {}, p);
  EXPECT_EQ(r1.opened, std::vector<std::uint32_t>{4});
  EXPECT_EQ(r1.objective, 13);
  EXPECT_GE(r1.bound, 13);
  auto exact = solve_mip(in, spec, {}, p);
  EXPECT_EQ(exact.objective, 13);
}

TEST(SitingHand, BudgetHolds) {
  NullProgress p;
  Instance in = chain();
  in.cost = {0, 1, 5, 2, 1};
  ModelSpec spec;
  spec.budget = 3;  // 2 (cost 5) is out; best: 1 (B, 5) + 3 (C+D, 10) = cost 3 -> 25
  auto r = solve_mclp(in, spec, {}, p);
  EXPECT_LE(r.cost_used, 3);
  EXPECT_EQ(r.objective, 25);
  auto exact = solve_mip(in, spec, {}, p);
  EXPECT_EQ(exact.objective, 25);
}

TEST(SitingHand, LscpReportsUnreachableDemand) {
  NullProgress p;
  // E (weight 4) is in reach of nothing: it is reported and left out of the 100% target.
  Instance in =
      from_sets({10, 5, 7, 3, 4}, {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {}}, 5, {1, 0, 0, 0, 0});
  ModelSpec spec;
  spec.kind = ModelKind::lscp;
  auto r = solve_lscp(in, spec, {}, p);
  EXPECT_EQ(r.unreachable_weight, 4);
  EXPECT_TRUE(r.feasible);
  EXPECT_EQ(r.covered_weight, 25);
  EXPECT_EQ(r.objective, 2);  // {2, 3} or {1, 3}; one site cannot cover B, C and D
  EXPECT_EQ(r.bound, 2);
  spec.target_share = 0.8;  // 20 of 25: A (10) + B,C (12) with site 2 alone
  auto r8 = solve_lscp(in, spec, {}, p);
  EXPECT_EQ(r8.objective, 1);
  EXPECT_EQ(r8.opened, std::vector<std::uint32_t>{2});
}

TEST(SitingHand, UrbanFirstThenRural) {
  NullProgress p;
  Instance in = chain();
  // B is urban; the rest rural. Urban phase must cover B (site 1, the lower index of {1, 2}
  // with equal urban gain... 1 and 2 both give B = 5): lower index 1. Rural phase, k = 2:
  // 3 covers C + D = 10 (A already by the existing base).
  in.demand_class = {UrbanRural::rural, UrbanRural::urban, UrbanRural::rural, UrbanRural::rural};
  ModelSpec spec;
  spec.k = 2;
  auto r = solve_urban_first(in, spec, {}, p);
  EXPECT_EQ(r.urban.opened, std::vector<std::uint32_t>{1});
  EXPECT_EQ(r.urban.covered_weight, 5);
  EXPECT_EQ(r.rural.opened, std::vector<std::uint32_t>{3});
  EXPECT_EQ(r.rural.objective, 20);  // A 10 + C 7 + D 3
  EXPECT_EQ(r.rural.bound, 20);
  EXPECT_EQ(r.opened, (std::vector<std::uint32_t>{1, 3}));
}

TEST(SitingHand, QuotaStateKeepsMinAndMax) {
  Instance in = chain();
  in.quotas.push_back({"county", {kNone, 0, 0, 1, 1}, {1, 0}, {1, 2}});
  QuotaState q(in, 3);
  EXPECT_EQ(q.unmet_min(), 1);
  EXPECT_TRUE(q.fills_deficit(1));
  EXPECT_FALSE(q.fills_deficit(3));
  q.add(1);
  EXPECT_EQ(q.unmet_min(), 0);
  EXPECT_FALSE(q.can_add(2));      // group 0 at its max of 1
  EXPECT_FALSE(q.can_swap(1, 3));  // would leave group 0 below its min
  EXPECT_TRUE(q.can_swap(1, 2));   // same group
  q.add(3);
  q.add(4);
  EXPECT_FALSE(q.can_add(0));  // k = 3 reached
}

class CancelAtOnce final : public Progress {
 public:
  bool update(double, std::string_view) override { return false; }
};

TEST(SitingHand, CancelStops) {
  CancelAtOnce cancel;
  Instance in = chain();
  ModelSpec spec;
  spec.k = 2;
  EXPECT_THROW(solve_mclp(in, spec, {}, cancel), CancelledError);
}

TEST(SitingHand, InvalidInstanceIsRejected) {
  Instance in = chain();
  in.reach.facility[0] = 9;  // no such facility
  EXPECT_FALSE(validate(in).empty());
  NullProgress p;
  EXPECT_THROW(solve_mclp(in, {}, {}, p), UsageError);
}

}  // namespace
}  // namespace sunplan::siting
