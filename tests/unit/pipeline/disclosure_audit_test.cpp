#include "sunplan/pipeline/disclosure_audit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>

namespace sunplan {
namespace {

using Cell = CellSuppression::Cell;
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// The attacker's integer interval of each withheld primary cell, by exhaustive enumeration
// of every non-negative whole-number completion of the published system (the oracle the LP
// is checked against). A relation with one unassigned unknown fixes it; otherwise the first
// unassigned unknown takes every value from 0 to its bound (the smallest visible total above
// it, or `cap`: reaching cap counts as unbounded).
class BruteForce {
 public:
  BruteForce(const CellSuppression& s, long cap) : m_cap(cap) {
    for (Cell c = 0; c < s.cell_count(); ++c)
      if (s.hidden(c) && !s.known(c)) {
        m_index[c] = static_cast<int>(m_vars.size());
        m_vars.push_back(c);
      }
    for (const auto& r : s.relations()) {
      Row row;
      auto term = [&](Cell c, long sign) {
        if (m_index.count(c))
          row.terms.push_back({m_index[c], sign});
        else
          row.rhs -= sign * std::lround(s.value(c));
      };
      term(r.total, -1);
      for (Cell p : r.parts) term(p, 1);
      m_rows.push_back(row);
    }
    m_value.assign(m_vars.size(), -1);
    // A part of a relation whose other unknowns are parts too is at most the constant.
    m_bound.assign(m_vars.size(), cap);
    for (const Row& row : m_rows) {
      if (std::any_of(row.terms.begin(), row.terms.end(), [](auto t) { return t.second < 0; }))
        continue;
      for (auto [v, sign] : row.terms)
        m_bound[static_cast<std::size_t>(v)] =
            std::min(m_bound[static_cast<std::size_t>(v)], row.rhs);
    }
    for (std::size_t v = 0; v < m_vars.size(); ++v)
      if (s.group(m_vars[v]) != CellSuppression::kUnpublished && s.primary(m_vars[v]))
        m_range[m_vars[v]] = {kUnbounded, -kUnbounded};
  }

  // False when the enumeration took more than `budget` nodes (the case is skipped).
  bool run(long budget) {
    m_budget = budget;
    dfs();
    return m_budget > 0;
  }
  const std::map<Cell, std::pair<double, double>>& ranges() const { return m_range; }

 private:
  struct Row {
    std::vector<std::pair<int, long>> terms;
    long rhs = 0;
  };

  // Fixes every unknown that a relation determines; false on a contradiction.
  bool propagate(std::vector<int>& fixed) {
    for (bool changed = true; changed;) {
      changed = false;
      for (const Row& row : m_rows) {
        long sum = 0;
        int open = -1, n_open = 0;
        long open_sign = 0;
        for (auto [v, sign] : row.terms) {
          if (m_value[static_cast<std::size_t>(v)] < 0) {
            ++n_open, open = v, open_sign = sign;
          } else {
            sum += sign * m_value[static_cast<std::size_t>(v)];
          }
        }
        if (n_open == 0 && sum != row.rhs) return false;
        if (n_open != 1) continue;
        const long x = (row.rhs - sum) * open_sign;  // sign is +-1
        if (x < 0 || x > m_cap) return false;
        m_value[static_cast<std::size_t>(open)] = x;
        fixed.push_back(open);
        changed = true;
      }
    }
    return true;
  }

  void dfs() {
    if (--m_budget <= 0) return;
    std::vector<int> fixed;
    if (propagate(fixed)) {
      auto open = std::find(m_value.begin(), m_value.end(), -1);
      if (open == m_value.end()) {
        for (auto& [c, range] : m_range) {
          const double v = static_cast<double>(m_value[static_cast<std::size_t>(m_index[c])]);
          range = {std::min(range.first, v), std::max(range.second, v >= m_cap ? kUnbounded : v)};
        }
      } else {
        const long bound = m_bound[static_cast<std::size_t>(open - m_value.begin())];
        for (long x = 0; x <= bound && m_budget > 0; ++x) {
          *open = x;
          dfs();
        }
        *open = -1;
      }
    }
    for (int v : fixed) m_value[static_cast<std::size_t>(v)] = -1;
  }

