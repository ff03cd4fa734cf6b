#include "sunplan/core/cell_suppression.hpp"

#include <cmath>
#include <utility>

namespace sunplan {

CellSuppression::Group CellSuppression::add_group() {
  m_group_hidden.push_back(false);
  m_group_step.push_back(Step::none);
  m_group_weight.push_back(-1);
  return m_group_hidden.size() - 1;
}

CellSuppression::Cell CellSuppression::add_cell(double value, Group group) {
  if (m_group_weight[group] < 0) m_group_weight[group] = value;
  m_cells.push_back({value, group});
  m_known.push_back(false);
  m_watched.push_back(false);
  return m_cells.size() - 1;
}

CellSuppression::Cell CellSuppression::add_unknown(double sign) {
  m_cells.push_back({sign < 0 ? -1.0 : 0.0, kUnpublished});
  m_known.push_back(false);
  m_watched.push_back(false);
  return m_cells.size() - 1;
}

void CellSuppression::add_equation(Cell total, std::vector<Cell> parts) {
  m_relations.push_back({total, std::move(parts), true});
}

void CellSuppression::add_relation(Cell total, std::vector<Cell> parts) {
  add(total, std::move(parts), false);
}

void CellSuppression::add_identity(Cell total, std::vector<Cell> parts) {
  add(total, std::move(parts), true);
}

void CellSuppression::add(Cell total, std::vector<Cell> parts, bool identity) {
  double sum = 0;
  for (Cell p : parts) sum += m_cells[p].value;
  const double rest = m_cells[total].value - sum;
  if (std::abs(rest) > 1e-6) {
    m_cells.push_back({rest, kUnpublished});
    m_known.push_back(false);
    m_watched.push_back(false);
    parts.push_back(m_cells.size() - 1);
  }
  m_relations.push_back({total, std::move(parts), identity});
}

bool CellSuppression::primary(Cell c) const {
  const double v = m_cells[c].value;
  return v > 1e-9 && v < static_cast<double>(m_min_count) - 1e-9;
}

void CellSuppression::hide_group(Group g, Step step) {
  if (!m_group_hidden[g]) m_group_step[g] = step;
  m_group_hidden[g] = true;
}

void CellSuppression::hide(Cell c, Step step) {
  if (m_cells[c].group != kUnpublished) hide_group(m_cells[c].group, step);
}

void CellSuppression::solve() {
  for (Cell c = 0; c < m_cells.size(); ++c)
    if (m_cells[c].group != kUnpublished && primary(c)) hide(c, Step::primary);
  // The visible part holding people whose group is the smallest (its first cell, e.g. a
  // township's youth), so every figure of a parent picks the same complement; or none.
  auto smallest_visible = [&](const Relation& r) {
    Cell best = m_cells.size();
    auto key = [&](Cell c) {
      return std::make_pair(m_group_weight[m_cells[c].group], m_cells[c].value);
    };
    for (Cell p : r.parts)
      if (!hidden(p) && holds_people(p) && (best == m_cells.size() || key(p) < key(best))) best = p;
    return best;
  };
  for (bool changed = true; changed;) {
    changed = false;
    for (const Relation& r : m_relations) {
      if (r.identity) continue;
      // What the parts leave over (never published) is known only while every published part
      // is visible: then it must not be a small count itself; otherwise it is one more unknown.
      std::size_t hidden_parts = 0;
      bool rest = false, rest_small = false;
      for (Cell p : r.parts) {
        if (m_cells[p].group == kUnpublished) {
          rest = std::abs(m_cells[p].value) > 1e-9;
          rest_small = primary(p);
        } else {
          hidden_parts += hidden(p) && holds_people(p);
        }
      }
      const bool one_unknown = hidden_parts == 1 && !rest;
      if (!hidden(r.total) && (one_unknown || (hidden_parts == 0 && rest_small))) {
        // total - visible parts = the one withheld part: withhold a second one.
        const Cell other = smallest_visible(r);
        hide(other < m_cells.size() ? other : r.total, Step::complement);
        changed = true;
      } else if (hidden(r.total) && holds_people(r.total) && hidden_parts == 0 && !rest) {
        // The withheld total is the sum of its visible parts.
        const Cell other = smallest_visible(r);
        if (other < m_cells.size()) {
          hide(other, Step::complement);
          changed = true;
        }
      }
    }
  }
}

}  // namespace sunplan
