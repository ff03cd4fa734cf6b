// Cell suppression with complementary suppression over additive relations: which published
// counts of people to withhold so that none of 1 to min_count-1 can be read or worked out.
//
//   CellSuppression s(5);
//   const auto county = s.add_group(), a = s.add_group(), b = s.add_group();
//   const auto total = s.add_cell(12, county);
//   const auto ca = s.add_cell(3, a), cb = s.add_cell(9, b);
//   s.add_relation(total, {ca, cb});  // total = ca + cb
//   s.solve();                        // ca (3) withheld; 12 - 9 would give it back, so cb too
//   s.hidden(ca), s.hidden(cb), s.group_hidden(b)   // true, true, true
//
// Rules (docs/reliability.md, "Privacy"):
// * primary: a cell whose value v has 0 < v < min_count is withheld;
// * cells of one group are withheld together (a township's row: its youth, served, rates...);
// * a relation total = sum(parts) with a visible total must not have exactly one withheld part
//   holding people (total minus the visible parts would be that part): the visible part with
//   the smallest group (by its first cell, e.g. a township's youth) is withheld too, or the
//   total when no part is left;
// * a withheld total must not equal the sum of its visible parts (every part holding people
//   visible): the smallest such part is withheld;
// * what the parts do not account for (total - sum, e.g. youth outside every township) is a
//   part that is never published: while every published part is visible it can be read off,
//   so it must not be a count of 1 to min_count-1; once a part is withheld it is one more
//   unknown (a withheld part beside a non-zero leftover cannot be read off).
// Repeated until nothing changes. These rules stop exact recovery from any single relation;
// pipeline/disclosure_audit.hpp then bounds what every relation together gives (an LP
// interval per withheld small count) and withholds more where that is too narrow.
//
// Identities (add_identity) relate figures of one row (youth = in reach + youth not in reach):
// a row is withheld whole, so the rules skip them, but an attacker combines them with the
// hierarchies, and so does the audit. Known cells (set_known) hold a value the attacker knows
// without it being published (a rural township's urban youth is 0).
//
// Another output of the same data (pipeline/disclosure_ledger.hpp) enters as cells whose
// value this run does not know: what it published is known (set_known with its value), what
// it withheld is an unknown (add_cell with value 0 in a withheld group, set_watched: audited
// like a primary cell, though its value is not known), its relations as equations without
// a computed difference (add_equation, the difference an add_unknown of its known sign).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace sunplan {

class CellSuppression {
 public:
  using Cell = std::size_t;
  using Group = std::size_t;

  explicit CellSuppression(std::int64_t min_count) : m_min_count(min_count) {}

  Group add_group();
  // A published value; withheld with the rest of its group. The first cell of a group gives
  // its size, by which complements are chosen (smallest first).
  Cell add_cell(double value, Group group);
  // total = sum(parts); a part for the difference is added when the sums disagree.
  void add_relation(Cell total, std::vector<Cell> parts);
  // The same within one row: used by the audit, not by the rules.
  void add_identity(Cell total, std::vector<Cell> parts);
  void set_known(Cell c) { m_known[c] = true; }
  // Known to be `value` (another output published it), no longer watched.
  void set_known(Cell c, double value) {
    m_cells[c].value = value;
    m_known[c] = true;
    m_watched[c] = false;
  }
  // An unknown never published (another output's unpublished difference): of the sign of
  // `sign` (>= 0, or <= 0 when negative), as the audit bounds the differences it adds itself.
  Cell add_unknown(double sign);
  // total = sum(parts) exactly as given (no difference added): for the audit only, like an
  // identity. For relations whose values this run does not know.
  void add_equation(Cell total, std::vector<Cell> parts);
  // A withheld cell whose value this run does not know (another output's small count or
  // not): the audit bounds it like a primary cell, and protect() asks whether it must pass.
  void set_watched(Cell c, bool watched = true) { m_watched[c] = watched; }
  bool watched(Cell c) const { return m_watched[c]; }

  // The rules above, from the current state (groups withheld stay withheld).
  void solve();

  // Which step withheld a group first: for measuring over-suppression, never published (it
  // would tell a small count from its complement).
  enum class Step : std::uint8_t { none, primary, complement, audit };
  void hide_group(Group g, Step step);

  bool hidden(Cell c) const {
    return m_cells[c].group == kUnpublished || m_group_hidden[m_cells[c].group];
  }
  bool group_hidden(Group g) const { return m_group_hidden[g]; }
  double value(Cell c) const { return m_cells[c].value; }
  // Whether the cell was withheld for its own value (not as a complement); for tests.
  bool primary(Cell c) const;
  std::int64_t min_count() const { return m_min_count; }

  // The system as the audit reads it.
  static constexpr Group kUnpublished = static_cast<Group>(-1);
  struct Relation {
    Cell total;
    std::vector<Cell> parts;  // the unpublished difference last, when there is one
    bool identity = false;
  };
  std::size_t cell_count() const { return m_cells.size(); }
  std::size_t group_count() const { return m_group_hidden.size(); }
  Group group(Cell c) const { return m_cells[c].group; }
  double group_weight(Group g) const { return m_group_weight[g]; }
  bool known(Cell c) const { return m_known[c]; }
  bool holds_people(Cell c) const { return m_cells[c].value > 1e-9; }
  const std::vector<Relation>& relations() const { return m_relations; }
  Step group_step(Group g) const { return m_group_step[g]; }

 private:
  struct CellData {
    double value;
    Group group;
  };
  void hide(Cell c, Step step);
  void add(Cell total, std::vector<Cell> parts, bool identity);

  std::int64_t m_min_count;
  std::vector<CellData> m_cells;
  std::vector<bool> m_group_hidden;
  std::vector<Step> m_group_step;
  std::vector<bool> m_known;
  std::vector<bool> m_watched;
  std::vector<double> m_group_weight;  // the value of its first cell: complements by it
  std::vector<Relation> m_relations;
};

}  // namespace sunplan