  long m_cap;
  long m_budget = 0;
  std::vector<Cell> m_vars;
  std::map<Cell, int> m_index;
  std::vector<Row> m_rows;
  std::vector<long> m_value, m_bound;
  std::map<Cell, std::pair<double, double>> m_range;
};

int g_certified = 0;  // cells the exchange certificate passed, over every case
int g_lp_wider = 0;   // cells whose LP interval alone is wider than the enumeration's

// Compares the audit's LP intervals with the enumeration; gives how many cells fail the
// protection rule by the enumeration, or -1 when the case was too large to enumerate.
int check_against_brute_force(const CellSuppression& s, long cap, const std::string& what) {
  BruteForce bf(s, cap);
  if (!bf.run(3'000'000)) return -1;
  // The LP on every cell equals the enumeration.
  const auto intervals = audit_intervals(s, nullptr, nullptr, false);
  EXPECT_EQ(intervals.size(), bf.ranges().size()) << what;
  int failing = 0;
  for (const CellInterval& i : intervals) {
    const auto it = bf.ranges().find(i.cell);
    if (it == bf.ranges().end()) {
      ADD_FAILURE() << what << ": cell " << i.cell << " not enumerated";
      continue;
    }
    const auto [lo, hi_found] = it->second;
    // Unbounded cells stop where another unknown reaches the cap, which in overlapping
    // figures can be below it: far above every constant (half the cap) is unbounded.
    const double hi = hi_found >= static_cast<double>(cap) / 2 ? kUnbounded : hi_found;
    // The truth is one completion, so the enumeration is never empty.
    EXPECT_LE(lo, s.value(i.cell)) << what;
    EXPECT_TRUE(i.exact) << what;
    EXPECT_EQ(i.lo, lo) << what << " cell " << i.cell;
    EXPECT_EQ(std::isinf(i.hi) || i.hi >= static_cast<double>(cap), std::isinf(hi))
        << what << " cell " << i.cell << " lp " << i.hi << " brute " << hi;
    if (!std::isinf(hi)) {
      EXPECT_EQ(i.hi, hi) << what << " cell " << i.cell;
    }
    failing += !(hi >= static_cast<double>(s.min_count()) && lo <= 0);
  }
  // The LP alone, rounded inward: wider than the enumeration where a vertex is fractional.
  for (const CellInterval& i : audit_intervals(s, nullptr, nullptr, false, false)) {
    const auto [lo, hi] = bf.ranges().at(i.cell);
    g_lp_wider += i.lo != lo || (hi < static_cast<double>(cap) / 2 && i.hi != hi);
  }
  // With the exchange certificate: a certified cell's interval lies within the enumeration's
  // and passes; the others are the LP's.
  for (const CellInterval& i : audit_intervals(s)) {
    const auto [lo, hi] = bf.ranges().at(i.cell);
    EXPECT_EQ(i.lo, lo) << what << " cell " << i.cell;
    if (!i.exact) {
      EXPECT_LE(i.hi, hi) << what << " cell " << i.cell;
      EXPECT_TRUE(interval_protects(i, s.min_count())) << what;
      ++g_certified;
    }
  }
  return failing;
}

TEST(DisclosureAudit, TwoRelationsTogetherGiveBackWhatNoSingleOneDoes) {
  // Worked by hand: x = 3 (primary), y = 9, z = 6, each its own group, with three published
  // totals x + y = 12, y + z = 15, x + z = 9. The rules withhold y (12 - 9 would give x) and
  // z (9 - 6 would), leaving two unknowns in every relation; but (12 + 9 - 15) / 2 = 3 = x.
  auto build = [](CellSuppression& s) {
    std::vector<Cell> c;
    for (double v : {3.0, 9.0, 6.0, 12.0, 15.0, 9.0}) c.push_back(s.add_cell(v, s.add_group()));
    s.add_relation(c[3], {c[0], c[1]});
    s.add_relation(c[4], {c[1], c[2]});
    s.add_relation(c[5], {c[0], c[2]});
    return c;
  };
  CellSuppression rules_only(5);
  const auto c = build(rules_only);
  protect(rules_only, false);
  EXPECT_TRUE(rules_only.hidden(c[0]) && rules_only.hidden(c[1]) && rules_only.hidden(c[2]));
  EXPECT_FALSE(rules_only.hidden(c[3]) || rules_only.hidden(c[4]) || rules_only.hidden(c[5]));
  const auto before = audit_intervals(rules_only);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].lo, 3.0);
  EXPECT_EQ(before[0].hi, 3.0);
  EXPECT_FALSE(interval_protects(before[0], 5));

