// Internal: the orders every pairing algorithm works in, so that results depend on the data
// and never on the order rows arrive in.
//
//   std::vector<std::uint32_t> t = canonical_team_order(teams);   // t[rank] = input index
//   std::vector<std::uint32_t> rank = inverse(t);                  // rank[input index]
//
// Teams: by (id, x, y, capacity, term_end), then input index for rows identical in all of them.
// Points (youth, bases): by (x, y, id), then input index. Rows equal in every key are
// interchangeable, so the last resort changes no figure.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "sunplan/core/dataset.hpp"

namespace sunplan::pairing::detail {

std::vector<std::uint32_t> canonical_team_order(const Teams& teams);
std::vector<std::uint32_t> canonical_point_order(const PointSet& pos,
                                                 std::span<const std::string> id);
std::vector<std::uint32_t> inverse(std::span<const std::uint32_t> order);

// Team id -> canonical rank of the first team (in canonical order) carrying that id.
std::unordered_map<std::string, std::uint32_t> team_rank_by_id(
    const Teams& teams, std::span<const std::uint32_t> order);

}  // namespace sunplan::pairing::detail
