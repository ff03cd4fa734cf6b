// The printable atlas of a result GeoPackage (`sunplan atlas`): a PDF to bring to meetings.
//
//   atlas::AtlasOptions o;
//   o.input = "out/demo.gpkg";
//   o.output = "out/demo-atlas.pdf";
//   o.paper = atlas::Paper::a4;
//   o.lang = atlas::Lang::zh;
//   atlas::AtlasReport r = atlas::write_atlas(o, progress);   // r.pages, r.page_titles
//
// Page 1, the cover: title, headline figures (youth, in reach, served, rates; urban and
// rural), the targets with met / not met, an overview map and the list of pages. Then one
// page per county; a result with a single county gets one page per township group instead
// (街道, 镇, 乡 by the division code's digits 7-9: 001-099, 100-199, 200-999; groups of more
// than `townships_per_page` townships are split evenly). Each page: the map of its townships
// coloured by served rate (the report's five classes), gaps hatched red, bases by type and
// status, the county outline, an optional tile basemap underneath, a legend, a scale bar in
// true metres of the page's projection (the run's working CRS), a north arrow turned to true
// north, and the table of its townships ranked by youth not served.
//
// Text is set with Pango in a CJK font (WenQuanYi Micro Hei or Noto Sans CJK via fontconfig),
// embedded with its ToUnicode map, so names can be searched and copied (pdftotext).
// The input is opened read-only; the PDF is written to a temporary file beside the output
// and renamed, and an output that is the input is refused.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/scene/basemap.hpp"

namespace sunplan::atlas {

enum class Paper { a4, a3 };
enum class Lang { zh, en };
bool parse_paper(const std::string& text, Paper& out);  // "A4"/"a4", "A3"/"a3"

struct AtlasOptions {
  std::string input;
  std::string output;
  Paper paper = Paper::a4;
  Lang lang = Lang::zh;
  std::optional<scene::BasemapSource> basemap;
  int townships_per_page = 12;  // single-county results: the largest township group on a page
  bool force = false;           // replace an existing file sunplan did not write (never an input)
};

struct AtlasReport {
  int pages = 0;
  std::vector<std::string> page_titles;  // one per page, the cover first
};

AtlasReport write_atlas(const AtlasOptions& options, Progress& progress);

}  // namespace sunplan::atlas
