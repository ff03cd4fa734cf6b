// Seeded random siting instances for the tests and benchmarks: demand and facilities
// scattered in a square, reach = Euclidean distance within a limit.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting::test {

struct RandomSpec {
  std::size_t demand = 60;
  std::size_t facilities = 12;
  std::size_t existing = 1;  // the first `existing` facilities are open already
  double side_m = 10'000;
  double reach_m = 2'500;  // entries kept in the reach matrix
  std::int64_t max_weight = 20;
  std::uint32_t seed = 1;
};

inline Instance random_instance(const RandomSpec& s) {
  std::mt19937 rng(s.seed);
  std::uniform_real_distribution<double> pos(0, s.side_m);
  std::uniform_int_distribution<std::int64_t> wt(1, s.max_weight);
  std::vector<double> dx(s.demand), dy(s.demand), fx(s.facilities), fy(s.facilities);
  Instance in;
  for (std::size_t i = 0; i < s.demand; ++i) {
    dx[i] = pos(rng);
    dy[i] = pos(rng);
    in.weight.push_back(wt(rng));
    in.demand_class.push_back(dx[i] < s.side_m / 3 ? UrbanRural::urban : UrbanRural::rural);
  }
  for (std::size_t j = 0; j < s.facilities; ++j) {
    fx[j] = pos(rng);
    fy[j] = pos(rng);
    in.existing.push_back(j < s.existing ? 1 : 0);
  }
  std::vector<std::pair<float, std::uint32_t>> row;
  for (std::size_t i = 0; i < s.demand; ++i) {
    row.clear();
    for (std::size_t j = 0; j < s.facilities; ++j) {
      const double d = std::hypot(dx[i] - fx[j], dy[i] - fy[j]);
      if (d <= s.reach_m) row.push_back({static_cast<float>(d), static_cast<std::uint32_t>(j)});
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
