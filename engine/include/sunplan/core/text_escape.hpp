// Text from the data (township, base and scenario names) placed into sunplan's own documents:
// one escaping per format, so a name holding '|', a newline or raw HTML can neither break a
// table nor inject markup.
//
//   md += "| " + markdown_text(u.name) + " |";      // Markdown tables and paragraphs
//   html += "<td>" + html_text(u.name) + "</td>";   // HTML and SVG/XML text and attributes
#pragma once

#include <string>
#include <string_view>

namespace sunplan {

// HTML/XML: & < > " ' as entities; control characters (other than tab) dropped, since XML
// 1.0 forbids them. Safe in text and in quoted attributes, also in SVG.
std::string html_text(std::string_view s);

// Markdown (CommonMark/GFM) inline text and table cells: one line (CR, LF and tab become a
// space), '|' and the characters that start emphasis, code, links or headings backslash-
// escaped, and & < > as HTML entities so no raw HTML passes through.
std::string markdown_text(std::string_view s);

}  // namespace sunplan
