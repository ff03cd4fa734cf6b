// Layer verdicts and problem classes (sunplan/io/data_checks.hpp): hand-made layer reports and
// problem logs with known answers.
#include "sunplan/io/data_checks.hpp"

#include <gtest/gtest.h>

#include "sunplan/core/error.hpp"

namespace sunplan {
namespace {

Problem problem(Severity s, const std::string& file, const std::string& layer, std::int64_t row,
                const std::string& field, const std::string& reason) {
  Problem p;
  p.severity = s;
  p.file = file;
  p.layer = layer;
  p.row = row;
  p.field = field;
  p.reason = reason;
  return p;
}

LayerReport report(const std::string& role, std::int64_t read, std::int64_t kept,
                   std::int64_t rejected) {
  LayerReport r;
  r.role = role;
  r.layer = role;
  r.features_read = read;
  r.kept = kept;
  r.rejected = rejected;
  return r;
}

TEST(LayerVerdicts, NoRowsAllRejectedAndTooManyRejectedAreNotUsable) {
  CheckSettings s;                                                       // 1%
  const DataVerdict v = judge_layers({report("townships", 200, 199, 1),  // 0.5%: ok
                                      report("bases", 100, 98, 2),       // 2%: too many
                                      report("youth", 6035, 0, 6035),    // none kept
                                      report("teams", 0, 0, 0)},         // no rows at all
                                     s);
  ASSERT_EQ(v.layers.size(), 4u);
  EXPECT_TRUE(v.layers[0].usable);
  EXPECT_EQ(v.layers[0].verdict, "ok, 1 rows rejected (0.50%)");
  EXPECT_FALSE(v.layers[1].usable);
  EXPECT_EQ(v.layers[1].verdict,
            "NOT USABLE: 2.0% of rows rejected (more than [check] max_rejected_share = 1%)");
  EXPECT_FALSE(v.layers[2].usable);
  EXPECT_EQ(v.layers[2].verdict, "NOT USABLE: no usable rows");
  EXPECT_FALSE(v.layers[3].usable);
  EXPECT_FALSE(v.usable);
  EXPECT_NE(v.reasons.find("layer 'youth' (youth): 6035 of 6035 rows rejected, 0 kept"),
            std::string::npos)
      << v.reasons;
  // Raising the share lets the 2% layer through; exactly at the share is still usable.
  s.max_rejected_share = 0.02;
  EXPECT_TRUE(judge_layers({report("bases", 100, 98, 2)}, s).usable);
}

// A layer placed from addresses: rows not placed are held to [locate] max_unplaced_share (5%),
// the other rejected rows still to [check] max_rejected_share (1%).
TEST(LayerVerdicts, RowsNotPlacedFromAddressesHaveTheirOwnLimit) {
  auto located = [](std::int64_t read, std::int64_t rejected, std::int64_t unmatched,
                    std::int64_t ambiguous) {
    LayerReport r = report("youth", read, read - rejected, rejected);
    r.locate.used = true;
    r.locate.unmatched_total = unmatched;
    r.locate.ambiguous_total = ambiguous;
    return r;
  };
  const CheckSettings s;
  // 4 of 100 not placed (3 unmatched, 1 ambiguous), nothing else rejected: usable.
  DataVerdict v = judge_layers({located(100, 4, 3, 1)}, s);
  EXPECT_TRUE(v.usable);
  EXPECT_EQ(v.layers[0].verdict,
            "ok, 4 rows rejected (4.00%), 4 of them not placed from their address");
  // 6 of 100 not placed: over 5%.
  v = judge_layers({located(100, 6, 6, 0)}, s);
  EXPECT_FALSE(v.usable);
  EXPECT_EQ(v.layers[0].verdict,
            "NOT USABLE: 6.0% of rows not placed from their address (more than [locate] "
            "max_unplaced_share = 5%)");
  // 4 not placed and 2 rejected for other reasons: the 2% of other rejections is too many.
  v = judge_layers({located(100, 6, 4, 0)}, s);
  EXPECT_FALSE(v.usable);
  EXPECT_EQ(v.layers[0].verdict,
            "NOT USABLE: 2.0% of rows rejected (more than [check] max_rejected_share = 1%)");
  // The same numbers in a layer not placed from addresses: all 4 count as rejections.
  EXPECT_FALSE(judge_layers({report("youth", 100, 96, 4)}, s).usable);
}

// A mapped optional field most of whose values cannot be read (every category garbled): the
// rows are kept with the field unknown, but the layer is not usable; single bad values are fine.
TEST(LayerVerdicts, AFieldMostlyUnreadableMakesTheLayerNotUsable) {
  auto youth = [](std::int64_t values, std::int64_t unreadable) {
    LayerReport r = report("youth", 751, 751, 0);
    r.optional_fields = {{"age", "年龄", 751, 0}, {"category", "残疾类别", values, unreadable}};
    return r;
  };
  CheckSettings s;  // 50%
  DataVerdict v = judge_layers({youth(751, 751)}, s);
  EXPECT_FALSE(v.usable);
  EXPECT_EQ(v.layers[0].verdict,
            "NOT USABLE: 751 of 751 values of field 'category' (column '残疾类别') cannot be read "
            "(more than [check] max_unreadable_share = 50%): a wrong column or encoding? Map "
            "another column, remove the mapping, or fix the values");
  EXPECT_NE(v.reasons.find("layer 'youth' (youth): 0 of 751 rows rejected, 751 kept — 751 of 751"),
            std::string::npos)
      << v.reasons;
  // Half exactly is still usable; one more is not.
  EXPECT_TRUE(judge_layers({youth(10, 5)}, s).usable);
  EXPECT_FALSE(judge_layers({youth(10, 6)}, s).usable);
  // Three bad categories of 751: warnings only.
  v = judge_layers({youth(751, 3)}, s);
  EXPECT_TRUE(v.usable);
  EXPECT_EQ(v.layers[0].verdict, "ok");
  // Raised to 1, even a field no value of which can be read is let through.
  s.max_unreadable_share = 1.0;
  EXPECT_TRUE(judge_layers({youth(751, 751)}, s).usable);
}

TEST(LayerVerdicts, RequireUsableNamesTheCommonestRejection) {
  ProblemLog log;
  for (int row = 1; row <= 3; ++row)
    log.add(problem(Severity::rejected, "y.csv", "youth", row, "cat",
                    "count '" + std::to_string(-row) + "' is not a whole number >= 0"));
  log.add(problem(Severity::rejected, "y.csv", "youth", 4, "", "no geometry"));
  const DataVerdict v = judge_layers({report("youth", 4, 0, 4)}, CheckSettings{});
  try {
    require_usable(v, log);
    FAIL();
  } catch (const InputError& e) {
    EXPECT_EQ(e.code(), ExitCode::input);
    const std::string what = e.what();
    EXPECT_NE(what.find("most rejections (3 rows): rejected: file 'y.csv', layer 'youth', row 1, "
                        "field 'cat': count '-1' is not a whole number >= 0"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("raise [check] max_rejected_share"), std::string::npos);
  }
}

TEST(ProblemClasses, GroupsByLayerSeverityFieldAndReasonWithoutValues) {
  ProblemLog log;
  log.add(problem(Severity::rejected, "y.csv", "youth", 1, "cat", "category '肢体' is not 1..7"));
  log.add(problem(Severity::warning, "b.csv", "bases", 9, "", "1.5 km outside the admin extent"));
  log.add(problem(Severity::rejected, "y.csv", "youth", 2, "cat", "category '视力' is not 1..7"));
  log.add(problem(Severity::rejected, "y.csv", "youth", 3, "age", "category '视力' is not 1..7"));
  log.add(
      problem(Severity::warning, "b.csv", "bases", 12, "", "30.25 km outside the admin extent"));
  log.add(problem(Severity::rejected, "y.csv", "youth", 4, "cat", "category '言语' is not 1..7"));
  const auto classes = problem_classes(log);
  ASSERT_EQ(classes.size(), 3u);
  EXPECT_EQ(classes[0].count, 3);
  EXPECT_EQ(classes[0].pattern, "category '…' is not N");
  EXPECT_EQ(classes[0].example.row, 1);  // the first seen
  // Rows lost come before warnings, however many warnings there are.
  EXPECT_EQ(classes[1].field, "age");
  EXPECT_EQ(classes[2].count, 2);
  EXPECT_EQ(classes[2].pattern, "N km outside the admin extent");
}

TEST(ProblemClasses, RepairedTextBeforeTheWarningsItCauses) {
  ProblemLog log;
  for (int row = 1; row <= 5; ++row)
    log.add(problem(Severity::warning, "y.csv", "youth", row, "cat",
                    "category 'x' is not a disability category"));
  for (int row = 1; row <= 3; ++row)
    log.add(problem(Severity::repaired, "y.csv", "youth", row, "cat",
                    "text is not valid UTF-8; it decodes as GB18030: set encoding"));
  log.add(
      problem(Severity::warning, "y.csv", "youth", -1, "", "CSV has no CRS; assumed EPSG:4326"));
  const auto classes = problem_classes(log);
  ASSERT_EQ(classes.size(), 3u);
  EXPECT_EQ(classes[0].severity, Severity::repaired);
  // Digits that are part of a name are kept in the pattern.
  EXPECT_EQ(classes[0].pattern, "text is not valid UTF-8; it decodes as GB18030: set encoding");
  EXPECT_EQ(classes[1].count, 5);
  EXPECT_EQ(classes[2].pattern, "CSV has no CRS; assumed EPSG:4326");
}

}  // namespace
}  // namespace sunplan
