// Test helper: road networks drawn as ASCII maps. Letters are vertices; every character cell
// is grid_m metres (x to the right, y upwards, row 0 at the top). Roads name the letters they
// pass through, so the drawing is only for the reader.
//
//   AsciiMap m(R"(
//     a---b---c
//         |
//         d
//   )", 10.0);
//   auto lines = {m.line("abc", "residential"), m.line("bd", "residential")};
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sunplan/network/road_graph.hpp"

namespace sunplan::network::test {

class AsciiMap {
 public:
  AsciiMap(const std::string& drawing, double grid_m);
  Vec2 at(char name) const { return m_points.at(name); }
  RoadLine line(const std::string& names, const std::string& road_class, int oneway = 0) const;

 private:
  std::map<char, Vec2> m_points;
};

// A random connected-ish road network on a jittered grid, for property tests.
std::vector<RoadLine> random_grid_lines(unsigned seed, int nx, int ny, double spacing_m,
                                        double oneway_share);

}  // namespace sunplan::network::test
