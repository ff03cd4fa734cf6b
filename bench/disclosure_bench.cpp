// What aggregate privacy mode withholds, and what its protection costs.
//
//   disclosure_bench datasets/demo/scenario.toml [--site N] [--min-count K]
//       the scenario's run in aggregate mode (siting N new bases when asked): townships and
//       groups withheld by the primary rule, the complementary rules and the interval audit
//   disclosure_bench --synthetic 40000
//       a national-size hierarchy (townships in counties of ~14, cities, provinces) with the
//       20 coverage figures per unit and their in-row identities: seconds of the rules alone
//       and of the rules with the audit
//
// Prints counts of units, never a count of youth.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "sunplan/core/progress.hpp"
#include "sunplan/pipeline/disclosure_audit.hpp"
#include "sunplan/pipeline/run.hpp"

namespace {

using sunplan::CellSuppression;

int measure_scenario(const std::string& path, int site, long min_count) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  // A scenario with its own [privacy] section is taken as it is.
  if (text.str().find("[privacy]") == std::string::npos)
    text << "\n[privacy]\nmode = \"aggregate\"\nmin_count = " << min_count << "\n";
  const sunplan::Scenario sc = sunplan::parse_scenario(text.str(), path);
  sunplan::RunOptions ro;
  ro.write_output = false;
  ro.write_report = false;
  if (site > 0) {
    auto so = sunplan::siting_options(sc);
    so.add = static_cast<std::size_t>(site);
    ro.siting = so;
  }
  sunplan::NullProgress progress;
  const auto r = sunplan::run_scenario(sc, ro, progress);
  const auto& d = r.disclosure;
  std::size_t towns = r.load.dataset.admin.townships.size(), withheld = 0;
  for (std::int32_t t : r.load.dataset.admin.townships) withheld += d.unit(t);
  std::printf("townships %zu, withheld %zu: primary %zu, complementary %zu, audit %zu\n", towns,
              withheld, d.townships.primary, d.townships.complement, d.townships.audit);
  std::printf("groups withheld: primary %zu, complementary %zu, audit %zu\n", d.groups.primary,
              d.groups.complement, d.groups.audit);
  std::printf("whole area withheld: %s\n", d.unit(sunplan::kNone) ? "yes" : "no");
  const auto& p = d.protection;
  std::printf(
      "audit: %zu rounds, %zu groups, %zu unresolved, %zu components (largest %zu), "
      "%zu LPs, %zu certified, %zu whole-number solves, %.3f s\n",
      p.rounds, p.audit_groups, p.unresolved, p.first.components, p.first.largest, p.lps,
      p.certified, p.integer_solves, p.seconds);
  return 0;
}

// The 20 coverage figures of disclosure.cpp for one unit from its youth, in reach, served and
// class (1 urban, 2 rural).
std::vector<double> figures(double y, double r, double s, int cls) {
  const double uy = cls == 1 ? y : 0, ur = cls == 1 ? r : 0, us = cls == 1 ? s : 0;
  const double ry = cls == 2 ? y : 0, rr = cls == 2 ? r : 0, rs = cls == 2 ? s : 0;
  return {y,  r,  s,  y - s, y - r,   y - r,   r - s,   uy,      ur,      us,
          ry, rr, rs, r - s, uy - ur, uy - us, ur - us, ry - rr, ry - rs, rr - rs};
}

