#include "sunplan/core/cell_suppression.hpp"

#include <gtest/gtest.h>

#include <random>

namespace sunplan {
namespace {

TEST(CellSuppression, OneSmallChildTakesASecondOneWithIt) {
  // Worked by hand: a county of 3 + 9 + 20; 3 is withheld, and 32 - 20 - 9 would give it back,
  // so the smallest other township (9) goes too; the county total stays.
  CellSuppression s(5);
  const auto county = s.add_group(), a = s.add_group(), b = s.add_group(), c = s.add_group();
  const auto total = s.add_cell(32, county);
  const auto ca = s.add_cell(3, a), cb = s.add_cell(9, b), cc = s.add_cell(20, c);
  s.add_relation(total, {ca, cb, cc});
  s.solve();
  EXPECT_TRUE(s.hidden(ca));
  EXPECT_TRUE(s.primary(ca));
  EXPECT_TRUE(s.hidden(cb));
  EXPECT_FALSE(s.primary(cb));
  EXPECT_FALSE(s.hidden(cc));
  EXPECT_FALSE(s.hidden(total));
}

TEST(CellSuppression, AnOnlyChildHidesItsParentAndAGroupHidesTogether) {
  CellSuppression s(5);
  const auto root = s.add_group(), only = s.add_group();
  const auto total = s.add_cell(4, root);
  const auto child = s.add_cell(4, only);
  const auto other_field = s.add_cell(100, only);  // the same unit's other figure
  s.add_relation(total, {child});
  s.solve();
  EXPECT_TRUE(s.hidden(total));
  EXPECT_TRUE(s.hidden(other_field));
}

TEST(CellSuppression, ALeftoverOfOneToFourIsProtectedAndALargeOneIsNot) {
  // 50 = 20 + 27 + (3 outside every unit): the 3 would be read off, so a unit goes.
  CellSuppression s(5);
  const auto root = s.add_group(), a = s.add_group(), b = s.add_group();
  const auto total = s.add_cell(50, root);
  const auto ca = s.add_cell(20, a), cb = s.add_cell(27, b);
  s.add_relation(total, {ca, cb});
  s.solve();
  EXPECT_TRUE(s.hidden(ca));
  EXPECT_FALSE(s.hidden(cb));
  // 60 = 20 + 27 + 13: nothing small, nothing withheld.
  CellSuppression t(5);
  const auto r2 = t.add_group(), a2 = t.add_group(), b2 = t.add_group();
  const auto t2 = t.add_cell(60, r2);
  const auto x = t.add_cell(20, a2), y = t.add_cell(27, b2);
  t.add_relation(t2, {x, y});
  t.solve();
  EXPECT_FALSE(t.hidden(x) || t.hidden(y) || t.hidden(t2));
}

// Random hierarchies (whole area -> counties -> townships, two figures per unit): checked by
// brute force against every relation, as an attacker would use them.
TEST(CellSuppression, NoWithheldValueFollowsFromAnyRelationOnRandomHierarchies) {
  std::mt19937 rng(15);
  for (int trial = 0; trial < 300; ++trial) {
    CellSuppression s(5);
    struct Rel {
      CellSuppression::Cell total;
      std::vector<CellSuppression::Cell> parts;
    };
    std::vector<Rel> rels;
    std::vector<CellSuppression::Cell> published;
    const int counties = 1 + static_cast<int>(rng() % 4);
    std::vector<std::vector<std::vector<double>>> town(counties);  // [county][town][figure]
    for (auto& c : town) {
      c.resize(1 + rng() % 5);
      for (auto& t : c) t = {static_cast<double>(rng() % 25), 0.0};
      for (auto& t : c) t[1] = static_cast<double>(rng() % (static_cast<unsigned>(t[0]) + 1));
    }
    const auto root = s.add_group();
    std::vector<std::vector<CellSuppression::Cell>> root_parts(2);
    std::vector<double> root_sum(2, static_cast<double>(rng() % 3));  // youth outside every unit
    root_sum[1] = 0;
    for (auto& c : town) {
      const auto cg = s.add_group();
      std::vector<std::vector<CellSuppression::Cell>> parts(2);
      std::vector<CellSuppression::Cell> totals(2);
      std::vector<double> sum(2, 0.0);
      std::vector<CellSuppression::Group> tg;
      for (std::size_t k = 0; k < c.size(); ++k) tg.push_back(s.add_group());
      for (int f = 0; f < 2; ++f) {
        for (std::size_t k = 0; k < c.size(); ++k) {
          parts[f].push_back(s.add_cell(c[k][f], tg[k]));
          sum[f] += c[k][f];
          published.push_back(parts[f].back());
        }
        totals[f] = s.add_cell(sum[f], cg);
        published.push_back(totals[f]);
        root_parts[f].push_back(totals[f]);
        root_sum[f] += sum[f];
        rels.push_back({totals[f], parts[f]});
      }
    }
    for (int f = 0; f < 2; ++f) {
      const auto total = s.add_cell(root_sum[f], root);
      published.push_back(total);
      rels.push_back({total, root_parts[f]});
    }
    for (const Rel& r : rels) s.add_relation(r.total, r.parts);
    s.solve();
    for (auto c : published) {
      if (!s.hidden(c)) {
        EXPECT_FALSE(s.value(c) > 0 && s.value(c) < 5) << "trial " << trial;
      }
    }
    for (const Rel& r : rels) {
      double visible = 0;
      for (auto p : r.parts) visible += s.hidden(p) ? 0 : s.value(p);
      if (!s.hidden(r.total)) {
        for (auto p : r.parts) {
          if (s.hidden(p) && s.value(p) > 0) {
            EXPECT_NE(s.value(r.total) - visible, s.value(p)) << "trial " << trial;
          }
        }
        // The leftover (not a published part) is only read off when it is 0 or at least 5.
        double all = 0;
        for (auto p : r.parts) all += s.value(p);
        const double rest = s.value(r.total) - all;
        bool any_hidden = false;
        for (auto p : r.parts) any_hidden = any_hidden || s.hidden(p);
        if (!any_hidden) {
          EXPECT_FALSE(rest > 0 && rest < 5) << "trial " << trial;
        }
      } else if (s.value(r.total) > 0) {
        bool unknown = false;
        for (auto p : r.parts) unknown = unknown || (s.hidden(p) && s.value(p) > 0);
        double all = 0;
        for (auto p : r.parts) all += s.value(p);
        unknown = unknown || s.value(r.total) != all;
        EXPECT_TRUE(unknown) << "trial " << trial;
      }
    }
  }
}

}  // namespace
}  // namespace sunplan
