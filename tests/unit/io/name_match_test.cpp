// Expected names worked by hand: each drops exactly the marks name_match.hpp lists and
// lower-cases ASCII letters only.
#include "sunplan/io/name_match.hpp"

#include <gtest/gtest.h>

namespace sunplan::io {

TEST(NameMatch, AsciiLowerLeavesOtherBytes) {
  EXPECT_EQ(ascii_lower("Village_NAME.SHP"), "village_name.shp");
  EXPECT_EQ(ascii_lower("经度 Lon"), "经度 lon");
  EXPECT_EQ(ascii_lower(""), "");
}

TEST(NameMatch, LooseDropsCaseSpacesUnderscoresHyphensAndBrackets) {
  EXPECT_EQ(loose("Village_Name"), "villagename");
  EXPECT_EQ(loose(" village-name "), "villagename");
  EXPECT_EQ(loose("Count (2024)"), "count2024");
  EXPECT_EQ(loose("村（社区）"), "村社区");
  EXPECT_EQ(loose("村(社区)"), loose("村 社区"));
  EXPECT_EQ(loose("X坐标"), "x坐标");
}

TEST(NameMatch, LooseKeepsTheEnumerationCommaLooseListDropsIt) {
  EXPECT_EQ(loose("乡镇、街道"), "乡镇、街道");
  EXPECT_EQ(loose_list("乡镇、街道"), "乡镇街道");
  EXPECT_EQ(loose_list("村、社区（居委会）"), "村社区居委会");
  EXPECT_EQ(loose_list("Town_Name"), loose("Town_Name"));
}

TEST(NameMatch, OtherPunctuationAndDotsStay) {
  EXPECT_EQ(loose("a.b"), "a.b");
  EXPECT_EQ(loose("省/市"), "省/市");
  EXPECT_EQ(loose("【区县】"), "【区县】");
}

}  // namespace sunplan::io
