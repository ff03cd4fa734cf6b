// [targets.milestones.*] and [monitoring] as a run reads them (pipeline/monitoring.cpp).
#include <gtest/gtest.h>

#include "sunplan/core/error.hpp"
#include "sunplan/io/scenario.hpp"
#include "sunplan/pipeline/monitoring.hpp"
#include "sunplan/pipeline/pairing_stage.hpp"

namespace sunplan {
namespace {

const char* kTownships = "[layers.townships]\nsource = 'a.gpkg'\n";

MonitoringOptions read(const std::string& toml) {
  return monitoring_options(parse_scenario(kTownships + toml, "/p/s.toml"));
}

std::string error_of(const std::string& toml) {
  try {
    read(toml);
  } catch (const UsageError& e) {
    return e.what();
  }
  return "(no error)";
}

TEST(MilestoneOptions, TheProgrammesMilestonesAreRead) {
  const MonitoringOptions o = read(
      "[targets.milestones.end_2015]\ndate = '2015-12-31'\npairing_rate = 0.7\nbases = 10000\n"
      "[targets.milestones.mid_2016]\ndate = '2016-06-30'\nurban_reach_rate = 1.0\n"
      "levels = ['county']\n"
      "[monitoring]\nhistory = 'h/history.gpkg'\npace_runs = 4\n");
  ASSERT_EQ(o.milestones.size(), 2u);
  const monitor::Milestone& a = o.milestones[0];
  EXPECT_EQ(a.name, "end_2015");
  EXPECT_EQ(a.day, parse_day("2015-12-31", "test"));
  EXPECT_DOUBLE_EQ(*a.value[static_cast<int>(monitor::Indicator::pairing_rate)], 0.7);
  EXPECT_DOUBLE_EQ(*a.value[static_cast<int>(monitor::Indicator::bases)], 10000);
  EXPECT_FALSE(a.value[static_cast<int>(monitor::Indicator::urban_reach_rate)]);
  EXPECT_EQ(a.levels.size(), 4u);  // the default: total, province, city, county
  EXPECT_EQ(o.milestones[1].levels, std::vector<std::string>{"county"});
  EXPECT_EQ(o.history, std::filesystem::path("/p/h/history.gpkg"));  // beside the scenario
  EXPECT_EQ(o.pace_runs, 4);
  EXPECT_TRUE(read("").milestones.empty());
  EXPECT_EQ(read("").pace_runs, 3);
}

TEST(MilestoneOptions, MistakesAreNamed) {
  EXPECT_NE(
      error_of("[targets.milestones.x]\npairing_rate = 0.7\n").find("targets.milestones.x.date"),
      std::string::npos);
  EXPECT_NE(error_of("[targets.milestones.x]\ndate = '2015-12-31'\n").find("has no value"),
            std::string::npos);
  EXPECT_NE(error_of("[targets.milestones.x]\ndate = '2015-12-31'\npairing_rate = 70\n")
                .find("share from 0 to 1"),
            std::string::npos);
  EXPECT_NE(error_of("[monitoring]\npace_runs = 1\n").find("pace_runs"), std::string::npos);
  // The schema knows the keys: a typo is refused with the closest key.
  EXPECT_NE(error_of("[targets.milestones.x]\ndate = '2015-12-31'\npairing_rat = 0.7\n")
                .find("pairing_rate"),
            std::string::npos);
}

}  // namespace
}  // namespace sunplan
