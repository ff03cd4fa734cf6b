// Seeded siting instances with clustered demand, the shape of real youth registers: towns of
// heavy-tailed size (Zipf-like weights) on a square, youth scattered around them (normal,
// sigma ~ 1.5 km) plus a thin rural background; existing bases and candidates mostly near
// towns. Reach = straight-line distance up to `reach_m` (rows sorted by cost, then index).
//
//   Instance in = test::clustered_instance(test::clustered_size("20k"));   // 20,000 x 1,000
//
// Standard sizes (same density of towns and sites, so coverage shares are alike):
//   "2k"    2,000 demand points x   200 facilities on a  40 km square
//   "20k"  20,000               x 1,000            on a 126 km square
//   "200k" 200,000              x 5,000            on a 400 km square
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting::test {

struct ClusteredSpec {
  std::size_t demand = 2'000;
  std::size_t facilities = 200;
  std::size_t existing = 10;  // the first `existing` facilities are open already
  double side_m = 40'000;
  std::size_t towns = 20;
  double town_sigma_m = 1'500;
  double background_share = 0.15;  // demand and facilities scattered uniformly
  double reach_m = 15'000;         // entries kept in the reach matrix
  std::int64_t max_weight = 30;    // youth per demand point: 1 + a geometric tail, capped
  std::uint32_t seed = 2024;
};

inline ClusteredSpec clustered_size(const std::string& name, double reach_m = 15'000,
                                    std::uint32_t seed = 2024) {
  ClusteredSpec s;
  s.reach_m = reach_m;
  s.seed = seed;
  if (name == "2k") {
    s.demand = 2'000, s.facilities = 200, s.existing = 10, s.side_m = 40'000, s.towns = 20;
  } else if (name == "20k") {
    s.demand = 20'000, s.facilities = 1'000, s.existing = 50, s.side_m = 126'000, s.towns = 200;
  } else if (name == "200k") {
    s.demand = 200'000, s.facilities = 5'000, s.existing = 250, s.side_m = 400'000;
    s.towns = 2'000;
  } else {
    throw std::invalid_argument("clustered_size: 2k, 20k or 200k");
  }
  return s;
}

inline Instance clustered_instance(const ClusteredSpec& s) {
  std::mt19937_64 rng(s.seed);
  std::uniform_real_distribution<double> uniform(0, s.side_m);
  std::vector<double> tx(s.towns), ty(s.towns), tw(s.towns);
  for (std::size_t t = 0; t < s.towns; ++t) {
    tx[t] = uniform(rng);
    ty[t] = uniform(rng);
    tw[t] = 1.0 / std::pow(double(t) + 1.0, 0.9);  // town sizes: Zipf-like
  }
  std::discrete_distribution<std::size_t> town(tw.begin(), tw.end());
  std::normal_distribution<double> around(0, s.town_sigma_m);
  std::bernoulli_distribution background(s.background_share);
  auto place = [&](double& x, double& y) {
    if (background(rng)) {
      x = uniform(rng);
      y = uniform(rng);
      return;
    }
    const auto t = town(rng);
    x = std::clamp(tx[t] + around(rng), 0.0, s.side_m);
    y = std::clamp(ty[t] + around(rng), 0.0, s.side_m);
  };
  std::geometric_distribution<std::int64_t> tail(0.35);
  Instance in;
  std::vector<double> dx(s.demand), dy(s.demand), fx(s.facilities), fy(s.facilities);
  for (std::size_t i = 0; i < s.demand; ++i) {
    place(dx[i], dy[i]);
    in.weight.push_back(std::min(s.max_weight, 1 + tail(rng)));
    in.demand_class.push_back(UrbanRural::rural);
  }
  for (std::size_t j = 0; j < s.facilities; ++j) {
    place(fx[j], fy[j]);
    in.existing.push_back(j < s.existing ? 1 : 0);
  }
  // Facilities bucketed on a grid of reach-sized cells.
  const double cell = std::max(1.0, s.reach_m);
  const auto side = static_cast<std::int64_t>(s.side_m / cell) + 1;
  std::vector<std::vector<std::uint32_t>> bucket(static_cast<std::size_t>(side * side));
  auto cell_of = [&](double v) { return std::min(side - 1, static_cast<std::int64_t>(v / cell)); };
  for (std::uint32_t j = 0; j < s.facilities; ++j)
    bucket[static_cast<std::size_t>(cell_of(fy[j]) * side + cell_of(fx[j]))].push_back(j);
  std::vector<std::pair<float, std::uint32_t>> row;
  for (std::size_t i = 0; i < s.demand; ++i) {
    row.clear();
    const auto bx = cell_of(dx[i]), by = cell_of(dy[i]);
    for (auto y = std::max<std::int64_t>(by - 1, 0); y <= std::min(by + 1, side - 1); ++y)
      for (auto x = std::max<std::int64_t>(bx - 1, 0); x <= std::min(bx + 1, side - 1); ++x)
        for (auto j : bucket[static_cast<std::size_t>(y * side + x)]) {
          const double d = std::hypot(dx[i] - fx[j], dy[i] - fy[j]);
          if (d <= s.reach_m) row.push_back({static_cast<float>(d), j});
        }
    std::sort(row.begin(), row.end());
    for (auto [c, j] : row) {
      in.reach.facility.push_back(j);
      in.reach.cost.push_back(c);
    }
    in.reach.offsets.push_back(in.reach.facility.size());
  }
  return in;
}

}  // namespace sunplan::siting::test
