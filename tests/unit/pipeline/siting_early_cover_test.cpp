// The coverage with the new bases, started as soon as the siting plan is final, beside the
// last bound (engine/src/pipeline/siting_stage.cpp). Oracle: run_coverage on the data with the
// returned plan's candidates named, computed here after the stage, in the calling thread.
#include <gtest/gtest.h>

#include "sunplan/coverage/coverage.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/load.hpp"
#include "sunplan/pipeline/run.hpp"
#include "sunplan/pipeline/siting_stage.hpp"
#include "test_data.hpp"

namespace sunplan {
namespace {

TEST(SitingEarlyCover, TheCoverageWithTheNewBasesIsTheOneOfTheReturnedPlan) {
  const Scenario sc = read_scenario(test::source_dir() / "datasets/demo/scenario.toml");
  NullProgress progress;
  const LoadResult load = load_usable_dataset(sc, progress);
  const Dataset& d = load.dataset;
  const coverage::CoverageOptions cov = coverage_options(sc);
  for (const std::size_t add : {std::size_t{5}, std::size_t{20}}) {
    SCOPED_TRACE("add " + std::to_string(add));
    SitingOptions o;
    o.model = siting::ModelKind::mclp;
    o.add = add;
    o.heuristics.polish = false;  // the plan is final before the last bound: the early path
    const SitingStage st = run_siting(d, cov, o, progress);
    ASSERT_GT(st.chosen_bases.size(), 0u);
    ASSERT_LE(st.chosen_bases.size(), add);  // fewer when no candidate adds youth in reach

    Dataset after;
    after.crs = d.crs;
    after.admin = d.admin;
    after.youth = d.youth;
    after.bases = d.bases;
    for (std::int32_t b : st.chosen_bases)
      after.bases.status[static_cast<std::size_t>(b)] = BaseStatus::planned;
    const coverage::CoverageResult expected = coverage::run_coverage(after, cov, progress);
    EXPECT_EQ(st.bases_after.status, after.bases.status);
    EXPECT_EQ(st.after.served.served, expected.served.served);
    EXPECT_EQ(st.after.served.facility, expected.served.facility);
    EXPECT_EQ(st.after.served.load, expected.served.load);
    EXPECT_EQ(st.after.served.total_served, expected.served.total_served);
    EXPECT_EQ(st.after.figures.total.in_reach, expected.figures.total.in_reach);
    EXPECT_EQ(st.after.figures.total.served, expected.figures.total.served);
    EXPECT_GT(st.after.figures.total.in_reach, 0);
  }
}

}  // namespace
}  // namespace sunplan
