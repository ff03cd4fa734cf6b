// The UI text: every key in both languages, and the statistics panel's header in Chinese
// (level names 省/市/县/乡镇街道, column headers), checked as strings without a display.
#include "i18n.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "stats_text.hpp"
#include "test_data.hpp"

using namespace sunplan;
using namespace sunplan::viewer;

namespace {

bool has_non_ascii(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0x80) return true;
  return false;
}

// CJK ideographs and full-width punctuation start at U+2E80: three-byte UTF-8 from 0xE2 0xBA.
// (English text may hold a "²" but never Chinese.)
bool has_cjk(const std::string& s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    const auto a = static_cast<unsigned char>(s[i]), b = static_cast<unsigned char>(s[i + 1]);
    if (a > 0xE2 || (a == 0xE2 && b >= 0xBA)) return true;
  }
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
    EXPECT_FALSE(has_cjk(e)) << "key " << k << ": " << e;
    EXPECT_TRUE(has_cjk(z)) << "key " << k << " has no Chinese text: " << z;
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
  for (const char* name : {"assignments",
                           "base_teams",
                           "bases",
                           "bases_without_team",
                           "catchment_union",
                           "catchments",
                           "gap_ranking",
                           "gaps",
                           "isochrones",
                           "pairings",
                           "problems",
                           "relay",
                           "relay_calendar",
                           "roads",
                           "run_metadata",
                           "site_catchments",
                           "site_effect",
                           "sites",
                           "siting_summary",
                           "targets",
                           "targets_townships",
                           "teams",
                           "youth",
                           "youth_grid",
                           "youth_pairing",
                           "townships",
                           "counties",
                           "cities",
                           "provinces",
                           "parameter_changes",
                           "base_changes",
                           "unit_changes",
                           "township_coverage_changes",
                           "assignment_changes"}) {
    const std::string z = zh.layer(name);
    EXPECT_NE(z, name);
    EXPECT_TRUE(has_non_ascii(z)) << name;
  }
}

TEST(I18n, DensityStringsHaveBothLanguages) {
  const I18n en(Lang::en), zh(Lang::zh);
  EXPECT_STREQ(en(Key::points), "points");
  EXPECT_STREQ(zh(Key::points), "点");
  EXPECT_STREQ(en(Key::density), "density");
  EXPECT_STREQ(zh(Key::density), "密度");
  EXPECT_STREQ(en(Key::youth_per_km2), "youth per km²");
  EXPECT_STREQ(zh(Key::youth_per_km2), "青少年/平方千米");
  // The superscript two must be in the atlas: it is in the glyph strings.
  bool squared = false;
  for (const std::string& s : I18n::all_strings()) squared |= s.find("²") != std::string::npos;
  EXPECT_TRUE(squared);
}

TEST(I18n, StageNamesMapToChineseAndUnknownPassThrough) {
  const I18n en(Lang::en), zh(Lang::zh);
  EXPECT_EQ(zh.stage("load"), "加载数据");
  EXPECT_EQ(zh.stage("distance reach"), "距离可达计算");
  EXPECT_EQ(zh.stage("served assignment"), "服务分配");
  EXPECT_EQ(zh.stage("siting: greedy"), "选址：贪心");
  EXPECT_EQ(zh.stage("siting: lagrangian bound"), "选址：拉格朗日界");
  EXPECT_EQ(zh.stage("write GeoPackage"), "写入GeoPackage");
  // "<verb> <layer>": the layer's Chinese name after the verb.
  EXPECT_EQ(zh.stage("read townships"), "读取乡镇街道");
  EXPECT_EQ(zh.stage("build gaps"), "构建服务缺口");
  EXPECT_EQ(zh.stage("read some_table"), "读取some_table");
  // Unknown names and English come back unchanged.
  EXPECT_EQ(zh.stage("frobnicate"), "frobnicate");
  EXPECT_EQ(zh.stage(""), "");
  EXPECT_EQ(zh.stage("read "), "read ");
  EXPECT_EQ(en.stage("siting: greedy"), "siting: greedy");
  EXPECT_EQ(en.stage("read townships"), "read townships");
  // Every Chinese stage name has its glyphs in the atlas list.
  const std::vector<std::string> all = I18n::all_strings();
  EXPECT_NE(std::find(all.begin(), all.end(), "选址：拉格朗日界"), all.end());
  EXPECT_NE(std::find(all.begin(), all.end(), "读取"), all.end());
}

TEST(I18n, EveryEngineStageNameHasAChineseName) {
  // The stage literals report_or_cancel is called with in engine/src ("read " + role style
  // prefixes get a layer name appended), each mapped to text with Chinese in it.
  const std::filesystem::path src = sunplan::test::source_dir() / "engine" / "src";
  if (!std::filesystem::exists(src)) GTEST_SKIP() << "no engine sources at " << src;
  const std::regex call(R"(report_or_cancel\(([^;]*?)\);)");
  const std::regex literal(R"re("([^"]*)")re");
  const I18n zh(Lang::zh);
  std::size_t stages = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(src)) {
    if (entry.path().extension() != ".cpp" && entry.path().extension() != ".hpp") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    const std::string code = text.str();
    for (std::sregex_iterator it(code.begin(), code.end(), call), end; it != end; ++it) {
      const std::string args = (*it)[1];
      std::smatch m;
      if (!std::regex_search(args, m, literal)) continue;  // a stage held in a variable
      std::string stage = m[1];
      if (!stage.empty() && stage.back() == ' ') stage += "townships";
      ++stages;
      EXPECT_TRUE(has_cjk(zh.stage(stage)))
          << entry.path().filename() << ": stage '" << stage << "' has no Chinese name";
    }
  }
  EXPECT_GT(stages, 30u);  // the scan found the engine's calls
}
