// The capacitated covering model's demand side, merged, internal to siting: per demand point
// the facilities within the limit, and per facility the youth it can serve at most. Points
// with the same facilities in reach are merged (weights added): they are interchangeable in
// the flow, so the optimum and every bound stay the same (clustered points at 5 km: 2,000
// become 727 rows, 20,000 become 4,269). Used by the Lagrangian bound and the LP/MIP
// formulation.
#pragma once

#include <cstdint>
#include <vector>

#include "sparse.hpp"
#include "sunplan/siting/instance.hpp"
#include "sunplan/siting/model.hpp"

namespace sunplan::siting::detail {

struct CapacitatedRows {
  std::vector<std::uint64_t> row_offsets;
  std::vector<std::uint32_t> row_facility;  // ascending within a row
  std::vector<double> weight;               // per demand row
  Transposed cols;                          // facility -> rows, entry = index into the rows
  std::vector<double> capacity;             // per facility: min(capacity, weight in reach)
  std::size_t size() const { return weight.size(); }
};

CapacitatedRows capacitated_rows(const Instance& in, const ModelSpec& spec);

}  // namespace sunplan::siting::detail