  // The audit withholds the smallest total over x (x + z = 9): then x + y = 12 and
  // y + z = 15 leave x anywhere in [0, 12].
  CellSuppression audited(5);
  build(audited);
  const auto st = protect(audited);
  EXPECT_TRUE(audited.hidden(c[5]));
  EXPECT_EQ(audited.group_step(audited.group(c[5])), CellSuppression::Step::audit);
  EXPECT_FALSE(audited.hidden(c[3]) || audited.hidden(c[4]));
  const auto after = audit_intervals(audited);
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].lo, 0.0);
  EXPECT_EQ(after[0].hi, 12.0);
  EXPECT_EQ(st.audit_groups, 1u);
  EXPECT_EQ(st.unresolved, 0u);
}

TEST(DisclosureAudit, IdentitiesWithinARowAgreeWithTheEnumeration) {
  // A county of two townships with youth, served and unserved per row and youth = served +
  // unserved within each row (identities, which tie the three county relations together).
  // Township a: 3, 2, 1 (all primary); b: 40, 38, 2; the county 43, 40, 3 (its unserved 3 is
  // small: the county is withheld for its own value). The audit's intervals equal the
  // enumeration's on every withheld small count, and each is protected.
  CellSuppression s(5);
  const auto county = s.add_group(), a = s.add_group(), b = s.add_group();
  const double av[3] = {3, 2, 1}, bv[3] = {40, 38, 2};
  std::vector<Cell> ca, cb, ct;
  for (int f = 0; f < 3; ++f) {
    ca.push_back(s.add_cell(av[f], a));
    cb.push_back(s.add_cell(bv[f], b));
    ct.push_back(s.add_cell(av[f] + bv[f], county));
    s.add_relation(ct[f], {ca[f], cb[f]});
  }
  for (const auto* row : {&ca, &cb, &ct}) s.add_identity((*row)[0], {(*row)[1], (*row)[2]});
  protect(s);
  EXPECT_TRUE(s.hidden(ca[0]) && s.hidden(cb[0]) && s.hidden(ct[0]));
  EXPECT_GE(check_against_brute_force(s, 60, "identity"), 0);
  for (const auto& i : audit_intervals(s)) EXPECT_TRUE(interval_protects(i, 5));
}

// whole area -> counties -> townships, one figure, with youth outside every township.
CellSuppression random_hierarchy(std::mt19937& rng) {
  CellSuppression s(5);
  const auto root = s.add_group();
  std::vector<Cell> counties;
  double all = static_cast<double>(rng() % 3);
  const int n = 1 + static_cast<int>(rng() % 3);
  for (int k = 0; k < n; ++k) {
    const auto g = s.add_group();
    std::vector<Cell> towns;
    double sum = 0;
    const int m = 1 + static_cast<int>(rng() % 4);
    for (int t = 0; t < m; ++t) {
      const double v = static_cast<double>(rng() % 13);
      towns.push_back(s.add_cell(v, s.add_group()));
      sum += v;
    }
    counties.push_back(s.add_cell(sum, g));
    s.add_relation(counties.back(), towns);
    all += sum;
  }
  s.add_relation(s.add_cell(all, root), counties);
  return s;
}

