#include "ascii_map.hpp"

#include <random>
#include <sstream>
#include <stdexcept>

namespace sunplan::network::test {

AsciiMap::AsciiMap(const std::string& drawing, double grid_m) {
  std::istringstream in(drawing);
  std::string row;
  int r = 0;
  bool started = false;  // rows count from the first drawn line (R"( maps start with \n)
  while (std::getline(in, row)) {
    if (!started && row.find_first_not_of(" \t") == std::string::npos) continue;
    started = true;
    for (std::size_t c = 0; c < row.size(); ++c) {
      const char ch = row[c];
      if ((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z')) {
        if (m_points.count(ch)) throw std::runtime_error("letter used twice in map");
        m_points[ch] = {static_cast<double>(c) * grid_m, -static_cast<double>(r) * grid_m};
      }
    }
    ++r;
  }
}

RoadLine AsciiMap::line(const std::string& names, const std::string& road_class, int oneway) const {
  RoadLine l;
  for (char ch : names) l.points.push_back(at(ch));
  l.road_class = road_class;
  l.oneway = oneway;
  return l;
}

std::vector<RoadLine> random_grid_lines(unsigned seed, int nx, int ny, double spacing_m,
                                        double oneway_share) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> jitter(-0.3 * spacing_m, 0.3 * spacing_m);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const char* classes[] = {"residential", "primary", "tertiary", "service"};
  std::vector<Vec2> p(static_cast<std::size_t>(nx) * ny);
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i)
      p[j * nx + i] = {i * spacing_m + jitter(rng), j * spacing_m + jitter(rng)};
  }
  std::vector<RoadLine> lines;
  auto add = [&](int a, int b) {
    if (u(rng) < 0.15) return;  // holes make the network irregular
    RoadLine l;
    const Vec2 mid{(p[a].x + p[b].x) / 2 + jitter(rng) * 0.3,
                   (p[a].y + p[b].y) / 2 + jitter(rng) * 0.3};
    l.points = {p[a], mid, p[b]};
    l.road_class = classes[rng() % 4];
    const double r = u(rng);
    l.oneway = r < oneway_share / 2 ? 1 : (r < oneway_share ? -1 : 0);
    lines.push_back(std::move(l));
  };
  for (int j = 0; j < ny; ++j) {
    for (int i = 0; i < nx; ++i) {
      if (i + 1 < nx) add(j * nx + i, j * nx + i + 1);
      if (j + 1 < ny) add(j * nx + i, (j + 1) * nx + i);
    }
  }
  return lines;
}

}  // namespace sunplan::network::test
