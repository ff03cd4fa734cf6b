#include "canonical_order.hpp"

#include <algorithm>
#include <numeric>
#include <tuple>

namespace sunplan::pairing::detail {

std::vector<std::uint32_t> canonical_team_order(const Teams& teams) {
  std::vector<std::uint32_t> order(teams.size());
  std::iota(order.begin(), order.end(), 0u);
  auto key = [&teams](std::uint32_t i) {
    return std::tie(teams.id[i], teams.pos.x[i], teams.pos.y[i], teams.capacity[i],
                    teams.term_end[i]);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  return order;
}

std::vector<std::uint32_t> canonical_point_order(const PointSet& pos,
                                                 std::span<const std::string> id) {
  std::vector<std::uint32_t> order(pos.size());
  std::iota(order.begin(), order.end(), 0u);
  static const std::string kEmpty;
  auto key = [&](std::uint32_t i) {
    return std::tie(pos.x[i], pos.y[i], id.empty() ? kEmpty : id[i]);
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return key(a) < key(b); });
  return order;
}

std::vector<std::uint32_t> inverse(std::span<const std::uint32_t> order) {
  std::vector<std::uint32_t> rank(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) rank[order[r]] = static_cast<std::uint32_t>(r);
  return rank;
}

std::unordered_map<std::string, std::uint32_t> team_rank_by_id(
    const Teams& teams, std::span<const std::uint32_t> order) {
  std::unordered_map<std::string, std::uint32_t> out;
  out.reserve(order.size());
  for (std::size_t r = 0; r < order.size(); ++r)
    out.emplace(teams.id[order[r]], static_cast<std::uint32_t>(r));  // keeps the first
  return out;
}

}  // namespace sunplan::pairing::detail
