// Expected keys worked by hand from the Unicode tables: U+FF39 FULLWIDTH LATIN CAPITAL Y and
// U+FF10/U+FF11 FULLWIDTH DIGITs have NFKC forms Y, 0, 1; NBSP (U+00A0) and the ideographic
// space (U+3000) are Zs with compatibility form U+0020; U+200B ZERO WIDTH SPACE and U+FEFF
// are format characters; case folding maps Y to y.
#include "sunplan/io/id_key.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace sunplan::io {

TEST(IdKey, WidthSpacesAndInvisibleCharactersAreSetAside) {
  EXPECT_EQ(id_key("Y001"), "Y001");
  EXPECT_EQ(id_key("\xEF\xBC\xB9\xEF\xBC\x90\xEF\xBC\x90\xEF\xBC\x91"), "Y001");  // full-width Y001
  EXPECT_EQ(id_key(" Y001\xC2\xA0"), "Y001");                                     // space, NBSP
  EXPECT_EQ(id_key("\xE3\x80\x80Y001"), "Y001");                                  // U+3000
  EXPECT_EQ(id_key("Y0\xE2\x80\x8B"
                   "01"),
            "Y001");                              // U+200B
  EXPECT_EQ(id_key("\xEF\xBB\xBFY001"), "Y001");  // U+FEFF
  EXPECT_EQ(id_key("Y 001"), "Y 001");            // a space inside is part of the id
  EXPECT_EQ(id_key("张三-01"), "张三-01");
}

TEST(IdKey, CaseIsALookAlikeNotTheSameId) {
  EXPECT_NE(id_key("y001"), id_key("Y001"));
  EXPECT_EQ(id_fold("y001"), id_fold("\xEF\xBC\xB9"
                                     "001"));
}

TEST(IdKey, InvalidUtf8IsComparedAsItIs) {
  const std::string gbk = "\xD5\xC5\xC8\xFD";  // 张三 in GBK: not UTF-8
  EXPECT_EQ(id_key(gbk), gbk);
}

// Visible ASCII ids take a shortcut past utf8proc; the oracle is utf8proc's own answer for the
// same id with an invisible character added (which the shortcut does not take and strips).
TEST(IdKey, PlainAsciiIdsGetUtf8procsAnswer) {
  std::string all;
  for (char c = '!'; c <= '~'; ++c) all += c;
  std::vector<std::string> ids = {all, "Y0000001", "b1", "B1", "r123", "T-09_x", "A"};
  std::mt19937 rng(3);
  for (int k = 0; k < 500; ++k) {
    std::string s;
    for (std::size_t n = 1 + rng() % 12; n > 0; --n) s += static_cast<char>('!' + rng() % 94);
    ids.push_back(s);
  }
  for (const std::string& id : ids) {
    SCOPED_TRACE(id);
    const std::string slow = id + "\xE2\x80\x8B";  // U+200B ZERO WIDTH SPACE: utf8proc's path
    EXPECT_EQ(id_key(id), id_key(slow));
    EXPECT_EQ(id_fold(id), id_fold(slow));
  }
  EXPECT_EQ(id_fold("AbZ9"), "abz9");
  EXPECT_EQ(id_key("AbZ9"), "AbZ9");
}

}  // namespace sunplan::io
