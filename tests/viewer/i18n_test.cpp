// The UI text: every key in both languages, and the statistics panel's header in Chinese
// (level names 省/市/县/乡镇街道, column headers), checked as strings without a display.
#include "i18n.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "stats_text.hpp"

using namespace sunplan;
using namespace sunplan::viewer;

namespace {

bool has_non_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

bool has_ascii_letter(const std::string& s) {
  for (unsigned char c : s)
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  return false;
}

}  // namespace

TEST(I18n, EveryKeyHasBothLanguages) {
  const I18n en(Lang::en), zh(Lang::zh);
  for (int k = 0; k < static_cast<int>(Key::count_); ++k) {
    const Key key = static_cast<Key>(k);
    // A key added without its entry reads as nullptr (the table is value-initialised).
    ASSERT_NE(en(key), nullptr) << "key " << k;
    ASSERT_NE(zh(key), nullptr) << "key " << k;
    const std::string e = en(key), z = zh(key);
    EXPECT_FALSE(e.empty()) << "key " << k;
    EXPECT_FALSE(has_non_ascii(e)) << "key " << k << ": " << e;
    EXPECT_TRUE(has_non_ascii(z)) << "key " << k << " has no Chinese text: " << z;
    EXPECT_NE(e, z) << "key " << k;
  }
  // The glyph ranges are built from all_strings: every entry is in it.
  const std::vector<std::string> all = I18n::all_strings();
  for (int k = 0; k < static_cast<int>(Key::count_); ++k)
    EXPECT_NE(std::find(all.begin(), all.end(), zh(static_cast<Key>(k))), all.end()) << k;
  EXPECT_NE(std::find(all.begin(), all.end(), "温馨家园"), all.end());
  // The statistics line's full-width colon must have a glyph too (it once drew as '?').
  bool colon = false;
  for (const std::string& s : all) colon |= s.find("：") != std::string::npos;
  EXPECT_TRUE(colon);
}

TEST(I18n, LevelNamesInBothLanguages) {
  const I18n en(Lang::en), zh(Lang::zh);
  EXPECT_STREQ(zh.level(AdminLevel::province), "省");
  EXPECT_STREQ(zh.level(AdminLevel::city), "市");
  EXPECT_STREQ(zh.level(AdminLevel::county), "县");
  EXPECT_STREQ(zh.level(AdminLevel::township), "乡镇街道");
  EXPECT_STREQ(en.level(AdminLevel::province), "Province");
  EXPECT_STREQ(en.level(AdminLevel::township), "Township");
  EXPECT_EQ(zh.base_type("warm_home"), "温馨家园");
  EXPECT_EQ(zh.base_type("rehab"), "康复中心");
  EXPECT_EQ(en.base_type("warm_home"), "warm home");
  EXPECT_EQ(zh.base_type("not_a_type"), "not_a_type");
}

TEST(StatisticsText, ChineseHeaderHasNoEnglishLeft) {
  scene::StatTable t;
  t.level = AdminLevel::county;
  t.parent_code = "4301";
  t.fields = {"youth", "served", "unserved"};
  const StatsText zh = statistics_text(I18n(Lang::zh), t);
  EXPECT_EQ(zh.level_line, "层级：县 4301");
  const std::vector<std::string> want = {"名称",   "代码",   "单元数", "青少年数",
                                         "已服务", "未服务", "服务率"};
  EXPECT_EQ(zh.columns, want);
  for (const std::string& c : zh.columns) EXPECT_FALSE(has_ascii_letter(c)) << c;

  const StatsText en = statistics_text(I18n(Lang::en), t);
  EXPECT_EQ(en.level_line, "Level: County 4301");
  const std::vector<std::string> want_en = {"Name",   "Code",     "Units", "youth",
                                            "served", "unserved", "Rate"};
  EXPECT_EQ(en.columns, want_en);

  t.level = AdminLevel::province;
  t.parent_code.clear();
  EXPECT_EQ(statistics_text(I18n(Lang::zh), t).level_line, "层级：省");
  t.level = AdminLevel::township;
  t.parent_code = "430189";
  EXPECT_EQ(statistics_text(I18n(Lang::zh), t).level_line, "层级：乡镇街道 430189");
}

TEST(I18n, EveryResultLayerHasAChineseName) {
  // The layers `sunplan run` writes (engine/src/pipeline, docs/outputs.md).
  const I18n zh(Lang::zh);
  for (const char* name :
       {"assignments",     "base_teams",     "bases",           "bases_without_team",
        "catchment_union", "catchments",     "gap_ranking",     "gaps",
        "isochrones",      "pairings",       "problems",        "relay",
        "roads",           "run_metadata",   "site_catchments", "site_effect",
        "sites",           "siting_summary", "targets",         "targets_townships",
        "teams",           "youth",          "youth_grid",      "youth_pairing",
        "townships",       "counties",       "cities",          "provinces"}) {
    const std::string z = zh.layer(name);
    EXPECT_NE(z, name);
    EXPECT_TRUE(has_non_ascii(z)) << name;
  }
}
