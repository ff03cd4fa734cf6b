// 1-opt exchange (Teitz & Bart 1968 style) for covering: replace one named site by one not
// named when that covers more weight, keeping k, the budget and every quota. Each candidate
// is scanned once per pass; the site to drop is found from the weights only it covers.
//
//   SwapStats s = swap_search(m, state, quota, named_sites, {}, progress);
//   // named_sites now holds the improved set; state and quota follow it
#pragma once

#include <cstdint>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/siting/cover_model.hpp"
#include "sunplan/siting/quota_state.hpp"

namespace sunplan::siting {

struct SwapOptions {
  int max_passes = 20;
  double time_limit_seconds = 60;
};

struct SwapStats {
  int passes = 0;
  std::int64_t swaps = 0;
  std::int64_t improvement = 0;  // covered weight gained
  bool hit_limit = false;        // stopped by max_passes or the time limit, not a local optimum
};

SwapStats swap_search(const CoverModel& m, CoverState& state, QuotaState& quota,
                      std::vector<std::uint32_t>& named, const SwapOptions& options,
                      Progress& progress);

}  // namespace sunplan::siting
