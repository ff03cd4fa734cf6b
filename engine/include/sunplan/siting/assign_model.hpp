// The assignment view that p-median and maximal covering share: each demand row lists the
// facilities it may be assigned to with a cost, sorted by cost; a demand with no open
// facility in its row pays its penalty. The objective is sum of weight x cost to the nearest
// open facility (or the penalty).
//
//   p-median: costs are distances; the penalty is the unassigned cost.
//   maximal covering: every cost is 0 and the penalty 1, so the objective is the uncovered
//   weight (Church & ReVelle's MCLP is a p-median with 0/1 distances: Hillsman 1984).
//
//   AssignModel m = pmedian_model(instance, spec);          // or covering_model(cover_model)
//   Interchange state(m);                                     // interchange.hpp
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting {

struct AssignModel {
  const Instance* instance = nullptr;
  std::vector<std::uint64_t> row_offsets{0};
  std::vector<std::uint32_t> row_facility;  // sorted by (cost, facility) within a row
  std::vector<float> row_cost;
  std::vector<std::uint64_t> col_offsets;  // facility -> rows, with the same costs
  std::vector<std::uint32_t> col_demand;
  std::vector<float> col_cost;
  std::vector<std::int64_t> weight;        // per row
  std::vector<double> penalty;             // per row: cost when no facility of the row is open
  std::vector<std::uint8_t> fixed_open;    // per facility
  std::vector<std::uint8_t> is_candidate;  // per facility
  double constant = 0;  // objective part no plan changes (demand with an empty row)

  std::size_t demand_count() const { return weight.size(); }
  std::size_t facility_count() const { return fixed_open.size(); }
  std::size_t nonzeros() const { return row_facility.size(); }
};

// Maximal covering as assignment: rows and weights of the (reduced) cover model, cost 0,
// penalty 1. Objective = uncovered weight of the reduced rows.
AssignModel covering_model(const CoverModel& cover);

// p-median: every reach entry within spec.cover_limit and below the demand's unassigned cost;
// a row stops at its first open (existing) facility, as nothing beyond it can be nearer.
AssignModel pmedian_model(const Instance& in, const ModelSpec& spec);

}  // namespace sunplan::siting
