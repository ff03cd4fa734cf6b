// Expected keys worked by hand from the Unicode tables: U+FF39 FULLWIDTH LATIN CAPITAL Y and
// U+FF10/U+FF11 FULLWIDTH DIGITs have NFKC forms Y, 0, 1; NBSP (U+00A0) and the ideographic
// space (U+3000) are Zs with compatibility form U+0020; U+200B ZERO WIDTH SPACE and U+FEFF
// are format characters; case folding maps Y to y.
#include "sunplan/io/id_key.hpp"

#include <gtest/gtest.h>

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

}  // namespace sunplan::io
