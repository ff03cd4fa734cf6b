#include "pmedian_branch.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include "stages.hpp"
#include "sunplan/siting/lagrangian.hpp"

namespace sunplan::siting::detail {

namespace {

struct Node {
  std::vector<std::uint32_t> in, out;  // candidates fixed open / closed
  std::vector<double> u;               // the parent's best multipliers
  double parent_bound = 0;
};

// The model's objective of a plan: every row pays its cheapest open facility or its penalty.
double plan_cost(const AssignModel& m, std::span<const std::uint32_t> sites,
                 std::vector<std::uint8_t>& open) {
  for (auto j : sites) open[j] = 1;
  double cost = m.constant;
  for (std::size_t i = 0; i < m.demand_count(); ++i) {
    double c = m.penalty[i];
    for (auto e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e)
      if (m.fixed_open[m.row_facility[e]] || open[m.row_facility[e]]) {
        c = std::min(c, static_cast<double>(m.row_cost[e]));
        break;  // rows are sorted by cost
      }
    cost += static_cast<double>(m.weight[i]) * c;
  }
  for (auto j : sites) open[j] = 0;
  return cost;
}

// The chosen, not yet fixed site whose rows (those its multipliers make it serve) most often
// are served by another chosen site too: where the relaxation double-counts.
std::int64_t branch_site(const AssignModel& m, const std::vector<double>& u,
                         const std::vector<std::uint32_t>& chosen,
                         const std::vector<std::uint32_t>& fixed_in,
                         std::vector<std::uint8_t>& mark) {
  std::vector<std::uint32_t> servers(m.demand_count(), 0);
  for (auto j : chosen)
    for (auto e = m.col_offsets[j]; e < m.col_offsets[j + 1]; ++e)
      if (static_cast<double>(m.weight[m.col_demand[e]]) * m.col_cost[e] < u[m.col_demand[e]])
        ++servers[m.col_demand[e]];
  for (auto j : fixed_in) mark[j] = 1;
  std::int64_t best = -1, best_shared = -1;
  for (auto j : chosen) {
    if (mark[j]) continue;
    std::int64_t shared = 0;
    for (auto e = m.col_offsets[j]; e < m.col_offsets[j + 1]; ++e)
      if (static_cast<double>(m.weight[m.col_demand[e]]) * m.col_cost[e] < u[m.col_demand[e]] &&
          servers[m.col_demand[e]] > 1)
        ++shared;
    if (shared > best_shared) {
      best_shared = shared;
      best = j;
    }
  }
  for (auto j : fixed_in) mark[j] = 0;
  return best;
}

// The model without the candidates reduced costs closed for good: every node's bound then
// passes over fewer assignment options (facility numbers unchanged, their columns empty).
AssignModel without(const AssignModel& m, const std::vector<std::uint8_t>& closed) {
  const auto dropped = [&](std::uint32_t j) { return j < closed.size() && closed[j] != 0; };
  AssignModel c;
  c.instance = m.instance;
  c.weight = m.weight;
  c.penalty = m.penalty;
  c.fixed_open = m.fixed_open;
  c.is_candidate = m.is_candidate;
  c.constant = m.constant;
  for (std::size_t i = 0; i < m.demand_count(); ++i) {
    for (auto e = m.row_offsets[i]; e < m.row_offsets[i + 1]; ++e)
      if (!dropped(m.row_facility[e])) {
        c.row_facility.push_back(m.row_facility[e]);
        c.row_cost.push_back(m.row_cost[e]);
      }
    c.row_offsets.push_back(c.row_facility.size());
  }
  c.col_offsets.push_back(0);
  for (std::uint32_t j = 0; j < m.facility_count(); ++j) {
    if (dropped(j)) {
      c.is_candidate[j] = 0;
    } else {
      for (auto e = m.col_offsets[j]; e < m.col_offsets[j + 1]; ++e) {
        c.col_demand.push_back(m.col_demand[e]);
        c.col_cost.push_back(m.col_cost[e]);
      }
    }
    c.col_offsets.push_back(c.col_demand.size());
  }
  return c;
}

class Search {
 public:
  Search(const AssignModel& model, const ModelSpec& spec, bool integral)
      : m_work(model), m_spec(spec), m_integral(integral), m_scratch(model.facility_count(), 0) {}

  // Plans above this cost cannot beat the incumbent by a counted amount.
  double prune_at() const {
    const double eps = 1e-7 * std::max(1.0, std::abs(m_cost));
    return m_integral ? m_cost - 1 + eps : m_cost - 3e-9 * std::max(1.0, std::abs(m_cost));
  }
  void set_incumbent(std::vector<std::uint32_t> plan, double cost) {
    m_plan = std::move(plan);
    m_cost = cost;
  }

  // Bounds a node, updates the incumbent from its relaxed plan and fills its children
  // (none when it is closed). Returns the node's bound.
  double expand(const Node& node, std::vector<Node>& children, Progress& progress);

  double cost() const { return m_cost; }
  std::int64_t free_site() const;
  const std::vector<std::uint32_t>& plan() const { return m_plan; }

 private:
  void fix(const Node& node, std::uint8_t on) {
    for (auto j : node.in) {
      m_work.fixed_open[j] = on;
      m_work.is_candidate[j] = !on;
    }
    for (auto j : node.out) m_work.is_candidate[j] = !on;
  }

