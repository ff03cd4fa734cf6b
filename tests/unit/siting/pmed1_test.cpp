// OR-Library p-median instance pmed1 (Beasley 1985, "A note on solving large p-median
// problems", EJOR 21:270-273; data at people.brunel.ac.uk/~mastjjb/jeb/orlib/pmedinfo.html):
// 100 vertices, 200 edges, p = 5; optimum 5819. Format: "n m p" then m lines "i j cost";
// the graph is undirected, distances are shortest paths, and when an edge appears twice the
// last cost counts (as the OR-Library notes say). The data file is copied verbatim.
#include <gtest/gtest.h>

#include <fstream>

#include "sunplan/siting/mip.hpp"
#include "sunplan/siting/solve.hpp"

namespace sunplan::siting {
namespace {

Instance load_pmed(const std::string& path, std::size_t& p_out) {
  std::ifstream f(path);
  std::size_t n = 0, m = 0;
  f >> n >> m >> p_out;
  const double inf = 1e18;
  std::vector<double> d(n * n, inf);
  for (std::size_t i = 0; i < n; ++i) d[i * n + i] = 0;
  for (std::size_t e = 0; e < m; ++e) {
    std::size_t a, b;
    double c;
    f >> a >> b >> c;
    d[(a - 1) * n + (b - 1)] = d[(b - 1) * n + (a - 1)] = c;  // last one wins
  }
  for (std::size_t k = 0; k < n; ++k)
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j)
        d[i * n + j] = std::min(d[i * n + j], d[i * n + k] + d[k * n + j]);
  Instance in;
  in.weight.assign(n, 1);
  in.existing.assign(n, 0);
  std::vector<std::pair<float, std::uint32_t>> row;
  for (std::size_t i = 0; i < n; ++i) {
    row.clear();
    for (std::size_t j = 0; j < n; ++j)
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

TEST(Pmed1, OrLibraryOptimum5819) {
  std::size_t p = 0;
  const Instance in = load_pmed(std::string(SUNPLAN_SITING_TEST_DATA) + "/pmed1.txt", p);
  ASSERT_EQ(in.demand_count(), 100u);
  ASSERT_EQ(p, 5u);
  ModelSpec spec;
  spec.kind = ModelKind::pmedian;
  spec.k = p;
  NullProgress progress;
  MipOptions mo;
  mo.time_limit_seconds = 50;
  auto exact = solve_mip(in, spec, mo, progress);
  ASSERT_TRUE(exact.proven_optimal);
  EXPECT_DOUBLE_EQ(exact.objective, 5819);

  HeuristicOptions ho;
  ho.lp_bound_max_nonzeros = 0;  // the Lagrangian bound alone
  auto h = solve_pmedian(in, spec, ho, progress);
  EXPECT_EQ(h.opened.size(), 5u);
  EXPECT_GE(h.objective, 5819);
  EXPECT_LE(h.bound, 5819);
  EXPECT_LE(h.gap, 0.05) << "objective " << h.objective << " bound " << h.bound;
  auto with_lp = solve_pmedian(in, spec, {}, progress);
  EXPECT_LE(with_lp.bound, 5819 + 1e-6);
  EXPECT_GE(with_lp.bound, h.bound);
}

}  // namespace
}  // namespace sunplan::siting
