// OR-Library style instances (Beasley 1985, 1990) as siting instances:
//   - p-median: read "n m p" + m lines "i j cost" (pmed1..40 format: undirected graph,
//     distances are shortest paths, when an edge appears twice the last cost counts), or
//     generate one the way the OR-Library set was made (a Hamiltonian cycle 1-2-...-n-1 plus
//     random edges up to m = n^2 / 50, integer costs uniform in 1..100);
//   - set covering: generate one of the scp4 shape (200 rows x 1,000 columns, 2% density,
//     every row in at least 2 columns, every column covering at least 1 row), unit costs.
// Every vertex is both a demand point (weight 1) and a candidate site.
#pragma once

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting::test {

struct Graph {
  std::size_t n = 0, p = 0;
  std::vector<std::tuple<std::size_t, std::size_t, double>> edges;  // 1-based ends
};

inline Graph read_pmed(const std::string& path) {
  std::ifstream f(path);
  if (!f) throw std::runtime_error("cannot read " + path);
  Graph g;
  std::size_t m = 0;
  f >> g.n >> m >> g.p;
  for (std::size_t e = 0; e < m; ++e) {
    std::size_t a = 0, b = 0;
    double c = 0;
    f >> a >> b >> c;
    g.edges.emplace_back(a, b, c);
  }
  return g;
}

// The OR-Library generator's recipe (Beasley 1985): same sizes, our own random numbers.
inline Graph make_pmed_like(std::size_t n, std::size_t p, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> cost(1, 100);
  std::uniform_int_distribution<std::size_t> vertex(1, n);
  Graph g;
  g.n = n;
  g.p = p;
  for (std::size_t i = 1; i <= n; ++i) g.edges.emplace_back(i, i % n + 1, cost(rng));
  while (g.edges.size() < n * n / 50) {
    const auto a = vertex(rng), b = vertex(rng);
    if (a != b) g.edges.emplace_back(a, b, cost(rng));
  }
  return g;
}

// Sizes and p of pmed1..pmed40 (Beasley 1985, table 1).
inline void pmed_size(int number, std::size_t& n, std::size_t& p) {
  static const std::size_t sizes[40][2] = {
      {100, 5},   {100, 10},  {100, 10}, {100, 20},  {100, 33},  {200, 5},   {200, 10},  {200, 20},
      {200, 40},  {200, 67},  {300, 5},  {300, 10},  {300, 30},  {300, 60},  {300, 100}, {400, 5},
      {400, 10},  {400, 40},  {400, 80}, {400, 133}, {500, 5},   {500, 10},  {500, 50},  {500, 100},
      {500, 167}, {600, 5},   {600, 10}, {600, 60},  {600, 120}, {600, 200}, {700, 5},   {700, 10},
      {700, 70},  {700, 140}, {800, 5},  {800, 10},  {800, 80},  {900, 5},   {900, 10},  {900, 90}};
  if (number < 1 || number > 40) throw std::invalid_argument("pmed 1..40");
  n = sizes[number - 1][0];
  p = sizes[number - 1][1];
}

// All-pairs shortest paths (Floyd–Warshall), then every vertex reaches every vertex.
inline Instance pmedian_instance(const Graph& g) {
  const std::size_t n = g.n;
  const double inf = 1e18;
  std::vector<double> d(n * n, inf);
  for (std::size_t i = 0; i < n; ++i) d[i * n + i] = 0;
  for (const auto& [a, b, c] : g.edges) d[(a - 1) * n + (b - 1)] = d[(b - 1) * n + (a - 1)] = c;
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i) {
      const double dik = d[i * n + k];
      if (dik >= inf) continue;
      for (std::size_t j = 0; j < n; ++j) d[i * n + j] = std::min(d[i * n + j], dik + d[k * n + j]);
    }
  Instance in;
  in.weight.assign(n, 1);
  in.existing.assign(n, 0);
  std::vector<std::pair<float, std::uint32_t>> row;
  for (std::size_t i = 0; i < n; ++i) {
    row.clear();
    for (std::size_t j = 0; j < n; ++j)
      if (d[i * n + j] < inf)
        row.push_back({static_cast<float>(d[i * n + j]), static_cast<std::uint32_t>(j)});
    std::sort(row.begin(), row.end());
    for (auto [c, j] : row) {
      in.reach.facility.push_back(j);
      in.reach.cost.push_back(c);
    }
    in.reach.offsets.push_back(in.reach.facility.size());
  }
  return in;
}

// A unicost set-covering instance of the scp4 shape: rows are demand (weight 1), columns are
// candidate sites; row i is "in reach" (cost 0) of the columns that cover it.
inline Instance set_cover_like(std::size_t rows, std::size_t columns, double density,
                               std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution in_set(density);
  std::uniform_int_distribution<std::size_t> any_row(0, rows - 1), any_column(0, columns - 1);
  std::vector<std::vector<std::uint32_t>> cover(rows);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t j = 0; j < columns; ++j)
      if (in_set(rng)) cover[i].push_back(static_cast<std::uint32_t>(j));
  for (std::size_t i = 0; i < rows; ++i)
    while (cover[i].size() < 2) cover[i].push_back(static_cast<std::uint32_t>(any_column(rng)));
  std::vector<std::uint8_t> used(columns, 0);
  for (const auto& r : cover)
    for (auto j : r) used[j] = 1;
  for (std::size_t j = 0; j < columns; ++j)
    if (!used[j]) cover[any_row(rng)].push_back(static_cast<std::uint32_t>(j));
  Instance in;
  in.weight.assign(rows, 1);
  in.existing.assign(columns, 0);
  for (auto& r : cover) {
    std::sort(r.begin(), r.end());
    r.erase(std::unique(r.begin(), r.end()), r.end());
    for (auto j : r) {
      in.reach.facility.push_back(j);
      in.reach.cost.push_back(0.0f);
    }
    in.reach.offsets.push_back(in.reach.facility.size());
  }
  return in;
}

}  // namespace sunplan::siting::test