  AssignModel m_work;
  ModelSpec m_spec;
  bool m_integral;
  std::vector<std::uint8_t> m_scratch;
  std::vector<std::uint32_t> m_plan;
  double m_cost = 0;
};

double Search::expand(const Node& node, std::vector<Node>& children, Progress& progress) {
  fix(node, 1);
  ModelSpec spec = m_spec;
  spec.k = m_spec.k - node.in.size();
  LagrangianOptions o;
  o.max_iterations = 150;
  o.halve_after = 15;
  o.initial_step = 1.0;
  o.stop_gap = 1e-12;
  o.warm_start = node.u;
  const double eps = m_integral ? 1e-7 * std::max(1.0, std::abs(m_cost)) : 0;
  // The node's closed candidates out of the rows: each of its ~150 steps passes over fewer.
  std::optional<AssignModel> compacted;
  if (!node.out.empty()) {
    std::vector<std::uint8_t> closed(m_work.facility_count(), 0);
    for (auto j : node.out) closed[j] = 1;
    compacted = without(m_work, closed);
  }
  const AssignModel& local = compacted ? *compacted : m_work;
  const auto b = pmedian_bound(local, spec, prune_at() + eps, o, progress);
  // With node.in fixed open in the model, this is the cost of node.in and the chosen sites.
  const double relaxed_cost = plan_cost(local, b.chosen, m_scratch);
  if (relaxed_cost < m_cost) {
    std::vector<std::uint32_t> plan = node.in;
    plan.insert(plan.end(), b.chosen.begin(), b.chosen.end());
    set_incumbent(std::move(plan), relaxed_cost);
  }
  double bound = std::max(b.bound, node.parent_bound);
  std::int64_t j = -1;
  if (bound <= prune_at()) {
    j = branch_site(local, b.multipliers, b.chosen, node.in, m_scratch);
    if (j < 0 && spec.k > 0) j = free_site();
    // No site left to choose: the node holds one plan, node.in, costing relaxed_cost.
    if (j < 0) bound = std::max(bound, relaxed_cost);
  }
  fix(node, 0);
  if (j < 0) return bound;  // closed
  Node out{node.in, node.out, b.multipliers, bound};
  for (std::uint32_t f = 0; f < b.fixed_out.size(); ++f)
    if (b.fixed_out[f]) out.out.push_back(f);
  Node in = out;
  out.out.push_back(static_cast<std::uint32_t>(j));
  in.in.push_back(static_cast<std::uint32_t>(j));
  children.push_back(std::move(out));
  children.push_back(std::move(in));  // explored first
  return bound;
}

// While a node is fixed: a candidate neither fixed open nor closed, or -1.
std::int64_t Search::free_site() const {
  for (std::uint32_t j = 0; j < m_work.facility_count(); ++j)
    if (m_work.is_candidate[j]) return j;
  return -1;
}

}  // namespace

BranchResult pmedian_branch(const AssignModel& model, const ModelSpec& spec,
                            std::span<const std::uint32_t> start, double start_cost,
                            const std::vector<double>& multipliers,
                            const std::vector<std::uint8_t>& closed, double root_bound,
                            bool integral, double seconds, Progress& progress) {
  Stopwatch clock;
  Search search(without(model, closed), spec, integral);
  search.set_incumbent({start.begin(), start.end()}, start_cost);
  BranchResult r;
  // Best bound first: the node with the smallest parent bound holds the global bound, and
  // only closing it raises that.
  const auto later = [](const Node& a, const Node& b) { return a.parent_bound > b.parent_bound; };
  std::vector<Node> stack{Node{{}, {}, multipliers, root_bound}};
  double closed_bound = std::numeric_limits<double>::infinity();  // of nodes closed so far
  std::vector<Node> children;
  while (!stack.empty() && clock.seconds() < seconds) {
    std::pop_heap(stack.begin(), stack.end(), later);
    Node node = std::move(stack.back());
    stack.pop_back();
    ++r.nodes;
    if ((r.nodes & 15) == 0)
      report_or_cancel(progress, std::min(1.0, clock.seconds() / seconds),
                       "siting: p-median branch and bound");
    if (node.parent_bound > search.prune_at()) {  // the incumbent improved since it was made
      closed_bound = std::min(closed_bound, node.parent_bound);
      continue;
    }
    children.clear();
    const double bound = search.expand(node, children, progress);
    if (children.empty()) closed_bound = std::min(closed_bound, bound);
    for (auto& c : children) {
      stack.push_back(std::move(c));
      std::push_heap(stack.begin(), stack.end(), later);
    }
  }
  r.complete = stack.empty();
  r.cost = search.cost();
  r.plan = search.plan();
  double open_bound = closed_bound;
  for (const auto& n : stack) open_bound = std::min(open_bound, n.parent_bound);
  r.bound = std::min(open_bound, r.cost);
  // Integral costs: every node closed above cost - 1 leaves the incumbent optimal.
  if (integral && r.complete) r.bound = r.cost;
  r.bound = std::max(r.bound, root_bound);
  return r;
}

}  // namespace sunplan::siting::detail
