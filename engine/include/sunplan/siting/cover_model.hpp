// The covering view of an Instance that the covering solvers (MCLP, LSCP) share: which
// candidates cover each demand point within the cover limit (rows), its transpose (columns)
// and the weights in scope, reduced before any search or bound:
//   - demand already covered by an open facility is counted once (`fixed_weight`) and left out;
//   - demand no facility covers is counted (`unreachable_weight`) and left out;
//   - demand points with the same set of covering candidates are merged (weights added);
//   - a candidate whose covered set lies inside another's, with the same quota groups and no
//     lower cost, is "dominated": its column is emptied. It may still be named to fill a
//     quota minimum or `exactly k`, but then it adds nothing, exactly as in the full model
//     (any plan with it is matched by one with its dominator), so optima and bounds agree.
//
//   CoverModel m = make_cover_model(instance, {.cover_limit = 2000});
//   // m.weight[r], m.covering(r), m.covered_by(j); facility indexes are the instance's
//
// Demand rows are renumbered (reduced rows); facility indexes never change.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "sunplan/siting/instance.hpp"

namespace sunplan::siting {

struct CoverModelOptions {
  float cover_limit = std::numeric_limits<float>::infinity();  // metres or seconds
  std::span<const std::int64_t> weight;  // per-demand weights in scope; empty = instance's
  bool reduce = true;                    // merge demand, drop dominated candidates
};

struct CoverModel {
  const Instance* instance = nullptr;
  std::vector<std::uint64_t> row_offsets{0};  // reduced demand -> covering candidates
  std::vector<std::uint32_t> row_facility;
  std::vector<std::uint64_t> col_offsets;  // facility -> reduced demand it covers
  std::vector<std::uint32_t> col_demand;
  std::vector<std::int64_t> weight;        // per reduced demand row
  std::vector<std::uint8_t> fixed_open;    // per facility: open whatever the plan
  std::vector<std::uint8_t> is_candidate;  // per facility: may be named
  std::int64_t fixed_weight = 0;           // in-scope weight an open facility covers already
  std::int64_t unreachable_weight = 0;     // in-scope weight no facility covers
  std::int64_t total_weight = 0;           // in-scope weight
  std::size_t dominated = 0;               // candidates whose column was emptied
  std::size_t original_demand = 0;         // demand points before merging

  std::size_t demand_count() const { return weight.size(); }
  std::size_t facility_count() const { return fixed_open.size(); }
  std::size_t nonzeros() const { return row_facility.size(); }
  std::int64_t reachable_weight() const { return total_weight - unreachable_weight; }
  std::span<const std::uint32_t> covering(std::size_t r) const {
    return {row_facility.data() + row_offsets[r], row_facility.data() + row_offsets[r + 1]};
  }
  std::span<const std::uint32_t> covered_by(std::size_t j) const {
    return {col_demand.data() + col_offsets[j], col_demand.data() + col_offsets[j + 1]};
  }
};

CoverModel make_cover_model(const Instance& in, const CoverModelOptions& options);

// Candidates, in index order.
std::vector<std::uint32_t> candidate_list(const CoverModel& m);

}  // namespace sunplan::siting
