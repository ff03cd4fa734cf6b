#include "qgis_styles.hpp"

#include <string>

#include "sunplan/core/dataset.hpp"

namespace sunplan {

namespace {

std::string option(const char* name, const std::string& value) {
  return std::string("<Option name=\"") + name + "\" type=\"QString\" value=\"" + value + "\"/>";
}

std::string fill_symbol(const std::string& name, const std::string& rgba,
                        const std::string& outline, const std::string& style = "solid",
                        double alpha = 1.0) {
  return "<symbol type=\"fill\" name=\"" + name + "\" alpha=\"" + std::to_string(alpha) +
         "\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleFill\" enabled=\"1\" "
         "pass=\"0\" "
         "locked=\"0\"><Option type=\"Map\">" +
         option("color", rgba) + option("outline_color", outline) + option("outline_width", "0.2") +
         option("outline_style", "solid") + option("style", style) + "</Option></layer></symbol>";
}

std::string marker_symbol(const std::string& name, const std::string& rgba,
                          const std::string& shape, double size) {
  return "<symbol type=\"marker\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleMarker\" "
         "enabled=\"1\" "
         "pass=\"0\" locked=\"0\"><Option type=\"Map\">" +
         option("color", rgba) + option("name", shape) + option("size", std::to_string(size)) +
         option("outline_color", "35,35,35,255") + option("outline_width", "0.2") +
         "</Option></layer></symbol>";
}

std::string line_symbol(const std::string& name, const std::string& rgba, double width) {
  return "<symbol type=\"line\" name=\"" + name +
         "\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\"><layer class=\"SimpleLine\" "
         "enabled=\"1\" "
         "pass=\"0\" locked=\"0\"><Option type=\"Map\">" +
         option("line_color", rgba) + option("line_width", std::to_string(width)) +
         "</Option></layer></symbol>";
}

std::string qml(const std::string& renderer) {
  return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n<qgis version=\"3.28\" "
         "styleCategories=\"Symbology\">" +
         renderer + "</qgis>\n";
}

std::string single(const std::string& symbol) {
  return "<renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" forceraster=\"0\" "
         "enableorderby=\"0\"><symbols>" +
         symbol + "</symbols></renderer-v2>";
}

std::string served_rate_renderer() {
  std::string ranges, symbols;
  const auto& classes = served_rate_classes();
  for (std::size_t i = 0; i < classes.size(); ++i) {
    const auto& c = classes[i];
    ranges += "<range lower=\"" + std::to_string(c.lower) + "\" upper=\"" +
              std::to_string(c.upper) + "\" symbol=\"" + std::to_string(i) + "\" label=\"" +
              c.label + "\" render=\"true\"/>";
    symbols += fill_symbol(std::to_string(i), std::string(c.rgb) + ",255", "90,90,90,255");
  }
  return "<renderer-v2 type=\"graduatedSymbol\" attr=\"served_rate\" "
         "graduatedMethod=\"GraduatedColor\" "
         "symbollevels=\"0\" forceraster=\"0\" enableorderby=\"0\"><ranges>" +
         ranges + "</ranges><symbols>" + symbols + "</symbols></renderer-v2>";
}

std::string base_type_renderer() {
  std::string cats, symbols;
  for (int t = 0; t < kBaseTypeCount; ++t) {
    const auto type = static_cast<BaseType>(t);
    cats += std::string("<category value=\"") + to_string(type) + "\" symbol=\"" +
            std::to_string(t) + "\" label=\"" + chinese_name(type) + " " + to_string(type) +
            "\" render=\"true\"/>";
    symbols +=
        marker_symbol(std::to_string(t), std::string(base_type_rgb(t)) + ",255", "circle", 2.6);
  }
  return "<renderer-v2 type=\"categorizedSymbol\" attr=\"type\" symbollevels=\"0\" "
         "forceraster=\"0\" "
         "enableorderby=\"0\"><categories>" +
         cats + "</categories><symbols>" + symbols + "</symbols></renderer-v2>";
}

}  // namespace

const std::vector<RateClass>& served_rate_classes() {
  // ColorBrewer RdYlGn, 5 classes: red for the townships furthest from full service.
  static const std::vector<RateClass> classes = {{0.0, 0.2, "215,25,28", "0–20 %"},
                                                 {0.2, 0.4, "253,174,97", "20–40 %"},
                                                 {0.4, 0.6, "255,255,191", "40–60 %"},
                                                 {0.6, 0.8, "166,217,106", "60–80 %"},
                                                 {0.8, 1.000001, "26,150,65", "80–100 %"}};
  return classes;
}

const char* base_type_rgb(int base_type) {
  // ColorBrewer Set1/Dark2 hues, one per base type.
  static const char* colours[kBaseTypeCount] = {"228,26,28",  "55,126,184", "77,175,74",
                                                "152,78,163", "255,127,0",  "166,86,40",
                                                "120,120,120"};
  return colours[base_type];
}

std::vector<LayerStyle> default_styles() {
  std::vector<LayerStyle> s;
  for (const char* layer : {"townships", "counties", "cities", "provinces"})
    s.push_back({layer, "served rate", qml(served_rate_renderer()), ""});
  s.push_back({"bases", "base type", qml(base_type_renderer()), ""});
  s.push_back({"catchments", "catchment",
               qml(single(fill_symbol("0", "49,130,189,60", "49,130,189,180"))), ""});
  s.push_back({"catchment_union", "catchment union",
               qml(single(fill_symbol("0", "49,130,189,50", "8,81,156,255"))), ""});
  s.push_back({"gaps", "gap",
               qml(single(fill_symbol("0", "215,25,28,255", "215,25,28,255", "b_diagonal"))), ""});
  s.push_back(
      {"youth", "youth", qml(single(marker_symbol("0", "40,40,40,255", "circle", 1.0))), ""});
  s.push_back(
      {"assignments", "assignment", qml(single(line_symbol("0", "120,120,120,160", 0.15))), ""});
  s.push_back(
      {"sites", "new site", qml(single(marker_symbol("0", "215,25,28,255", "star", 4.0))), ""});
  s.push_back({"site_catchments", "new catchment",
               qml(single(fill_symbol("0", "215,25,28,40", "215,25,28,200"))), ""});
  s.push_back(
      {"teams", "team", qml(single(marker_symbol("0", "44,123,182,255", "triangle", 3.0))), ""});
  s.push_back({"pairings", "pairing", qml(single(line_symbol("0", "44,123,182,140", 0.15))), ""});
  s.push_back({"relay", "handover", qml(single(line_symbol("0", "253,174,97,220", 0.3))), ""});
  s.push_back({"isochrones", "isochrone",
               qml(single(fill_symbol("0", "116,169,207,60", "5,112,176,200"))), ""});
  s.push_back({"roads", "road", qml(single(line_symbol("0", "150,150,150,255", 0.2))), ""});
  s.push_back({"youth_grid", "youth per cell",
               qml(single(fill_symbol("0", "150,150,150,90", "120,120,120,120"))), ""});
  return s;
}

}  // namespace sunplan
