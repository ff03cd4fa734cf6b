// Reductions of a covering model that keep its optimum (see cover_model.hpp), internal.
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting::detail {

// Demand rows as sorted facility lists with a weight each.
struct Rows {
  std::vector<std::uint64_t> offsets{0};
  std::vector<std::uint32_t> facility;  // ascending within a row
  std::vector<std::int64_t> weight;
  std::size_t size() const { return weight.size(); }
};

// Rows with the same facility set become one row (weights added); merged rows keep the order
// of their first occurrence.
Rows merge_identical(const Rows& rows);

// Per facility, 1 when a candidate dominates it: its covered rows lie inside the other's,
// both are in the same group at every quota level and the other costs no more (ties broken
// towards the lower index, so the relation has no cycles). `candidate` marks who may be named.
std::vector<std::uint8_t> dominated_candidates(const Rows& rows, const Instance& in,
                                               const std::vector<std::uint8_t>& candidate);

// Drops the marked facilities from every row.
Rows without(const Rows& rows, const std::vector<std::uint8_t>& drop);

}  // namespace sunplan::siting::detail
