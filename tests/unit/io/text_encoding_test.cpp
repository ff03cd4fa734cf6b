// Encodings decided by decoding (issue 13): iconv is the oracle for the GBK bytes.
#include "text_encoding.hpp"

#include <gtest/gtest.h>

namespace sunplan::io {
namespace {

std::string gbk(const std::string& utf8) {
  return encode_strict(utf8, "GBK").value();
}

TEST(CheckText, ShortGbkThatHappensToBeValidUtf8IsStillGbk) {
  // 状态 in GBK is D7 B4 CC AC: two valid 2-byte UTF-8 sequences (U+05F4, U+032C), no Chinese.
  const std::string raw = gbk("状态");
  ASSERT_EQ(raw, "\xD7\xB4\xCC\xAC");
  ASSERT_TRUE(is_utf8(raw));
  EXPECT_EQ(check_text(raw, "GBK").kind, TextVerdict::Kind::ok);
  EXPECT_EQ(decode_strict(raw, "GBK").value(), "状态");
}

TEST(CheckText, Utf8ChineseReadAsGbkIsReportedAsUtf8) {
  const TextVerdict v = check_text("视力残疾", "GBK");
  EXPECT_EQ(v.kind, TextVerdict::Kind::utf8_read_as_other);
  EXPECT_EQ(v.likely, "UTF-8");
}

TEST(CheckText, GbkReadAsUtf8NamesGbk) {
  const TextVerdict v = check_text(gbk("阵地名称"), "");
  EXPECT_EQ(v.kind, TextVerdict::Kind::undecodable);
  EXPECT_EQ(v.likely, "GBK");
}

}  // namespace
}  // namespace sunplan::io
