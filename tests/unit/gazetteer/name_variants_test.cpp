#include "sunplan/gazetteer/name_variants.hpp"

#include <gtest/gtest.h>

#include <map>

#include "sunplan/gazetteer/text.hpp"

namespace sunplan::gazetteer {

namespace {

// The variants as "key:kind" in UTF-8, sorted, for readable expectations.
std::map<std::string, std::string> variants(const std::string& name, AdminLevel level,
                                            const std::vector<std::string>& parents = {}) {
  std::vector<std::u32string> p;
  for (const auto& s : parents) p.push_back(match_text(s));
  std::map<std::string, std::string> out;
  for (const NameVariant& v : name_variants(name, level, p))
    out[encode_utf8(v.key)] = to_string(v.kind);
  return out;
}

using M = std::map<std::string, std::string>;

}  // namespace

// Each expectation is the suffix table of docs/registries.md applied by hand.
TEST(NameVariants, Provinces) {
  EXPECT_EQ(variants("四川省", AdminLevel::province), (M{{"四川省", "full"}, {"四川", "stem"}}));
  EXPECT_EQ(variants("广西壮族自治区", AdminLevel::province),
            (M{{"广西壮族自治区", "full"}, {"广西", "stem"}}));
  EXPECT_EQ(variants("北京市", AdminLevel::province), (M{{"北京市", "full"}, {"北京", "stem"}}));
}

TEST(NameVariants, CitiesAndAutonomousPrefectures) {
  EXPECT_EQ(variants("成都市", AdminLevel::city), (M{{"成都市", "full"}, {"成都", "stem"}}));
  EXPECT_EQ(variants("凉山彝族自治州", AdminLevel::city),
            (M{{"凉山彝族自治州", "full"}, {"凉山州", "typed"}, {"凉山", "stem"}}));
  EXPECT_TRUE(variants("市辖区", AdminLevel::city).empty());
  EXPECT_TRUE(variants("省直辖县级行政区划", AdminLevel::city).empty());
}

TEST(NameVariants, Counties) {
  EXPECT_EQ(variants("武侯区", AdminLevel::county), (M{{"武侯区", "full"}, {"武侯", "stem"}}));
  EXPECT_EQ(variants("都江堰市", AdminLevel::county),
            (M{{"都江堰市", "full"}, {"都江堰", "stem"}}));
  EXPECT_EQ(variants("峨边彝族自治县", AdminLevel::county),
            (M{{"峨边彝族自治县", "full"}, {"峨边县", "typed"}, {"峨边", "stem"}}));
  EXPECT_EQ(variants("沛县", AdminLevel::county), (M{{"沛县", "full"}}));  // no 1-character stem
}

TEST(NameVariants, Townships) {
  EXPECT_EQ(variants("玉林街道办事处", AdminLevel::township), (M{{"玉林街道办事处", "full"},
                                                                 {"玉林街道", "typed"},
                                                                 {"玉林街办", "typed"},
                                                                 {"玉林办事处", "typed"},
                                                                 {"玉林", "stem"}}));
  EXPECT_EQ(variants("灌口镇", AdminLevel::township), (M{{"灌口镇", "full"}, {"灌口", "stem"}}));
  EXPECT_EQ(variants("西定哈尼族布朗族乡", AdminLevel::township),
            (M{{"西定哈尼族布朗族乡", "full"}, {"西定乡", "typed"}, {"西定", "stem"}}));
  // The county's name in front is cut off as well.
  EXPECT_EQ(variants("红寺堡区柳泉乡", AdminLevel::township, {"红寺堡区"}),
            (M{{"红寺堡区柳泉乡", "full"},
               {"红寺堡区柳泉", "stem"},
               {"柳泉乡", "full"},
               {"柳泉", "stem"}}));
}

TEST(NameVariants, Villages) {
  EXPECT_EQ(variants("北路社区居民委员会", AdminLevel::village), (M{{"北路社区居民委员会", "full"},
                                                                    {"北路社区", "typed"},
                                                                    {"北路社区居委会", "typed"},
                                                                    {"北路", "stem"}}));
  EXPECT_EQ(variants("张庄村民委员会", AdminLevel::village), (M{{"张庄村民委员会", "full"},
                                                                {"张庄村", "typed"},
                                                                {"张庄村委会", "typed"},
                                                                {"张庄", "stem"}}));
  // 新村 of 新村村委会 ends in 村: a complete name, not a bare stem.
  EXPECT_EQ(variants("新村村委会", AdminLevel::village), (M{{"新村村委会", "full"},
                                                            {"新村村", "typed"},
                                                            {"新村村民委员会", "typed"},
                                                            {"新村", "typed"}}));
  EXPECT_EQ(variants("东街居委会", AdminLevel::village), (M{{"东街居委会", "full"},
                                                            {"东街社区", "typed"},
                                                            {"东街居民委员会", "typed"},
                                                            {"东街", "stem"}}));
  // Parentheses: with and without their content.
  EXPECT_EQ(variants("三岔村（虚拟）", AdminLevel::village).count("三岔村"), 1u);
  // A township's name cut from the front must leave a name, not a bare type word.
  EXPECT_EQ(variants("东海镇村委会", AdminLevel::village, {"东海镇"}).count("村委会"), 0u);
}

}  // namespace sunplan::gazetteer
