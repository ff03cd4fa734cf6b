#include "sunplan/io/admin_hierarchy.hpp"

#include <gtest/gtest.h>

namespace sunplan {
namespace {

TEST(DivisionCode, NormalisesAndClassifiesByLength) {
  EXPECT_EQ(normalize_division_code("310101002000"), "310101002");     // township's 12-digit code
  EXPECT_EQ(normalize_division_code("310101002001"), "310101002001");  // a village
  EXPECT_EQ(normalize_division_code(" 310101 "), "310101");
  EXPECT_EQ(normalize_division_code("310101002.0"), "310101002");
  EXPECT_EQ(normalize_division_code("3101010"), "");
  EXPECT_EQ(normalize_division_code("3101.01002"),
            "");  // not a real-valued code: digits after the point
  EXPECT_EQ(normalize_division_code("31a101"), "");
  EXPECT_EQ(level_of_code("31"), AdminLevel::province);
  EXPECT_EQ(level_of_code("3101"), AdminLevel::city);
  EXPECT_EQ(level_of_code("310101"), AdminLevel::county);
  EXPECT_EQ(level_of_code("310101002"), AdminLevel::township);
  EXPECT_EQ(code_prefix("310101002", AdminLevel::city), "3101");
}

TownshipInput township(const std::string& code, const std::string& name) {
  TownshipInput t;
  t.unit.code = code;
  t.unit.name = name;
  return t;
}

TEST(Hierarchy, BuildsParentsFromCodePrefixes) {
  std::vector<TownshipInput> towns = {township("310115004", "潍坊新村街道"),
                                      township("310101002", "南京东路街道"),
                                      township("320102001", "玄武门街道")};
  std::map<std::string, UpperUnitInput> upper;
  upper["310115"] = {"浦东新区", {}, 3};
  const AdminUnits u = build_hierarchy(towns, upper);
  // 2 provinces + 2 cities + 3 counties + 3 townships.
  ASSERT_EQ(u.units.size(), 10u);
  ASSERT_EQ(u.townships.size(), 3u);
  const AdminUnit& t0 = u.units[static_cast<std::size_t>(u.townships[0])];
  EXPECT_EQ(t0.code, "310115004");
  const auto county = u.ancestor(u.townships[0], AdminLevel::county);
  EXPECT_EQ(u.units[static_cast<std::size_t>(county)].name, "浦东新区");
  EXPECT_EQ(
      u.units[static_cast<std::size_t>(u.ancestor(u.townships[2], AdminLevel::province))].code,
      "32");
  EXPECT_EQ(u.units[static_cast<std::size_t>(u.ancestor(u.townships[1], AdminLevel::city))].code,
            "3101");
  // Parents precede children.
  for (std::size_t i = 0; i < u.units.size(); ++i) {
    if (u.units[i].parent != kNone) {
      EXPECT_LT(static_cast<std::size_t>(u.units[i].parent), i);
    }
  }
}

TEST(UrbanRural, RulesOnHandMadeCases) {
  std::vector<TownshipInput> towns = {
      township("310101001", "外滩街道"),  // name: urban
      township("310101002", "某某镇"),    // villages: 3 of 4 urban -> urban
      township("310101003", "另一镇"),    // name: 镇 -> rural by default
      township("310101004", "某乡"),      // name: rural
      township("310101005", "金山街道"),  // explicit rural beats the name
      township("310101006", "苏木"),      // 苏木: rural
      township("310101007", "农场"),      // no rule applies
      township("310101008", "沿江镇"),    // urban_share 0.4 < 0.5 -> rural
  };
  towns[4].explicit_class = UrbanRural::rural;
  towns[7].urban_share = 0.4;
  std::map<std::string, VillageCounts> villages;
  villages["310101002"] = {3, 1};
  AdminUnits u = build_hierarchy(towns, {});
  UrbanRuralOptions opts;
  classify_urban_rural(u, towns, villages, opts);
  auto cls = [&](int k) {
    return u.units[static_cast<std::size_t>(u.townships[static_cast<std::size_t>(k)])];
  };
  EXPECT_EQ(cls(0).urban_rural, UrbanRural::urban);
  EXPECT_EQ(cls(0).urban_rule, "name suffix 街道");
  EXPECT_EQ(cls(1).urban_rural, UrbanRural::urban);
  EXPECT_EQ(cls(1).urban_rule, "villages: 3 of 4 urban (share 0.75 >= 0.50)");
  EXPECT_EQ(cls(2).urban_rural, UrbanRural::rural);
  EXPECT_EQ(cls(3).urban_rural, UrbanRural::rural);
  EXPECT_EQ(cls(4).urban_rural, UrbanRural::rural);
  EXPECT_EQ(cls(4).urban_rule, "explicit field");
  EXPECT_EQ(cls(5).urban_rural, UrbanRural::rural);
  EXPECT_EQ(cls(6).urban_rural, UrbanRural::unknown);
  EXPECT_EQ(cls(7).urban_rural, UrbanRural::rural);

  // Only the name rule: the village counts and the explicit field are ignored.
  opts.rule = UrbanRuralRule::name;
  opts.town_is_urban_by_name = true;
  classify_urban_rural(u, towns, villages, opts);
  EXPECT_EQ(cls(1).urban_rural, UrbanRural::urban);
  EXPECT_EQ(cls(1).urban_rule, "name suffix 镇 (town_by_name = urban)");
  EXPECT_EQ(cls(4).urban_rural, UrbanRural::urban);  // 街道 by name now
  // A higher share threshold turns the 3-of-4 township rural.
  opts.rule = UrbanRuralRule::villages;
  opts.share_threshold = 0.8;
  classify_urban_rural(u, towns, villages, opts);
  EXPECT_EQ(cls(1).urban_rural, UrbanRural::rural);
}

}  // namespace
}  // namespace sunplan
