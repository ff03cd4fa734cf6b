// Text encodings (issues 13, 14). is_utf8 is a hand-written strict UTF-8 check (iconv was most of
// the time of reading a large registry); iconv's own UTF-8 decoder is its oracle, on edge cases and
// on random byte strings biased towards the lead and continuation bytes where the rules bite.
// Encodings decided by decoding: iconv is the oracle for the GBK bytes.
#include "text_encoding.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace sunplan::io {
namespace {

// glibc's iconv still takes the pre-2003 sequences above U+10FFFF (lead bytes F4 90.. to F7);
// RFC 3629 forbids them, so the oracle is iconv's verdict with those code points refused.
bool iconv_says_utf8(const std::string& s) {
  const auto decoded = decode_strict(s, "UTF-8");
  if (!decoded) return false;
  for (std::size_t i = 0; i < decoded->size(); ++i) {
    const auto c = static_cast<unsigned char>((*decoded)[i]);
    const auto next = i + 1 < decoded->size() ? static_cast<unsigned char>((*decoded)[i + 1]) : 0;
    if (c >= 0xF5 || (c == 0xF4 && next >= 0x90)) return false;
  }
  return true;
}

TEST(IsUtf8, EdgeCasesAgreeWithIconv) {
  const std::string cases[] = {
      "",
      "plain ascii",
      "四川省成都市武侯区",
      "\xC0\x80",          // overlong NUL
      "\xC2\x80",          // U+0080
      "\xE0\x80\x80",      // overlong 3-byte
      "\xE0\xA0\x80",      // U+0800
      "\xED\x9F\xBF",      // U+D7FF
      "\xED\xA0\x80",      // surrogate U+D800
      "\xEF\xBF\xBF",      // U+FFFF
      "\xF0\x8F\xBF\xBF",  // overlong 4-byte
      "\xF0\x90\x80\x80",  // U+10000
      "\xF4\x8F\xBF\xBF",  // U+10FFFF
      "\xF4\x90\x80\x80",  // above U+10FFFF
      "\xF5\x80\x80\x80",  // invalid lead
      "\xE4\xBD",          // truncated
      "\xE4\xBD\xA0\xE5",  // truncated at the end
      "\xC4\xE3\xBA\xC3",  // 你好 in GBK
      "\x80",              // lone continuation
  };
  for (const std::string& s : cases)
    EXPECT_EQ(is_utf8(s), iconv_says_utf8(s)) << testing::PrintToString(s);
}

TEST(IsUtf8, RandomBytesAgreeWithIconv) {
  std::mt19937 rng(14);
  const unsigned char interesting[] = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F,
                                       0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                       0xE4, 0xED, 0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
  std::uniform_int_distribution<int> len(0, 8), pick(0, sizeof interesting - 1), any(0, 255),
      coin(0, 3);
  int valid = 0;
  for (int t = 0; t < 200000; ++t) {
    std::string s;
    for (int i = len(rng); i > 0; --i)
      s += static_cast<char>(coin(rng) ? interesting[pick(rng)] : any(rng));
    const bool expected = iconv_says_utf8(s);
    valid += expected;
    ASSERT_EQ(is_utf8(s), expected) << testing::PrintToString(s);
  }
  EXPECT_GT(valid, 1000);  // the sample exercises both answers
}

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
