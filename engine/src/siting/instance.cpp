#include "sunplan/siting/instance.hpp"

#include <cmath>

#include "sunplan/core/error.hpp"

namespace sunplan::siting {

std::vector<std::string> validate(const Instance& in) {
  std::vector<std::string> out;
  const auto n = in.demand_count();
  const auto m = in.facility_count();
  if (in.reach.demand_count() != n)
    out.push_back("reach has " + std::to_string(in.reach.demand_count()) + " rows but there are " +
                  std::to_string(n) + " demand weights");
  if (in.reach.facility.size() != in.reach.cost.size() ||
      in.reach.offsets.back() != in.reach.facility.size())
    out.push_back("reach offsets, facility and cost columns disagree");
  for (auto j : in.reach.facility)
    if (j >= m) {
      out.push_back("reach names facility " + std::to_string(j) + " of " + std::to_string(m));
      break;
    }
  for (std::size_t i = 0; i < n; ++i)
    if (in.weight[i] < 0) {
      out.push_back("demand " + std::to_string(i) + " has a negative weight");
      break;
    }
  if (!in.demand_class.empty() && in.demand_class.size() != n)
    out.push_back("demand_class size differs from the demand count");
  if (!in.cost.empty()) {
    if (in.cost.size() != m) out.push_back("cost size differs from the facility count");
    for (double c : in.cost)
      if (!(c >= 0) || !std::isfinite(c)) {
        out.push_back("a facility cost is negative or not finite");
        break;
      }
  }
  if (!in.capacity.empty() && in.capacity.size() != m)
    out.push_back("capacity size differs from the facility count");
  for (const auto& q : in.quotas) {
    if (q.group.size() != m) out.push_back("quota '" + q.name + "': group size differs");
    if (q.min_new.size() != q.max_new.size())
      out.push_back("quota '" + q.name + "': min and max sizes differ");
    for (auto g : q.group)
      if (g != kNone && (g < 0 || static_cast<std::size_t>(g) >= q.min_new.size())) {
        out.push_back("quota '" + q.name + "': group index out of range");
        break;
      }
    for (std::size_t g = 0; g < q.min_new.size() && g < q.max_new.size(); ++g)
      if (q.min_new[g] > q.max_new[g]) {
        out.push_back("quota '" + q.name + "' group " + std::to_string(g) + ": min above max");
        break;
      }
  }
  return out;
}

void require_valid(const Instance& in) {
  auto problems = validate(in);
  if (!problems.empty()) throw UsageError("siting instance: " + problems.front());
}

}  // namespace sunplan::siting
