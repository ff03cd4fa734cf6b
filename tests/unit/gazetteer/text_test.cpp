#include "sunplan/gazetteer/text.hpp"

#include <gtest/gtest.h>

namespace sunplan::gazetteer {

TEST(MatchText, FoldsWidthCaseSpacesAndPunctuation) {
  EXPECT_EQ(match_text("四川省 成都市（武侯区）１２号"), U"四川省成都市武侯区12号");
  EXPECT_EQ(match_text("成都市，武侯区、玉林街道；Ａ座-3栋"), U"成都市武侯区玉林街道a座3栋");
  EXPECT_EQ(match_text("“玉林”　北路…社区·12#"), U"玉林北路社区12");
  EXPECT_EQ(match_text(""), U"");
}

TEST(MatchText, InvalidUtf8IsDroppedNotFatal) {
  // A GBK byte pair read as UTF-8 (0xB3 0xC9 = 成 in GBK) becomes U+FFFD, which is dropped.
  EXPECT_EQ(match_text(std::string("\xB3\xC9") + "都"), U"都");
  EXPECT_EQ(decode_utf8(std::string("a\xE6\x88")), (std::u32string{U'a', 0xFFFD, 0xFFFD}));
}

TEST(MatchText, RoundTripsThroughUtf8) {
  const std::u32string t = U"阳光行动 𠀀 a1";
  EXPECT_EQ(decode_utf8(encode_utf8(t)), t);
}

TEST(FullwidthCell, OnlyWholeCellsOfFullwidthAsciiChange) {
  EXPECT_EQ(fullwidth_cell_to_ascii("２０２４－０１－０１"), "2024-01-01");
  EXPECT_EQ(fullwidth_cell_to_ascii("５１０１０７０１２"), "510107012");
  EXPECT_EQ(fullwidth_cell_to_ascii(" ３５ "), " 35 ");
  EXPECT_EQ(fullwidth_cell_to_ascii("幸福家园２号"),
            "幸福家园２号");  // a name keeps its characters
  EXPECT_EQ(fullwidth_cell_to_ascii("12"), "12");
  EXPECT_EQ(fullwidth_cell_to_ascii("１２：３０"), "12:30");
  // Letters are not numbers: an id typed 'ｂ1' must stay distinct from 'b1' (look-alike check).
  EXPECT_EQ(fullwidth_cell_to_ascii("ｂ1"), "ｂ1");
  EXPECT_EQ(fullwidth_cell_to_ascii("ＡＢＣ"), "ＡＢＣ");
}

}  // namespace sunplan::gazetteer
