// Parts of the sparse pairing solved side by side (issue #17): the answer does not depend on
// how many threads solve them. Two big parts (at least 20,000 locations each, so each is a job
// of its own with parallel pricing) and many small ones, solved on one thread and on every
// thread: the same flows for every youth point; and the same optimum as the full formulation.
// Cancelling stops them all.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "make_data.hpp"
#include "pairing_checks.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/pairing/pair_youth.hpp"

namespace sunplan::pairing {
namespace {

using test::add_team;
using test::add_youth;

// Two towns 100 km apart (21,000 youth and 90 teams each, places for about half of them) and
// 300 villages (a few youth, one or two teams) far from both and from each other.
void make_towns(Youth& youth, Teams& teams) {
  std::mt19937 rng(1717);
  std::uniform_real_distribution<double> town(0.0, 10000.0);
  int y = 0, t = 0;
  for (double ox : {0.0, 100000.0}) {
    for (int i = 0; i < 21000; ++i)
      add_youth(youth, ox + town(rng), town(rng), "Y" + std::to_string(y++), 1,
                rng() % 8 == 0 ? "T" + std::to_string(rng() % 180) : std::string{});
    for (int k = 0; k < 90; ++k)
      add_team(teams, ox + town(rng), town(rng), "T" + std::to_string(t++),
               static_cast<std::int32_t>(rng() % 230));
  }
  std::uniform_real_distribution<double> village(0.0, 3000.0);
  for (int v = 0; v < 300; ++v) {
    const double ox = 200000.0 + 20000.0 * (v % 20), oy = 20000.0 * (v / 20);
    for (int i = 0; i < 6; ++i)
      add_youth(youth, ox + village(rng), oy + village(rng), "Y" + std::to_string(y++),
                1 + static_cast<std::int32_t>(rng() % 2));
    for (int k = 0; k < 1 + v % 2; ++k)
      add_team(teams, ox + village(rng), oy + village(rng), "T" + std::to_string(t++),
               static_cast<std::int32_t>(rng() % 8));
  }
}

PairingResult pair_on(int threads, const Youth& youth, const Teams& teams,
                      const PairingOptions& opt) {
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                                  static_cast<std::size_t>(threads));
  NullProgress progress;
  return pair_youth(youth, teams, nullptr, opt, progress);
}

TEST(ParallelParts, SameFlowsOnOneThreadAndOnAll) {
  Youth youth;
  Teams teams;
  make_towns(youth, teams);
  PairingOptions opt;
  opt.max_distance_m = 2500.0;
  opt.exact_full = true;
  const PairingResult full = pair_on(2, youth, teams, opt);
  opt.exact_full = false;
  // Every part priced from its 4 nearest teams, so that the big parts go through several
  // warm-started rounds with parallel pricing while the other jobs run. (Whole parts take the
  // same jobs with one round; one configuration keeps the test short under ThreadSanitizer.)
  opt.whole_below_reach = 0;
  opt.initial_teams = 4;
  const PairingResult one = pair_on(1, youth, teams, opt);
  const PairingResult all = pair_on(4, youth, teams, opt);
  test::check_invariants(all, youth, teams, opt.max_distance_m);
  EXPECT_EQ(all.total_paired, full.total_paired);
  EXPECT_EQ(test::cost_units(all), test::cost_units(full));
  EXPECT_EQ(all.unpaired_full, full.unpaired_full);
  EXPECT_EQ(all.unpaired_no_team, full.unpaired_no_team);
  EXPECT_GT(all.components, 300u);
  EXPECT_GT(all.pricing_rounds, 1u);
  EXPECT_EQ(all.arcs, one.arcs);
  EXPECT_EQ(all.pricing_rounds, one.pricing_rounds);
  EXPECT_EQ(all.load, one.load);
  for (std::size_t i = 0; i < youth.size(); ++i)
    ASSERT_EQ(test::flows_of(all, teams, i), test::flows_of(one, teams, i)) << youth.id[i];
}

// Asks to stop once the parts are being solved (pairing progress past 25%).
class CancelWhileSolving final : public Progress {
 public:
  bool update(double fraction, std::string_view stage) override {
    return !(stage == "pairing" && fraction > 0.25);
  }
};

// Cancelling while parts are solved on several threads stops every thread and reports it.
TEST(ParallelParts, CancelledWhileSolving) {
  Youth youth;
  Teams teams;
  make_towns(youth, teams);
  PairingOptions opt;
  opt.max_distance_m = 2500.0;
  opt.whole_below_reach = 0;
  CancelWhileSolving cancel;
  const tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 4);
  EXPECT_THROW(pair_youth(youth, teams, nullptr, opt, cancel), CancelledError);
}

}  // namespace
}  // namespace sunplan::pairing