// A two-way table (rows x columns with margins and a grand total), every cell its own group.
CellSuppression random_table(std::mt19937& rng) {
  CellSuppression s(5);
  const int rows = 2 + static_cast<int>(rng() % 2), cols = 2 + static_cast<int>(rng() % 3);
  std::vector<std::vector<double>> v(static_cast<std::size_t>(rows),
                                     std::vector<double>(static_cast<std::size_t>(cols)));
  for (auto& r : v)
    for (double& x : r) x = static_cast<double>(rng() % 10);
  std::vector<std::vector<Cell>> cell(v.size());
  for (std::size_t i = 0; i < v.size(); ++i)
    for (double x : v[i]) cell[i].push_back(s.add_cell(x, s.add_group()));
  std::vector<Cell> row_totals, col_totals;
  double grand = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    double sum = 0;
    for (double x : v[i]) sum += x;
    grand += sum;
    row_totals.push_back(s.add_cell(sum, s.add_group()));
    s.add_relation(row_totals.back(), cell[i]);
  }
  for (std::size_t j = 0; j < v[0].size(); ++j) {
    double sum = 0;
    std::vector<Cell> parts;
    for (std::size_t i = 0; i < v.size(); ++i) sum += v[i][j], parts.push_back(cell[i][j]);
    col_totals.push_back(s.add_cell(sum, s.add_group()));
    s.add_relation(col_totals.back(), parts);
  }
  const auto total_group = s.add_group();
  s.add_relation(s.add_cell(grand, total_group), row_totals);
  s.add_relation(s.add_cell(grand, total_group), col_totals);
  return s;
}

// Figures that overlap without nesting (each total a sum of 2 or 3 of a few cells, as a
// township's youth is in its county's total, its class's total and a row's identities): not
// totally unimodular, so an LP vertex can be fractional and the attacker's whole-number
// interval narrower than the LP's.
CellSuppression random_overlaps(std::mt19937& rng) {
  CellSuppression s(5);
  const int n = 4 + static_cast<int>(rng() % 2), m = 3 + static_cast<int>(rng() % 2);
  std::vector<Cell> cells;
  std::vector<double> v;
  for (int i = 0; i < n; ++i) {
    v.push_back(static_cast<double>(rng() % 7));
    cells.push_back(s.add_cell(v.back(), s.add_group()));
  }
  for (int r = 0; r < m; ++r) {
    std::vector<std::size_t> pick(cells.size());
    for (std::size_t i = 0; i < pick.size(); ++i) pick[i] = i;
    std::shuffle(pick.begin(), pick.end(), rng);
    pick.resize(2 + rng() % 2);
    std::vector<Cell> parts;
    double sum = 0;
    for (std::size_t i : pick) parts.push_back(cells[i]), sum += v[i];
    s.add_relation(s.add_cell(sum, s.add_group()), parts);
  }
  return s;
}

// On every case: the LP interval of each withheld small count equals the enumeration's, with
// the rules alone and after the audit; after the audit every one is protected. With the rules
// alone some are not (the audit has something to do).
void check_random_cases(CellSuppression (*make)(std::mt19937&), unsigned seed, int cases,
                        const char* what, bool certificates, bool lp_wider, long cap = 150) {
  g_certified = 0;
  g_lp_wider = 0;
  std::mt19937 rng(seed);
  int enumerated = 0, unprotected_by_rules = 0;
  for (int trial = 0; trial < cases; ++trial) {
    std::mt19937 again = rng;
    CellSuppression rules = make(rng);
    CellSuppression audited = make(again);
    protect(rules, false);
    const auto st = protect(audited);
    const std::string name = std::string(what) + " " + std::to_string(trial);
    const int before = check_against_brute_force(rules, cap, name + " (rules)");
    const int after = check_against_brute_force(audited, cap, name + " (audited)");
    if (before < 0 || after < 0) continue;
    ++enumerated;
    unprotected_by_rules += before > 0;
    EXPECT_EQ(after, 0) << name;
    EXPECT_EQ(st.unresolved, 0u) << name;
  }
  EXPECT_GE(enumerated, cases * 9 / 10) << what;
  // Siblings in a hierarchy share their relations (the certificate is exercised); no two
  // cells of a two-way table do.
  EXPECT_EQ(g_certified > 0, certificates) << what;
  EXPECT_GT(unprotected_by_rules, 0) << what;
  // Hierarchies and two-way tables are totally unimodular: the LP is the attacker's interval.
  EXPECT_EQ(g_lp_wider > 0, lp_wider) << what << ": " << g_lp_wider;
}

