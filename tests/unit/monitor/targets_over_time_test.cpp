#include "sunplan/monitor/targets_over_time.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

namespace sunplan::monitor {
namespace {

constexpr std::int32_t kDay0 = 16436;  // 2015-01-01
const double kNaN = std::nan("");

UnitFigures unit(std::string level, std::string code, double pairing_rate, double bases = 0) {
  UnitFigures u;
  u.level = std::move(level);
  u.code = std::move(code);
  u.name = u.code;
  u.pairing_rate = pairing_rate;
  u.urban_reach_rate = kNaN;
  u.rural_reach_rate = kNaN;
  u.bases = bases;
  return u;
}

HistoryRun run(std::int32_t day, std::vector<UnitFigures> units) {
  HistoryRun r;
  r.run_day = day;
  r.units = std::move(units);
  return r;
}

Milestone pairing_by(std::int32_t day, double rate, std::optional<double> bases = {}) {
  Milestone m;
  m.name = "m";
  m.day = day;
  m.value[static_cast<int>(Indicator::pairing_rate)] = rate;
  m.value[static_cast<int>(Indicator::bases)] = bases;
  return m;
}

// County 01 climbs 0.40, 0.50, 0.60 (on track for day 90); county 02 stalls at 0.30 (never);
// the total met 0.70 two runs ago (reached). History given out of order (a back-filled run).
TEST(TargetsOverTime, UnitsAreMatchedByLevelAndCodeAndTheMostUrgentComeFirst) {
  const std::vector<HistoryRun> history = {
      run(kDay0 + 30,
          {unit("total", "", 0.75), unit("county", "01", 0.50), unit("county", "02", 0.30)}),
      run(kDay0,
          {unit("total", "", 0.72), unit("county", "01", 0.40), unit("county", "02", 0.30)})};
  const HistoryRun now = run(kDay0 + 60, {unit("total", "", 0.71), unit("county", "01", 0.60),
                                          unit("county", "02", 0.30), unit("township", "9", 0.0)});
  const std::vector<Milestone> m = {pairing_by(kDay0 + 90, 0.70)};
  const auto rows = trajectories(history, now, m, 3);
  ASSERT_EQ(rows.size(), 3u);  // townships are not a milestone level by default
  EXPECT_EQ(rows[0].code, "02");
  EXPECT_EQ(rows[0].projection.outlook, Outlook::never);
  EXPECT_EQ(rows[1].code, "01");
  EXPECT_EQ(rows[1].projection.outlook, Outlook::on_track);
  EXPECT_EQ(rows[1].projection.day, kDay0 + 90);
  ASSERT_EQ(rows[1].series.size(), 3u);
  EXPECT_EQ(rows[1].series[0].day, kDay0);  // sorted by date, this run last
  EXPECT_DOUBLE_EQ(rows[1].current, 0.60);
  EXPECT_EQ(rows[2].level, "total");
  EXPECT_EQ(rows[2].projection.outlook, Outlook::reached);
  EXPECT_EQ(rows[2].projection.day, kDay0);
}

// A unit missing from a run, or withheld there (NaN), is a gap, not a zero: 0.40 on day 0 and
// 0.60 on day 60 give 0.70 on day 90 whatever happened on day 30.
TEST(TargetsOverTime, MissingOrWithheldRunsAreGaps) {
  const std::vector<HistoryRun> history = {run(kDay0, {unit("county", "01", 0.40)}),
                                           run(kDay0 + 30, {unit("county", "01", kNaN)}),
                                           run(kDay0 + 45, {})};
  const HistoryRun now = run(kDay0 + 60, {unit("county", "01", 0.60)});
  const std::vector<Milestone> m = {pairing_by(kDay0 + 89, 0.70)};
  const auto rows = trajectories(history, now, m, 3);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].series.size(), 2u);
  EXPECT_EQ(rows[0].projection.day, kDay0 + 90);
  EXPECT_EQ(rows[0].projection.outlook, Outlook::off_track);
}

// Bases are a count for the whole area: tracked on the total row only, whatever the levels.
TEST(TargetsOverTime, BasesAreTrackedOnTheTotalOnly) {
  const HistoryRun now =
      run(kDay0, {unit("total", "", 0.5, 9000), unit("province", "43", 0.5, 900)});
  Milestone m = pairing_by(kDay0 + 90, 0.70, 10'000);
  m.levels = {"province"};
  const auto rows = trajectories({}, now, std::vector<Milestone>{m}, 3);
  ASSERT_EQ(rows.size(), 2u);
  int bases_rows = 0;
  for (const TrajectoryRow& r : rows) {
    if (r.indicator == Indicator::bases) {
      ++bases_rows;
      EXPECT_EQ(r.level, "total");
      EXPECT_DOUBLE_EQ(r.current, 9000);
      EXPECT_EQ(r.projection.outlook, Outlook::unknown);  // one run: no pace yet
    } else {
      EXPECT_EQ(r.level, "province");
    }
  }
  EXPECT_EQ(bases_rows, 1);
}

}  // namespace
}  // namespace sunplan::monitor
