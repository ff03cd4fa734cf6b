#include "sunplan/compare/compare_runs.hpp"

#include <gtest/gtest.h>

namespace sunplan::compare {
namespace {

BaseRecord base(std::string id, double x, std::optional<std::int64_t> capacity,
                std::string status = "existing", std::string type = "rehab") {
  BaseRecord b;
  b.id = std::move(id);
  b.name = b.id;
  b.type = std::move(type);
  b.status = std::move(status);
  b.capacity = capacity;
  b.pos = {x, 0};
  return b;
}

UnitRecord township(std::string code, double youth, double in_reach, double served,
                    std::optional<double> rank) {
  UnitRecord u;
  u.level = "township";
  u.code = std::move(code);
  u.figures[static_cast<std::size_t>(Figure::youth)] = youth;
  u.figures[static_cast<std::size_t>(Figure::in_reach)] = in_reach;
  u.figures[static_cast<std::size_t>(Figure::served)] = served;
  u.figures[static_cast<std::size_t>(Figure::gap_rank)] = rank;
  return u;
}

YouthRecord youth(std::string id, std::string base, std::string team) {
  YouthRecord y;
  y.id = std::move(id);
  y.base = std::move(base);
  y.team = std::move(team);
  return y;
}

// Aggregate mode withholds a capacity with the load it bounds: unknown on that side, so no
// change of capacity is claimed (10 -> withheld would otherwise read as 10 -> unlimited).
TEST(compare_runs, a_withheld_capacity_is_no_change) {
  RunRecords a, b;
  a.has_bases = b.has_bases = true;
  a.bases = {base("A", 0, 10), base("B", 0, 10)};
  b.bases = {base("A", 0, std::nullopt), base("B", 0, std::nullopt)};
  b.bases[0].capacity_withheld = true;
  const Comparison c = compare_runs(a, b);
  ASSERT_EQ(c.bases.size(), 1u);  // B: 10 -> unlimited; A unknown
  EXPECT_EQ(c.bases[0].id, "B");
  EXPECT_EQ(c.bases[0].what, unsigned{kBaseCapacity});
}

// Worked by hand: every kind of change once, and the things that are no change.
TEST(compare_runs, every_kind_of_change_once) {
  RunRecords a, b;
  a.has_bases = b.has_bases = true;
  a.has_youth_bases = b.has_youth_bases = a.has_youth_teams = b.has_youth_teams = true;
  a.parameters = {
      {"scenario.catchment.radius_m", "1500"}, {"software", "sunplan 0.1.0"}, {"gone", "x"}};
  b.parameters = {
      {"scenario.catchment.radius_m", "2000"}, {"software", "sunplan 0.1.0"}, {"new", "y"}};
  a.bases = {base("A", 0, 10), base("B", 0, 10), base("C", 0, std::nullopt), base("D", 0, 5),
             base("E", 0, 5)};
  b.bases = {base("A", 0.4, 10),                     // 0.4 m: round-off, not a move
             base("B", 300, 20, "planned", "care"),  // moved, status, capacity, type
             base("C", 0, 30),                       // unlimited -> 30
             base("E", 0, 5), base("F", 0, 5)};      // D removed, F added
  a.units = {township("1", 10, 10, 8, std::nullopt), township("2", 10, 6, 6, 1.0),
             township("3", 4, 4, 4, std::nullopt)};
  b.units = {township("1", 12, 11, 9, 2.0), township("2", 10, 10, 10, std::nullopt),
             township("4", 1, 1, 1, std::nullopt)};
  a.youth = {youth("r1", "A", "T1"), youth("r2", "B", ""), youth("r3", "A", "T1")};
  b.youth = {youth("r1", "A", "T2"), youth("r2", "C", "T1"), youth("r3", "A", "T1"),
             youth("r4", "", "")};
  const Comparison c = compare_runs(a, b);

  ASSERT_EQ(c.parameters.size(), 3u);  // by key: gone, new, scenario.catchment.radius_m
  EXPECT_EQ(c.parameters[0].key, "gone");
  EXPECT_FALSE(c.parameters[0].new_value.has_value());
  EXPECT_EQ(c.parameters[1].key, "new");
  EXPECT_FALSE(c.parameters[1].old_value.has_value());
  EXPECT_EQ(c.parameters[2].new_value, "2000");

  ASSERT_EQ(c.bases.size(), 4u);  // B, C, D, F by id; A and E unchanged
  EXPECT_EQ(c.bases[0].id, "B");
  EXPECT_EQ(describe_base_change(c.bases[0].what), "moved,status,capacity,type");
  EXPECT_DOUBLE_EQ(c.bases[0].moved_m, 300.0);
  EXPECT_EQ(c.bases[1].id, "C");
  EXPECT_EQ(c.bases[1].what, unsigned{kBaseCapacity});
  EXPECT_EQ(c.bases[2].what, unsigned{kBaseRemoved});
  EXPECT_EQ(c.bases[3].what, unsigned{kBaseAdded});

  ASSERT_EQ(c.units.size(), 4u);
  const UnitChange& t1 = c.units[0];
  EXPECT_EQ(t1.delta[static_cast<std::size_t>(Figure::youth)], 2.0);
  EXPECT_EQ(t1.delta[static_cast<std::size_t>(Figure::served)], 1.0);
  EXPECT_FALSE(t1.delta[static_cast<std::size_t>(Figure::gap_rank)].has_value());  // rank appeared
  EXPECT_TRUE(t1.changed);
  EXPECT_TRUE(c.units[1].changed);
  EXPECT_TRUE(c.units[2].in_old && !c.units[2].in_new && c.units[2].changed);
  EXPECT_TRUE(!c.units[3].in_old && c.units[3].in_new);

  // 1: 10 of 10 in reach -> 11 of 12 (uncovered); 2: 6 of 10 -> 10 of 10 (covered).
  ASSERT_EQ(c.coverage.size(), 2u);
  EXPECT_EQ(c.coverage[0].code, "1");
  EXPECT_FALSE(c.coverage[0].newly_covered);
  EXPECT_EQ(c.coverage[1].code, "2");
  EXPECT_TRUE(c.coverage[1].newly_covered);

  ASSERT_TRUE(c.assignments_published);
  ASSERT_EQ(c.assignments.size(), 3u);  // r1 team, r2 base and team, r4 added; r3 unchanged
  EXPECT_TRUE(!c.assignments[0].base_changed && c.assignments[0].team_changed);
  EXPECT_TRUE(c.assignments[1].base_changed && c.assignments[1].team_changed);
  EXPECT_FALSE(c.assignments[2].old_youth.has_value());
}

TEST(compare_runs, a_run_against_itself_has_no_change) {
  RunRecords a;
  a.has_bases = a.has_youth_bases = true;
  a.parameters = {{"k", "v"}};
  a.bases = {base("A", 5, 10), base("B", 7, std::nullopt)};
  a.units = {township("1", 10, 9, 8, 1.0)};
  a.youth = {youth("r1", "A", "")};
  const Comparison c = compare_runs(a, a);
  EXPECT_TRUE(c.parameters.empty());
  EXPECT_TRUE(c.bases.empty());
  EXPECT_TRUE(c.coverage.empty());
  EXPECT_TRUE(c.assignments.empty());
  ASSERT_EQ(c.units.size(), 1u);
  EXPECT_FALSE(c.units[0].changed);
  for (const auto& d : c.units[0].delta) EXPECT_EQ(d.value_or(0.0), 0.0);
}

TEST(compare_runs, withheld_counts_and_aggregate_runs_give_no_difference) {
  RunRecords a, b;
  a.has_youth_bases = b.has_youth_bases = true;
  b.aggregate = true;
  a.units = {township("1", 10, 9, 8, 1.0)};
  UnitRecord withheld = township("1", 0, 0, 0, std::nullopt);
  withheld.figures = {};  // NULL: withheld in aggregate mode
  withheld.withheld = true;
  b.units = {withheld};
  a.youth = {youth("r1", "A", "")};
  b.youth = {youth("r1", "B", "")};
  const Comparison c = compare_runs(a, b);
  ASSERT_EQ(c.units.size(), 1u);
  for (const auto& d : c.units[0].delta) EXPECT_FALSE(d.has_value());
  EXPECT_FALSE(c.units[0].changed);  // nothing both runs published differs
  EXPECT_TRUE(c.coverage.empty());
  EXPECT_FALSE(c.assignments_published);
  EXPECT_TRUE(c.assignments.empty());
  EXPECT_FALSE(c.not_compared.empty());
}

// Aggregate mode: a difference of 1 to min_count - 1 youth is withheld; 0 and larger ones are not.
TEST(compare_runs, aggregate_mode_withholds_small_differences) {
  RunRecords a, b;
  a.aggregate = b.aggregate = true;
  a.min_count = 5;
  b.min_count = 10;  // the stricter of the two runs counts
  a.units = {township("1", 100, 90, 80, 1.0), township("2", 100, 90, 80, 2.0)};
  b.units = {township("1", 109, 90, 70, 1.0), township("2", 110, 90, 80, 2.0)};
  const Comparison c = compare_runs(a, b);
  ASSERT_EQ(c.units.size(), 2u);
  const auto youth = static_cast<std::size_t>(Figure::youth);
  const auto in_reach = static_cast<std::size_t>(Figure::in_reach);
  const auto served = static_cast<std::size_t>(Figure::served);
  EXPECT_FALSE(c.units[0].delta[youth].has_value());  // +9 < 10: withheld
  EXPECT_EQ(c.units[0].delta[in_reach], 0.0);         // no change is no count of people
  EXPECT_EQ(c.units[0].delta[served], -10.0);
  EXPECT_TRUE(c.units[0].suppressed);
  EXPECT_TRUE(c.units[0].changed);
  EXPECT_EQ(c.units[1].delta[youth], 10.0);
  EXPECT_FALSE(c.units[1].suppressed);
  // The same runs in full mode: every difference.
  a.aggregate = b.aggregate = false;
  EXPECT_EQ(compare_runs(a, b).units[0].delta[youth], 9.0);
}

}  // namespace
}  // namespace sunplan::compare