TEST(DisclosureAudit, IntervalsEqualTheEnumerationOnRandomHierarchies) {
  check_random_cases(random_hierarchy, 1980, 300, "hierarchy", true, false);
}

TEST(DisclosureAudit, IntervalsEqualTheEnumerationOnRandomTwoWayTables) {
  check_random_cases(random_table, 2012, 200, "table", false, false);
}

TEST(DisclosureAudit, IntervalsEqualTheEnumerationOnOverlappingFigures) {
  // Totals are at most 18 here: a cap of 60 keeps the enumeration small (and fast enough
  // under the sanitizers).
  check_random_cases(random_overlaps, 1955, 120, "overlaps", true, true, 60);
}

TEST(DisclosureAudit, WholeNumbersNarrowWhatTheLpAllows) {
  // Published: 6 = a + d, 9 = b + c + d, 10 = a + b; withheld a = 5, b = 5, c = 3, d = 1.
  // Then a = 6 - d, b = 4 + d and c = 5 - 2d: the LP lets d run over [0, 2.5] and c over
  // [0, 5], but in whole numbers c is odd, so c >= 1: somebody is there.
  CellSuppression s(5);
  const auto a = s.add_cell(5, s.add_group()), b = s.add_cell(5, s.add_group());
  const auto c = s.add_cell(3, s.add_group()), d = s.add_cell(1, s.add_group());
  s.add_relation(s.add_cell(6, s.add_group()), {a, d});
  s.add_relation(s.add_cell(9, s.add_group()), {b, c, d});
  s.add_relation(s.add_cell(10, s.add_group()), {a, b});
  s.hide_group(s.group(c), CellSuppression::Step::primary);
  s.hide_group(s.group(d), CellSuppression::Step::primary);
  for (Cell x : {a, b}) s.hide_group(s.group(x), CellSuppression::Step::complement);
  AuditStats lp_stats, whole_stats;
  std::map<Cell, CellInterval> lp, whole;
  for (const auto& i : audit_intervals(s, &lp_stats, nullptr, false, false)) lp.emplace(i.cell, i);
  for (const auto& i : audit_intervals(s, &whole_stats, nullptr, false)) whole.emplace(i.cell, i);
  EXPECT_EQ(lp.at(c).lo, 0.0);
  EXPECT_EQ(lp.at(c).hi, 5.0);
  EXPECT_EQ(whole.at(c).lo, 1.0);
  EXPECT_EQ(whole.at(c).hi, 5.0);
  EXPECT_FALSE(interval_protects(whole.at(c), 5));
  EXPECT_EQ(whole.at(d).lo, 0.0);  // d = 0, 1 or 2: whole at every vertex
  EXPECT_EQ(whole.at(d).hi, 2.0);
  EXPECT_EQ(lp_stats.integer_solves, 0u);
  EXPECT_GT(whole_stats.integer_solves, 0u);
  // protect() withholds more until c's interval reaches 0 again.
  protect(s);
  for (const auto& i : audit_intervals(s)) EXPECT_TRUE(interval_protects(i, 5)) << i.cell;
}

TEST(DisclosureAudit, AKnownCellIsAConstant) {
  // 10 = x + k with x = 3 withheld and k = 7 withheld but known (a structural figure): x = 3.
  CellSuppression s(5);
  const auto t = s.add_cell(10, s.add_group());
  const auto x = s.add_cell(3, s.add_group());
  const auto g = s.add_group();
  const auto k = s.add_cell(7, g);
  s.add_relation(t, {x, k});
  s.hide_group(g, CellSuppression::Step::complement);
  s.hide_group(s.group(x), CellSuppression::Step::primary);
  auto before = audit_intervals(s);
  ASSERT_EQ(before.size(), 1u);
  EXPECT_EQ(before[0].hi, 10.0);
  s.set_known(k);
  before = audit_intervals(s);
  EXPECT_EQ(before[0].lo, 3.0);
  EXPECT_EQ(before[0].hi, 3.0);
}

}  // namespace
}  // namespace sunplan
