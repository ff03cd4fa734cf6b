// The covering view of an Instance that the coverage solvers share: which facilities cover
// each demand point within the cover limit (rows), its transpose (columns), the weights in
// scope, and what is already open.
//
//   CoverModel m = make_cover_model(instance, 2000.0f);   // 2 km, or seconds for network reach
//   CoverState s(m);                                        // existing bases already counted
//   s.open(j);  s.covered_weight();
//
// Demand outside the phase (e.g. urban youth in the rural phase) is kept with weight 0 so
// indexes never change between phases.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting {

struct CoverModel {
  const Instance* instance = nullptr;
  std::vector<std::uint64_t> row_offsets{0};  // demand -> covering facilities
  std::vector<std::uint32_t> row_facility;
  std::vector<std::uint64_t> col_offsets;  // facility -> demand it covers
  std::vector<std::uint32_t> col_demand;
  std::vector<std::int64_t> weight;        // in-scope weight per demand
  std::vector<std::uint8_t> fixed_open;    // existing bases, plus sites named in earlier phases
  std::vector<std::uint8_t> is_candidate;  // may be named now (not existing, not fixed)

  std::size_t demand_count() const { return weight.size(); }
  std::size_t facility_count() const { return fixed_open.size(); }
  std::span<const std::uint32_t> covering(std::size_t i) const {
    return {row_facility.data() + row_offsets[i], row_facility.data() + row_offsets[i + 1]};
  }
  std::span<const std::uint32_t> covered_by(std::size_t j) const {
    return {col_demand.data() + col_offsets[j], col_demand.data() + col_offsets[j + 1]};
  }
};

// cover_limit: a reach entry covers when its cost <= cover_limit (infinity = every entry).
// weight_override: per-demand weights in scope (empty = instance.weight).
CoverModel make_cover_model(const Instance& in, float cover_limit,
                            std::span<const std::int64_t> weight_override = {});

// Marks facilities as open before solving (sites named in an earlier phase).
void fix_open(CoverModel& m, std::span<const std::uint32_t> facilities);

// Incremental coverage: how many open facilities cover each demand and, for demand covered
// exactly once, which one (the sum of covering ids equals the id when the count is 1).
class CoverState {
 public:
  explicit CoverState(const CoverModel& m);
  void open(std::uint32_t j);
  void close(std::uint32_t j);
  bool is_open(std::uint32_t j) const { return m_open[j] != 0; }
  std::uint32_t count(std::size_t i) const { return m_count[i]; }
  std::uint32_t sole_cover(std::size_t i) const { return static_cast<std::uint32_t>(m_sum[i]); }
  std::int64_t covered_weight() const { return m_covered; }
  // Weight newly covered if j opened now.
  std::int64_t gain(std::uint32_t j) const;
  // Weight lost if open j closed now.
  std::int64_t loss(std::uint32_t j) const;

 private:
  const CoverModel* m_model;
  std::vector<std::uint32_t> m_count;
  std::vector<std::uint64_t> m_sum;
  std::vector<std::uint8_t> m_open;
  std::int64_t m_covered = 0;
};

// Weight of in-scope demand that no facility (open or candidate) covers.
std::int64_t unreachable_weight(const CoverModel& m);
std::int64_t total_weight(const CoverModel& m);

}  // namespace sunplan::siting
