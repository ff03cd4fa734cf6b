// The siting input: demand points, facilities (existing bases fixed open, candidates that
// may be named), who reaches whom, and the rules a plan must keep.
//
//   siting::Instance in;
//   in.reach = reach_matrix;                    // demand i -> facilities, cost in m or s
//   in.weight = youth_per_point;                // aggregated by location first
//   in.existing = is_existing_base;             // 1 = open already, never closed
//   in.quotas.push_back({"province", province_of_facility, min_per_province, max_per_province});
//   auto problems = siting::validate(in);       // empty when usable
//
// Everything is indexed densely: demand i is row i of `reach`, facility j is column j.
// Optional columns are left empty to mean "not given" (cost 1, capacity unlimited,
// urban/rural unknown).
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/reach.hpp"

namespace sunplan::siting {

// One level of admin quotas on *new* bases, e.g. "at least one per county with youth" or
// "province p names exactly quota[p]". A facility with group kNone is not bound at this level.
struct QuotaLevel {
  std::string name;
  std::vector<std::int32_t> group;    // per facility
  std::vector<std::int32_t> min_new;  // per group
  std::vector<std::int32_t> max_new;  // per group; kUnlimited for no upper limit
};

struct Instance {
  ReachMatrix reach;                     // demand -> facilities in reach, rows sorted by cost
  std::vector<std::int64_t> weight;      // youth per demand point (>= 0)
  std::vector<UrbanRural> demand_class;  // per demand, or empty
  std::vector<std::uint8_t> existing;    // per facility: 1 = existing base (fixed open)
  std::vector<double> cost;              // per facility, for budgets; empty = 1 each
  std::vector<std::int64_t> capacity;    // per facility, youth it can serve; empty = unlimited
  std::vector<QuotaLevel> quotas;

  std::size_t demand_count() const { return weight.size(); }
  std::size_t facility_count() const { return existing.size(); }
  double facility_cost(std::size_t j) const { return cost.empty() ? 1.0 : cost[j]; }
  std::int64_t facility_capacity(std::size_t j) const {
    return capacity.empty() ? std::numeric_limits<std::int64_t>::max() : capacity[j];
  }
};

// Human-readable reasons the instance cannot be solved (sizes that disagree, a facility
// index out of range, negative weights, a min quota above its max); empty when fine.
std::vector<std::string> validate(const Instance& in);

// Throws UsageError with the first problem when validate() finds any.
void require_valid(const Instance& in);

}  // namespace sunplan::siting
