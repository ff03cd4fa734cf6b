#include "sunplan/pipeline/disclosure_ledger.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "sunplan/core/error.hpp"
#include "sunplan/pipeline/disclosure_audit.hpp"

namespace sunplan {
namespace {

using Cell = CellSuppression::Cell;

// One output's system: a group and a keyed cell per figure.
struct Output {
  CellSuppression s{5};
  std::vector<std::string> keys;
  std::map<std::string, Cell> cell;
  std::map<std::string, CellSuppression::Group> group;
  void add(const std::string& key, double value) {
    group[key] = s.add_group();
    cell[key] = s.add_cell(value, group[key]);
    keys.resize(s.cell_count());
    keys[cell[key]] = key;
  }
  void relation(const std::string& total, const std::vector<std::string>& parts) {
    std::vector<Cell> p;
    for (const auto& k : parts) p.push_back(cell.at(k));
    s.add_relation(cell.at(total), p);
    keys.resize(s.cell_count());
  }
  bool hidden(const std::string& key) const { return s.group_hidden(group.at(key)); }
  PublishedSystem view() const {
    const auto layers = ledger_layers(s, keys);
    PublishedSystem p = published_system(layers[0], layers[1]);
    p.file = "prev.gpkg";
    return p;
  }
};

// What an attacker holding every view works out about `key`: the views alone (no value of
// a withheld cell) joined in one system, the cell watched, its interval by the audit's LP.
CellInterval attacker(const std::vector<PublishedSystem>& views, const std::string& key) {
  CellSuppression s(5);
  std::vector<std::string> keys;
  for (const auto& v : views) merge_published(s, keys, v);
  for (const CellInterval& i : audit_intervals(s, nullptr, nullptr, false))
    if (keys[i.cell] == key) return i;
  ADD_FAILURE() << key << " is not a withheld cell of the views";
  return {};
}

// A county of 157 youth: A 2, B 30, X 35, Y 50, C 40 (the same figures in both outputs).
void county(Output& o) {
  for (const auto& [k, v] : std::vector<std::pair<std::string, double>>{
           {"T", 157}, {"A", 2}, {"B", 30}, {"X", 35}, {"Y", 50}, {"C", 40}})
    o.add(k, v);
  o.relation("T", {"A", "B", "X", "Y", "C"});
}

TEST(DisclosureLedger, TwoOutputsTogetherGiveBackASmallCountAndTheMergedPlanDoesNot) {
  // PREV withholds X and Y for figures of its own, so A (primary) needs no complement there.
  Output prev;
  county(prev);
  prev.s.hide_group(prev.group["X"], CellSuppression::Step::complement);
  prev.s.hide_group(prev.group["Y"], CellSuppression::Step::complement);
  protect(prev.s);
  ASSERT_TRUE(prev.hidden("A") && !prev.hidden("B") && !prev.hidden("C"));
  // This run alone withholds A and its smallest complement, B.
  Output alone;
  county(alone);
  protect(alone.s);
  ASSERT_TRUE(alone.hidden("A") && alone.hidden("B") && !alone.hidden("X") && !alone.hidden("Y"));
  // Each view alone keeps A in [0, 5+]; together 157 - 30 - 40 - 35 - 50 = 2 exactly.
  EXPECT_TRUE(interval_protects(attacker({prev.view()}, "A"), 5));
  EXPECT_TRUE(interval_protects(attacker({alone.view()}, "A"), 5));
  const CellInterval leak = attacker({prev.view(), alone.view()}, "A");
  EXPECT_DOUBLE_EQ(leak.lo, 2.0);
  EXPECT_DOUBLE_EQ(leak.hi, 2.0);
  // Planned with PREV's view: X and Y stay withheld here too, B is known from PREV.
  Output merged;
  county(merged);
  PublishedMerge m = merge_published(merged.s, merged.keys, prev.view());
  protect(merged.s, true, m.watch());
  EXPECT_TRUE(merged.hidden("A") && merged.hidden("X") && merged.hidden("Y"));
  EXPECT_EQ(m.forced, 3u);  // A, X, Y: taken over before this run's own rules run
  const CellInterval held = attacker({prev.view(), merged.view()}, "A");
  EXPECT_DOUBLE_EQ(held.lo, 0.0);
  EXPECT_GE(held.hi, 5.0);  // A + X + Y = 157 - 30 - 40 = 87
  EXPECT_DOUBLE_EQ(held.hi, 87.0);
}

TEST(DisclosureLedger, AWithheldCountOfTheEarlierOutputStaysAsWideAsTheRuleAsks) {
  // PREV: T 13 = g 3 (withheld, small) + S 10 (withheld): g in [0, 13] from PREV alone.
  Output prev;
  prev.add("T", 13);
  prev.add("g", 3);
  prev.add("S", 10);
  prev.relation("T", {"g", "S"});
  protect(prev.s);
  ASSERT_TRUE(prev.hidden("g") && prev.hidden("S") && !prev.hidden("T"));
  // This run: U 12 = S 10 + n 2; alone it withholds n and S and publishes U. Together with
  // PREV, g = T - S = 13 - (12 - n) = 1 + n: the attacker knows g >= 1 (someone is there).
  auto run = [](Output& o) {
    o.add("U", 12);
    o.add("S", 10);
    o.add("n", 2);
    o.relation("U", {"S", "n"});
  };
  Output alone;
  run(alone);
  protect(alone.s);
  ASSERT_TRUE(alone.hidden("n") && alone.hidden("S") && !alone.hidden("U"));
  const CellInterval leak = attacker({prev.view(), alone.view()}, "g");
  EXPECT_DOUBLE_EQ(leak.lo, 1.0);
  // Merged without the watch (g's value is not known here, so no rule asks for it): U stays.
  Output blind;
  run(blind);
  merge_published(blind.s, blind.keys, prev.view());
  protect(blind.s);
  EXPECT_FALSE(blind.hidden("U"));
  // With it: g passed in PREV alone, so it must pass together; U is withheld.
  Output merged;
  run(merged);
  PublishedMerge m = merge_published(merged.s, merged.keys, prev.view());
  protect(merged.s, true, m.watch());
  EXPECT_TRUE(merged.hidden("U"));
  const CellInterval held = attacker({prev.view(), merged.view()}, "g");
  EXPECT_DOUBLE_EQ(held.lo, 0.0);
  EXPECT_DOUBLE_EQ(held.hi, 13.0);
}

TEST(DisclosureLedger, AValuePublishedOtherwiseIsRefused) {
  Output prev;
  prev.add("T", 13);
  Output other;
  other.add("T", 14);
  EXPECT_THROW(merge_published(other.s, other.keys, prev.view()), InputError);
}

}  // namespace
}  // namespace sunplan
