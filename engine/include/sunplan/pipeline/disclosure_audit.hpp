// The interval audit of a suppression pattern: what an attacker can work out about each
// withheld small count from every published figure and every relation together, and the
// extra suppression that widens what is too narrow.
//
//   CellSuppression s(5);  ... cells, relations ...
//   const auto stats = protect(s);           // the rules, then audit and withhold until safe
//   audit_intervals(s)                       // each withheld small count's [lo, hi], by LP
//
// The attacker's system: visible cells and known cells are constants; withheld cells and the
// unpublished differences of relations are unknowns of their true sign (>= 0 for counts);
// every relation is an equation. For each withheld primary cell (a count of 1 to
// min_count - 1) the audit solves min and max of the cell subject to the system (COIN-OR CLP),
// rounded inward to whole numbers when every constant is whole. It is solved per connected
// component of unknowns (visible cells cut the system into small pieces: a county's
// withheld townships and their figures), loading each component's LP once and changing only
// the objective between cells.
//
// Protection rule (docs/reliability.md, "Privacy"): the interval must reach min_count
// (upper protection level min_count - v: a count the attacker cannot tell from one that
// could have been published) and must reach 0 (lower protection level v: the attacker
// cannot tell that anyone is there). An interval that collapses to the value (any linear
// combination of relations giving the cell back) fails both.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include "sunplan/core/cell_suppression.hpp"

namespace sunplan {

struct CellInterval {
  CellSuppression::Cell cell;
  double lo, hi;  // what the attacker can derive
  // False when certified without the LP: hi is then only a lower bound of the attacker's
  // maximum (enough to pass the rule), lo is exact (0).
  bool exact = true;
};

bool interval_protects(const CellInterval& i, std::int64_t min_count);

struct AuditStats {
  std::size_t components = 0;      // components holding a withheld primary cell
  std::size_t largest = 0;         // unknowns in the largest of them
  std::size_t lps = 0;             // LP solves (two per withheld primary cell not certified)
  std::size_t certified = 0;       // cells passed by the exchange certificate
  std::size_t integer_solves = 0;  // whole-number optima solved by CBC (fractional LP vertex)
};

// Every withheld primary cell's interval under the current pattern. With `fresh` (per cell:
// withheld since the last audit), only the components holding a fresh cell: the others are
// the same system as before, so their intervals are too. Components are solved in parallel.
//
// Exchange certificate: two unknowns in exactly the same relations with the same signs can
// trade mass without changing any equation, so a cell with such partners (e.g. withheld grid
// cells that only the grid total holds) reaches 0 and its value plus theirs; when that reaches
// min_count the cell passes without an LP (`shortcuts`; tests switch it off to check the LP).
// Without it a province's withheld grid cells, one component through the grid total, cost two
// LPs each over the whole component.
//
// Whole numbers: when every constant is whole, so are the attacker's completions. Where an
// optimal LP vertex is fractional, the cell's whole-number optimum is solved with CBC (tests
// switch `whole_numbers` off to show the LP alone can be wider than the attacker's interval).
std::vector<CellInterval> audit_intervals(const CellSuppression& s, AuditStats* stats = nullptr,
                                          const std::vector<bool>* fresh = nullptr,
                                          bool shortcuts = true, bool whole_numbers = true);

struct ProtectionStats {
  std::size_t rounds = 0;          // audits run (the last one finds nothing to fix)
  std::size_t audit_groups = 0;    // groups withheld by the audit
  std::size_t unresolved = 0;      // failing cells with nothing left to withhold (expected 0)
  AuditStats first;                // the first audit (every component)
  std::size_t lps = 0;             // LP solves over every audit
  std::size_t certified = 0;       // cells passed by the exchange certificate, every audit
  std::size_t integer_solves = 0;  // CBC solves (fractional LP vertices), every audit
  std::vector<bool> after_rules;   // per group: withheld by the first pass, before any audit
  double seconds = 0;              // rules and audits
};

// The rules of CellSuppression::solve as the fast first pass; then, while a withheld primary
// cell's interval fails the rule, the smallest visible group in a relation with it (a
// relation of its component when none is left) is withheld, the rules run again, and the
// audit again. With `audit` false only the rules run (the state before the audit existed;
// tests switch it off to show they can fail).
//
// Watched cells (another output's withheld cells, values unknown here) are audited too; one
// whose interval fails is protected like a primary cell when `watch` says so (that output's
// own system gave it an interval that passed: a count it protected, which combining the
// outputs must not narrow below the rule), and left alone otherwise.
ProtectionStats protect(CellSuppression& s, bool audit = true,
                        const std::function<bool(CellSuppression::Cell)>& watch = {});

}  // namespace sunplan
