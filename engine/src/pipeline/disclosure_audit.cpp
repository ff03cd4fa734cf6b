#include "sunplan/pipeline/disclosure_audit.hpp"

#include <coin/Cbc_C_Interface.h>
#include <coin/Clp_C_Interface.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <numeric>
#include <set>
#include <tuple>

namespace sunplan {

bool interval_protects(const CellInterval& i, std::int64_t min_count) {
  return i.hi >= static_cast<double>(min_count) - 1e-6 && i.lo <= 1e-6;
}

namespace {

using Cell = CellSuppression::Cell;
using Group = CellSuppression::Group;
constexpr double kUnbounded = std::numeric_limits<double>::infinity();

bool unknown(const CellSuppression& s, Cell c) {
  return s.hidden(c) && !s.known(c);
}

bool whole(double v) {
  return std::abs(v - std::round(v)) < 1e-9;
}

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) {
    std::iota(parent.begin(), parent.end(), std::size_t{0});
  }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void join(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

// One connected component of unknowns: its cells and the relations that hold them.
struct Component {
  std::vector<Cell> cells;
  std::vector<std::size_t> relations;
  std::vector<Cell> targets;  // withheld primary cells
};

std::vector<Component> components(const CellSuppression& s) {
  UnionFind uf(s.cell_count());
  const auto& rels = s.relations();
  for (const auto& r : rels) {
    Cell first = s.cell_count();
    auto visit = [&](Cell c) {
      if (!unknown(s, c)) return;
      if (first == s.cell_count()) first = c;
      uf.join(c, first);
    };
    visit(r.total);
    for (Cell p : r.parts) visit(p);
  }
  std::map<std::size_t, Component> by_root;
  for (Cell c = 0; c < s.cell_count(); ++c) {
    if (!unknown(s, c)) continue;
    Component& k = by_root[uf.find(c)];
    k.cells.push_back(c);
    if (s.group(c) != CellSuppression::kUnpublished && (s.primary(c) || s.watched(c)))
      k.targets.push_back(c);
  }
  for (std::size_t i = 0; i < rels.size(); ++i) {
    Cell any = s.cell_count();
    if (unknown(s, rels[i].total)) any = rels[i].total;
    for (Cell p : rels[i].parts)
      if (unknown(s, p)) any = p;
    if (any < s.cell_count()) by_root[uf.find(any)].relations.push_back(i);
  }
  std::vector<Component> out;
  for (auto& [root, k] : by_root)
    if (!k.targets.empty()) out.push_back(std::move(k));
  return out;
}

// The component's LP: a column per unknown, a row per relation (parts - total = constant).
struct ComponentLp {
  std::vector<int> starts, index;
  std::vector<double> value, col_lo, col_hi, row_lo, row_hi;
  std::map<Cell, int> column;
  bool integral = true;
};

ComponentLp build_lp(const CellSuppression& s, const Component& k) {
  ComponentLp lp;
  for (Cell c : k.cells) {
    lp.column[c] = static_cast<int>(lp.col_lo.size());
    const double v = s.value(c);
    // Counts are >= 0; an unpublished difference that is negative is known to be so.
    const bool leftover = s.group(c) == CellSuppression::kUnpublished;
    lp.col_lo.push_back(v >= -1e-9 ? 0.0 : -kUnbounded);
    lp.col_hi.push_back(v < -1e-9 && leftover ? 0.0 : kUnbounded);
  }
  std::vector<std::vector<std::pair<int, double>>> cols(k.cells.size());
  for (std::size_t row = 0; row < k.relations.size(); ++row) {
    const auto& r = s.relations()[k.relations[row]];
    double rhs = 0;
    auto term = [&](Cell c, double sign) {
      if (unknown(s, c))
        cols[static_cast<std::size_t>(lp.column[c])].push_back({static_cast<int>(row), sign});
      else
        rhs -= sign * s.value(c);
    };
    term(r.total, -1.0);
    for (Cell p : r.parts) term(p, 1.0);
    lp.integral = lp.integral && whole(rhs);
    lp.row_lo.push_back(rhs);
    lp.row_hi.push_back(rhs);
  }
  for (auto& col : cols) {
    lp.starts.push_back(static_cast<int>(lp.index.size()));
    std::sort(col.begin(), col.end());
    for (std::size_t i = 0; i < col.size(); ++i) {
      // A cell twice in one row (never in sunplan's relations): one coefficient.
      if (i > 0 && col[i].first == col[i - 1].first) {
        lp.value.back() += col[i].second;
        continue;
      }
      lp.index.push_back(col[i].first);
      lp.value.push_back(col[i].second);
    }
  }
  lp.starts.push_back(static_cast<int>(lp.index.size()));
  for (Cell c : k.targets) lp.integral = lp.integral && whole(s.value(c));
  return lp;
}

// min (sign 1) or max (sign -1) of one column; +-infinity when unbounded. A system the
// solver finds infeasible (it holds the true values, so only numerically) gives the value
// itself: the cell then fails and gets more protection, never less. `vertex_whole` tells
// whether the optimal vertex is a whole-number completion: the attacker's integer optimum is
// then the LP's.
double extreme(Clp_Simplex* clp, int col, double sign, double truth, bool& vertex_whole) {
  Clp_objective(clp)[col] = 1.0;
  Clp_setOptimizationDirection(clp, sign);
  Clp_primal(clp, 0);
  Clp_objective(clp)[col] = 0.0;
  const int status = Clp_status(clp);
  vertex_whole = true;
  if (status == 0) {
    const double* x = Clp_primalColumnSolution(clp);
    for (int j = 0; j < Clp_numberColumns(clp); ++j)
      vertex_whole = vertex_whole && std::abs(x[j] - std::round(x[j])) < 1e-6;
    return x[col];
  }
  if (status == 2) return sign > 0 ? -kUnbounded : kUnbounded;
  return truth;
}

// CBC is solved one model at a time: components are audited on TBB's threads, and CBC keeps
// state of its own (message handlers, its CLP) that is not meant to be shared.
std::mutex g_cbc;

// The attacker's whole-number min (sign 1) or max (sign -1) of one column, for systems whose
// LP vertex is fractional (figures that overlap without nesting are not totally unimodular:
// from 6 = a + d, 9 = b + c + d and 10 = a + b, c = 5 - 2d, which the LP lets reach 0 at
// d = 2.5 but whole numbers keep odd, so c >= 1). Started from the truth, a
// whole-number completion; when CBC does not prove its optimum in the time, the best
// completion it found is kept: a narrower interval than the attacker's, so the cell gets more
// protection, never less.
double integer_extreme(const ComponentLp& lp, const std::vector<double>& truth, int col,
                       double sign) {
  std::lock_guard<std::mutex> lock(g_cbc);
  std::unique_ptr<Cbc_Model, void (*)(Cbc_Model*)> model(Cbc_newModel(), Cbc_deleteModel);
  Cbc_Model* cbc = model.get();
  std::vector<double> obj(lp.col_lo.size(), 0.0);
  obj[static_cast<std::size_t>(col)] = 1.0;
  Cbc_loadProblem(cbc, static_cast<int>(lp.col_lo.size()), static_cast<int>(lp.row_lo.size()),
                  lp.starts.data(), lp.index.data(), lp.value.data(), lp.col_lo.data(),
                  lp.col_hi.data(), obj.data(), lp.row_lo.data(), lp.row_hi.data());
  std::vector<int> all(lp.col_lo.size());
  for (std::size_t j = 0; j < all.size(); ++j) {
    all[j] = static_cast<int>(j);
    Cbc_setInteger(cbc, static_cast<int>(j));
  }
  Cbc_setObjSense(cbc, sign);
  Cbc_setLogLevel(cbc, 0);
  Cbc_setParameter(cbc, "timeMode", "elapsed");
  Cbc_setMaximumSeconds(cbc, 5.0);
  Cbc_setMIPStartI(cbc, static_cast<int>(all.size()), all.data(), truth.data());
  Cbc_solve(cbc);
  const double* x = Cbc_bestSolution(cbc);
  return x ? std::round(x[col]) : truth[static_cast<std::size_t>(col)];
}

// The exchange certificate of the header: the cells it passes, with their interval.
std::vector<bool> certify(const CellSuppression& s, const Component& k, const ComponentLp& lp,
                          std::vector<CellInterval>& out, AuditStats& stats) {
  std::map<std::vector<std::pair<int, double>>, std::vector<Cell>> by_signature;
  for (Cell c : k.cells) {
    const auto j = static_cast<std::size_t>(lp.column.at(c));
    if (lp.col_lo[j] != 0.0 || !std::isinf(lp.col_hi[j])) continue;
    std::vector<std::pair<int, double>> sig;
    for (int e = lp.starts[j]; e < lp.starts[j + 1]; ++e)
      sig.push_back({lp.index[static_cast<std::size_t>(e)], lp.value[static_cast<std::size_t>(e)]});
    by_signature[sig].push_back(c);
  }
  std::map<Cell, double> mass;  // what a cell's partners hold together
  for (const auto& [sig, cells] : by_signature) {
    if (cells.size() < 2) continue;
    double sum = 0;
    for (Cell c : cells) sum += s.value(c);
    for (Cell c : cells) mass[c] = sum;
  }
  std::vector<bool> done(k.targets.size(), false);
  for (std::size_t t = 0; t < k.targets.size(); ++t) {
    const auto it = mass.find(k.targets[t]);
    if (it == mass.end() || it->second < static_cast<double>(s.min_count()) - 1e-6) continue;
    out.push_back({k.targets[t], 0.0, it->second, false});
    done[t] = true;
    ++stats.certified;
  }
  return done;
}

void audit_component(const CellSuppression& s, const Component& k, std::vector<CellInterval>& out,
                     AuditStats& stats, bool shortcuts, bool whole_numbers) {
  if (k.relations.empty()) {  // no relation holds it: anything from 0 up
    for (Cell c : k.targets) out.push_back({c, 0.0, kUnbounded});
    return;
  }
  ComponentLp lp = build_lp(s, k);
  std::vector<bool> done(k.targets.size(), false);
  if (shortcuts) done = certify(s, k, lp, out, stats);
  if (std::all_of(done.begin(), done.end(), [](bool d) { return d; })) return;
  std::vector<double> obj(lp.col_lo.size(), 0.0);
  std::unique_ptr<Clp_Simplex, decltype(&Clp_deleteModel)> model(Clp_newModel(), Clp_deleteModel);
  Clp_Simplex* clp = model.get();
  Clp_setLogLevel(clp, 0);
  Clp_loadProblem(clp, static_cast<int>(lp.col_lo.size()), static_cast<int>(lp.row_lo.size()),
                  lp.starts.data(), lp.index.data(), lp.value.data(), lp.col_lo.data(),
                  lp.col_hi.data(), obj.data(), lp.row_lo.data(), lp.row_hi.data());
  std::vector<double> truth;
  for (Cell c : k.cells) truth.push_back(s.value(c));
  for (std::size_t t = 0; t < k.targets.size(); ++t) {
    if (done[t]) continue;
    const Cell c = k.targets[t];
    const int col = lp.column[c];
    bool lo_whole = true, hi_whole = true;
    double lo = extreme(clp, col, 1.0, s.value(c), lo_whole);
    double hi = extreme(clp, col, -1.0, s.value(c), hi_whole);
    stats.lps += 2;
    // Whole counts: the attacker knows every unknown is a whole number too. Where the LP's
    // optimal vertex is fractional the whole-number optimum can lie further in than the
    // rounded LP bound; an unbounded LP is unbounded in whole numbers too (rational data).
    if (lp.integral) {
      if (whole_numbers && !lo_whole && std::isfinite(lo)) {
        lo = integer_extreme(lp, truth, col, 1.0);
        ++stats.integer_solves;
      }
      if (whole_numbers && !hi_whole && std::isfinite(hi)) {
        hi = integer_extreme(lp, truth, col, -1.0);
        ++stats.integer_solves;
      }
      lo = std::isfinite(lo) ? std::ceil(lo - 1e-6) : lo;
      hi = std::isfinite(hi) ? std::floor(hi + 1e-6) : hi;
    }
    out.push_back({c, lo, hi});
  }
}

}  // namespace

std::vector<CellInterval> audit_intervals(const CellSuppression& s, AuditStats* stats,
                                          const std::vector<bool>* fresh, bool shortcuts,
                                          bool whole_numbers) {
  std::vector<Component> todo;
  for (Component& k : components(s))
    if (!fresh || std::any_of(k.cells.begin(), k.cells.end(), [&](Cell c) { return (*fresh)[c]; }))
      todo.push_back(std::move(k));
  // Each component its own LP: independent, so solved in parallel.
  std::vector<std::vector<CellInterval>> found(todo.size());
  std::vector<AuditStats> counted(todo.size());
  tbb::parallel_for(std::size_t{0}, todo.size(), [&](std::size_t i) {
    audit_component(s, todo[i], found[i], counted[i], shortcuts, whole_numbers);
  });
  AuditStats local;
  std::vector<CellInterval> out;
  for (std::size_t i = 0; i < todo.size(); ++i) {
    ++local.components;
    local.largest = std::max(local.largest, todo[i].cells.size());
    local.lps += counted[i].lps;
    local.certified += counted[i].certified;
    local.integer_solves += counted[i].integer_solves;
    out.insert(out.end(), found[i].begin(), found[i].end());
  }
  if (stats) *stats = local;
  return out;
}

namespace {

// The visible group to withhold for a failing cell: the smallest (by its first cell, as the
// rules choose) among the cells of the relations that hold it, those holding people first;
// when none is left there, among the relations of its whole component.
Group complement_for(const CellSuppression& s, Cell c,
                     const std::vector<std::vector<std::size_t>>& relations_of) {
  const auto& rels = s.relations();
  auto pick = [&](const std::vector<std::size_t>& which) {
    Group best = CellSuppression::kUnpublished;
    std::tuple<bool, double, double> best_key{true, 0, 0};
    auto consider = [&](Cell x) {
      const Group g = s.group(x);
      if (g == CellSuppression::kUnpublished || s.group_hidden(g)) return;
      const std::tuple<bool, double, double> key{!s.holds_people(x), s.group_weight(g), s.value(x)};
      if (best == CellSuppression::kUnpublished || key < best_key) best = g, best_key = key;
    };
    for (std::size_t i : which) {
      consider(rels[i].total);
      for (Cell p : rels[i].parts) consider(p);
    }
    return best;
  };
  if (const Group g = pick(relations_of[c]); g != CellSuppression::kUnpublished) return g;
  // Every unknown reachable from c, and the relations that hold them.
  std::set<Cell> seen{c};
  std::vector<Cell> todo{c};
  std::set<std::size_t> reached;
  while (!todo.empty()) {
    const Cell x = todo.back();
    todo.pop_back();
    for (std::size_t i : relations_of[x]) {
      if (!reached.insert(i).second) continue;
      auto visit = [&](Cell y) {
        if (unknown(s, y) && seen.insert(y).second) todo.push_back(y);
      };
      visit(rels[i].total);
      for (Cell p : rels[i].parts) visit(p);
    }
  }
  return pick(std::vector<std::size_t>(reached.begin(), reached.end()));
}

}  // namespace

ProtectionStats protect(CellSuppression& s, bool audit, const std::function<bool(Cell)>& watch) {
  const auto start = std::chrono::steady_clock::now();
  ProtectionStats st;
  s.solve();
  for (Group g = 0; g < s.group_count(); ++g) st.after_rules.push_back(s.group_hidden(g));
  std::vector<std::vector<std::size_t>> relations_of(audit ? s.cell_count() : 0);
  for (std::size_t i = 0; audit && i < s.relations().size(); ++i) {
    relations_of[s.relations()[i].total].push_back(i);
    for (Cell p : s.relations()[i].parts) relations_of[p].push_back(i);
  }
  std::vector<bool> was_unknown(s.cell_count(), false), fresh(s.cell_count(), true);
  while (audit) {
    ++st.rounds;
    std::set<Group> more;
    std::size_t failing = 0;
    for (Cell c = 0; c < s.cell_count(); ++c) {
      fresh[c] = unknown(s, c) && !was_unknown[c];
      was_unknown[c] = unknown(s, c);
    }
    // The first audit sees every cell as fresh; later ones only what the last round withheld.
    AuditStats round;
    const auto intervals = audit_intervals(s, &round, &fresh);
    if (st.rounds == 1) st.first = round;
    st.lps += round.lps;
    st.certified += round.certified;
    st.integer_solves += round.integer_solves;
    for (const CellInterval& i : intervals) {
      if (interval_protects(i, s.min_count())) continue;
      // Another output's withheld cell: only if that output's own system protected it.
      if (s.watched(i.cell) && (!watch || !watch(i.cell))) continue;
      ++failing;
      const Group g = complement_for(s, i.cell, relations_of);
      if (g != CellSuppression::kUnpublished) more.insert(g);
    }
    if (more.empty()) {
      st.unresolved = failing;
      break;
    }
    for (Group g : more) s.hide_group(g, CellSuppression::Step::audit);
    st.audit_groups += more.size();
    s.solve();
  }
  st.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return st;
}

}  // namespace sunplan
