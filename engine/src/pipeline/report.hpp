// The run report: Markdown and HTML with the headline figures, the urban/rural comparison,
// the gap table, and an SVG overview map of the served rate per township.
#pragma once

#include <string>

#include "sunplan/pipeline/run.hpp"

namespace sunplan {

std::string report_markdown(const Scenario& sc, const RunResult& r,
                            const std::string& svg_file_name);
std::string report_html(const Scenario& sc, const RunResult& r, const std::string& svg);
// Townships coloured by served rate, gaps outlined, bases as dots; in the working CRS.
std::string overview_svg(const RunResult& r, int width_px = 900);

}  // namespace sunplan
