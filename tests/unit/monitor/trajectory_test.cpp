#include "sunplan/monitor/trajectory.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sunplan::monitor {
namespace {

constexpr std::int32_t kFirstDay = 16436;  // 2015-01-01
const double kMissing = std::nan("");

// 0.40, 0.50, 0.60 at 30-day steps: the line gains 0.10 per 30 days, so 0.70 is reached 30
// days after the last run (day 90), on track for a day-90 deadline, off track for day 89.
TEST(Trajectory, EvenStepsReachTheTargetOneStepAfterTheLast) {
  const std::vector<SeriesPoint> s = {
      {kFirstDay, 0.40}, {kFirstDay + 30, 0.50}, {kFirstDay + 60, 0.60}};
  const Projection p = project(s, 0.70, kFirstDay + 90, 3);
  EXPECT_EQ(p.outlook, Outlook::on_track);
  EXPECT_EQ(p.day, kFirstDay + 90);
  EXPECT_NEAR(p.pace_per_day, 0.10 / 30, 1e-15);
  EXPECT_EQ(p.runs_used, 3);
  EXPECT_EQ(project(s, 0.70, kFirstDay + 89, 3).outlook, Outlook::off_track);
  EXPECT_EQ(project(s, 0.70, kFirstDay + 89, 3).day, kFirstDay + 90);
}

// Uneven: 0.30, 0.50, 0.55 on days 0, 10, 40. x̄ = 50/3, ȳ = 1.35/3 = 0.45;
// Sxx = (50/3)² + (20/3)² + (70/3)² = 7800/9; Sxy = (-50/3)(-0.15) + (-20/3)(0.05) + (70/3)(0.10)
//     = (7.5 - 1 + 7)/3 = 4.5; slope = 4.5 / (7800/9) = 40.5/7800 = 0.00519230...
// x at 0.70: 50/3 + 0.25 / 0.0051923 = 16.667 + 48.148 = 64.81 -> day 65.
TEST(Trajectory, UnevenRunsFollowTheLeastSquaresLine) {
  const std::vector<SeriesPoint> s = {
      {kFirstDay + 40, 0.55}, {kFirstDay, 0.30}, {kFirstDay + 10, 0.50}};
  const Projection p = project(s, 0.70, kFirstDay + 100, 5);
  EXPECT_NEAR(p.pace_per_day, 40.5 / 7800, 1e-12);
  EXPECT_EQ(p.day, kFirstDay + 65);
  EXPECT_EQ(p.outlook, Outlook::on_track);
}

// Only the last pace_runs runs set the pace: a fast start followed by a stall is "never".
TEST(Trajectory, OnlyTheLastPaceRunsCount) {
  const std::vector<SeriesPoint> s = {
      {kFirstDay, 0.10}, {kFirstDay + 30, 0.40}, {kFirstDay + 60, 0.50}, {kFirstDay + 90, 0.50}};
  EXPECT_EQ(project(s, 0.70, kFirstDay + 365, 2).outlook, Outlook::never);
  // All four: x̄ = 45, ȳ = 0.375, Sxx = 45²+15²+15²+45² = 4500,
  // Sxy = (-45)(-0.275) + (-15)(0.025) + 15(0.125) + 45(0.125) = 12.375 - 0.375 + 1.875 + 5.625
  //     = 19.5; slope = 19.5/4500; x = 45 + 0.325 * 4500 / 19.5 = 45 + 75 = 120.
  const Projection all = project(s, 0.70, kFirstDay + 365, 4);
  EXPECT_EQ(all.day, kFirstDay + 120);
  EXPECT_EQ(all.outlook, Outlook::on_track);
}

TEST(Trajectory, FallingOrFlatIsNeverAtThisPace) {
  const std::vector<SeriesPoint> falling = {{kFirstDay, 0.6}, {kFirstDay + 30, 0.5}};
  const std::vector<SeriesPoint> flat = {{kFirstDay, 0.5}, {kFirstDay + 30, 0.5}};
  for (const auto* s : {&falling, &flat}) {
    const Projection p = project(*s, 0.70, kFirstDay + 365, 3);
    EXPECT_EQ(p.outlook, Outlook::never);
    EXPECT_EQ(p.day, kNoDate);
  }
  EXPECT_EQ(to_string(Outlook::never), "never at this pace");
}

// Reached: the date is the first run of the trailing streak that meets the value, not a run
// that met it once before falling back.
TEST(Trajectory, ReachedGivesTheDateSinceWhenItHolds) {
  const std::vector<SeriesPoint> s = {
      {kFirstDay, 0.72}, {kFirstDay + 30, 0.65}, {kFirstDay + 60, 0.70}, {kFirstDay + 90, 0.80}};
  const Projection p = project(s, 0.70, kFirstDay, 3);
  EXPECT_EQ(p.outlook, Outlook::reached);
  EXPECT_EQ(p.day, kFirstDay + 60);
  EXPECT_TRUE(on_track(p.outlook));
  // 2310 of 3300 is 0.7 up to a rounding error: reached.
  const std::vector<SeriesPoint> exact = {{kFirstDay, 2310.0 / 3300.0}};
  EXPECT_EQ(project(exact, 0.70, kFirstDay, 3).outlook, Outlook::reached);
}

TEST(Trajectory, TooFewRunsOrWithheldValuesAreUnknown) {
  const std::vector<SeriesPoint> one = {{kFirstDay, 0.5}};
  EXPECT_EQ(project(one, 0.70, kFirstDay + 30, 3).outlook, Outlook::unknown);
  const std::vector<SeriesPoint> same_day = {{kFirstDay, 0.5}, {kFirstDay, 0.6}};
  EXPECT_EQ(project(same_day, 0.70, kFirstDay + 30, 3).outlook, Outlook::unknown);
  // A withheld (NaN) value is skipped, not read as zero: 0.40 and 0.60 remain, 0.70 on day 90.
  const std::vector<SeriesPoint> gap = {
      {kFirstDay, 0.40}, {kFirstDay + 30, kMissing}, {kFirstDay + 60, 0.60}};
  const Projection p = project(gap, 0.70, kFirstDay + 90, 3);
  EXPECT_EQ(p.runs_used, 2);
  EXPECT_EQ(p.day, kFirstDay + 90);
  EXPECT_EQ(project({}, 0.70, kFirstDay, 3).outlook, Outlook::unknown);
}

// Counts project like rates: 9,000 bases gaining 200 a month reach 10,000 five months on.
TEST(Trajectory, CountsProjectLikeRates) {
  const std::vector<SeriesPoint> s = {{kFirstDay, 8800}, {kFirstDay + 30, 9000}};
  const Projection p = project(s, 10'000, kFirstDay + 120, 3);
  EXPECT_EQ(p.day, kFirstDay + 30 + 150);
  EXPECT_EQ(p.outlook, Outlook::off_track);
}

}  // namespace
}  // namespace sunplan::monitor
