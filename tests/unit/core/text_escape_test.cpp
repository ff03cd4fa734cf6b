// Expected strings worked by hand from the CommonMark/GFM rules (backslash escapes of ASCII
// punctuation, '|' splitting table cells) and XML 1.0's five predefined entities.
#include "sunplan/core/text_escape.hpp"

#include <gtest/gtest.h>

namespace sunplan {

TEST(TextEscape, HtmlEscapesTheFiveEntitiesAndDropsControlCharacters) {
  EXPECT_EQ(html_text("甲乡 <script>alert('x')</script> & \"b\""),
            "甲乡 &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;b&quot;");
  EXPECT_EQ(html_text(std::string("a\x01"
                                  "b\x1f"
                                  "c",
                                  5)),
            "abc");
  EXPECT_EQ(html_text("一号温馨家园"), "一号温馨家园");  // UTF-8 bytes pass unchanged
}

TEST(TextEscape, MarkdownKeepsATableCellOneCellOnOneLine) {
  EXPECT_EQ(markdown_text("甲|乡\n第二行"), "甲\\|乡 第二行");
  EXPECT_EQ(markdown_text("a\r\nb\tc"), "a  b c");
  EXPECT_EQ(markdown_text("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(markdown_text("[link](http://x) *b* _i_ `c` # h ![i](y) ~~s~~ \\"),
            "\\[link\\](http://x) \\*b\\* \\_i\\_ \\`c\\` \\# h \\!\\[i\\](y) \\~\\~s\\~\\~ \\\\");
  EXPECT_EQ(markdown_text("310101001 · 42 %"), "310101001 · 42 %");
}

}  // namespace sunplan