void build_national(CellSuppression& s, int townships, std::mt19937& rng) {
  const int per_county = 14, per_city = 8, per_province = 11;
  const int counties = (townships + per_county - 1) / per_county;
  const int cities = (counties + per_city - 1) / per_city;
  const int provinces = (cities + per_province - 1) / per_province;
  // Units: townships, then counties, cities, provinces; parent by integer division.
  std::vector<int> level_start = {0, townships, townships + counties, townships + counties + cities,
                                  townships + counties + cities + provinces};
  const int n = level_start[4];
  std::vector<std::vector<double>> fig(static_cast<std::size_t>(n), std::vector<double>(20, 0));
  std::vector<int> cls(static_cast<std::size_t>(townships));
  for (int t = 0; t < townships; ++t) {
    const double y = rng() % 10 == 0 ? 1 + rng() % 4 : 5 + rng() % 200;
    const double r = std::binomial_distribution<int>(static_cast<int>(y), 0.8)(rng);
    const double sv = std::binomial_distribution<int>(static_cast<int>(r), 0.7)(rng);
    cls[static_cast<std::size_t>(t)] = 1 + static_cast<int>(rng() % 2);
    fig[static_cast<std::size_t>(t)] = figures(y, r, sv, cls[static_cast<std::size_t>(t)]);
  }
  const int size[3] = {per_county, per_city, per_province};
  auto parent = [&](int u) {
    for (int l = 0; l < 3; ++l)
      if (u < level_start[l + 1]) return level_start[l + 1] + (u - level_start[l]) / size[l];
    return -1;
  };
  for (int u = 0; u < n; ++u)
    if (const int p = parent(u); p >= 0)
      for (int f = 0; f < 20; ++f)
        fig[static_cast<std::size_t>(p)][f] += fig[static_cast<std::size_t>(u)][f];
  std::vector<double> whole(20, 0);
  for (int u = level_start[3]; u < n; ++u)
    for (int f = 0; f < 20; ++f) whole[f] += fig[static_cast<std::size_t>(u)][f];
  const auto root = s.add_group();
  std::vector<CellSuppression::Group> group(static_cast<std::size_t>(n));
  for (auto& g : group) g = s.add_group();
  std::vector<std::vector<CellSuppression::Cell>> cell(20);
  for (int f = 0; f < 20; ++f) {
    for (int u = 0; u < n; ++u)
      cell[f].push_back(
          s.add_cell(fig[static_cast<std::size_t>(u)][f], group[static_cast<std::size_t>(u)]));
    cell[f].push_back(s.add_cell(whole[f], root));
    std::vector<std::vector<CellSuppression::Cell>> children(static_cast<std::size_t>(n) + 1);
    for (int u = 0; u < n; ++u) {
      const int p = parent(u);
      children[p < 0 ? static_cast<std::size_t>(n) : static_cast<std::size_t>(p)].push_back(
          cell[f][static_cast<std::size_t>(u)]);
    }
    for (std::size_t u = 0; u <= static_cast<std::size_t>(n); ++u)
      if (!children[u].empty()) s.add_relation(cell[f][u], children[u]);
  }
  static const std::vector<std::vector<int>> rows = {
      {0, 1, 4},  {1, 2, 13}, {0, 2, 3},    {3, 5, 6},    {4, 5},
      {13, 6},    {0, 7, 10}, {1, 8, 11},   {2, 9, 12},   {7, 8, 14},
      {8, 9, 16}, {7, 9, 15}, {10, 11, 17}, {11, 12, 19}, {10, 12, 18}};
  for (std::size_t u = 0; u <= static_cast<std::size_t>(n); ++u)
    for (const auto& row : rows) {
      std::vector<CellSuppression::Cell> parts;
      for (std::size_t k = 1; k < row.size(); ++k) parts.push_back(cell[row[k]][u]);
      s.add_identity(cell[row[0]][u], parts);
    }
  for (int t = 0; t < townships; ++t)
    for (int f : cls[static_cast<std::size_t>(t)] == 1 ? std::vector<int>{10, 11, 12, 17, 18, 19}
                                                       : std::vector<int>{7, 8, 9, 14, 15, 16})
      s.set_known(cell[f][static_cast<std::size_t>(t)]);
}

int synthetic(int townships) {
  for (bool audit : {false, true}) {
    std::mt19937 rng(40000);
    CellSuppression s(5);
    build_national(s, townships, rng);
    const auto st = sunplan::protect(s, audit);
    std::size_t hidden = 0;
    for (CellSuppression::Group g = 0; g < s.group_count(); ++g) hidden += s.group_hidden(g);
    std::printf(
        "%s: %zu cells, %zu relations, %zu of %zu groups withheld (%zu by the audit), "
        "%.3f s",
        audit ? "rules + audit" : "rules only", s.cell_count(), s.relations().size(), hidden,
        s.group_count(), st.audit_groups, st.seconds);
    if (audit)
      std::printf(
          "; %zu rounds, %zu components (largest %zu unknowns), %zu LPs, %zu certified, %zu "
          "whole-number solves, %zu unresolved",
          st.rounds, st.first.components, st.first.largest, st.lps, st.certified, st.integer_solves,
          st.unresolved);
    std::printf("\n");
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc >= 3 && std::string(argv[1]) == "--synthetic") return synthetic(std::stoi(argv[2]));
  if (argc < 2) {
    std::fprintf(stderr,
                 "usage: disclosure_bench SCENARIO [--site N] [--min-count K] | --synthetic N\n");
    return 2;
  }
  int site = 0;
  long min_count = 5;
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::string(argv[i]) == "--site") site = std::stoi(argv[i + 1]);
    if (std::string(argv[i]) == "--min-count") min_count = std::stol(argv[i + 1]);
  }
  return measure_scenario(argv[1], site, min_count);
}
