#include "sunplan/siting/swap_search.hpp"

#include <algorithm>
#include <chrono>
#include <set>

namespace sunplan::siting {

SwapStats swap_search(const CoverModel& m, CoverState& state, QuotaState& quota,
                      std::vector<std::uint32_t>& named, const SwapOptions& options,
                      Progress& progress) {
  SwapStats stats;
  if (named.empty()) return stats;
  const auto start = std::chrono::steady_clock::now();
  const std::uint32_t f = static_cast<std::uint32_t>(m.facility_count());
  std::vector<std::uint8_t> is_named(f, 0);
  for (auto j : named) is_named[j] = 1;

  // loss[j]: weight only j covers, for named j; kept in a set ordered by (loss, index).
  std::vector<std::int64_t> loss(f, 0);
  std::set<std::pair<std::int64_t, std::uint32_t>> by_loss;
  for (auto j : named) {
    loss[j] = state.loss(j);
    by_loss.insert({loss[j], j});
  }
  auto set_loss = [&](std::uint32_t j, std::int64_t value) {
    if (!is_named[j] || loss[j] == value) return;
    by_loss.erase({loss[j], j});
    loss[j] = value;
    by_loss.insert({value, j});
  };
  // A demand point changing its cover count between 1 and 2 moves its weight into or out of
  // the sole coverer's loss; that is the only way losses change.
  auto adjust_sole = [&](std::uint32_t i, std::int64_t sign) {
    if (state.count(i) != 1) return;
    const auto s = state.sole_cover(i);
    if (is_named[s]) set_loss(s, loss[s] + sign * m.weight[i]);
  };

  std::vector<std::int64_t> overlap(f, 0);  // weight covered only by named j that `in` covers
  std::vector<std::uint32_t> touched;
  bool improved = true;
  while (improved) {
    if (stats.passes >= options.max_passes) {
      stats.hit_limit = true;
      break;
    }
    improved = false;
    ++stats.passes;
    for (std::uint32_t in = 0; in < f; ++in) {
      if (!m.is_candidate[in] || is_named[in]) continue;
      if ((in & 1023) == 0) {
        report_or_cancel(progress, static_cast<double>(in) / f, "siting: swap");
        std::chrono::duration<double> t = std::chrono::steady_clock::now() - start;
        if (t.count() > options.time_limit_seconds) {
          stats.hit_limit = true;
          return stats;
        }
      }
      std::int64_t gain = 0;
      touched.clear();
      for (auto i : m.covered_by(in)) {
        if (m.weight[i] == 0) continue;
        if (state.count(i) == 0) {
          gain += m.weight[i];
        } else if (state.count(i) == 1) {
          const auto s = state.sole_cover(i);
          if (!is_named[s]) continue;  // covered by a fixed site: cannot be lost
          if (overlap[s] == 0) touched.push_back(s);
          overlap[s] += m.weight[i];
        }
      }
      // delta(out) = gain - loss[out] + overlap[out]; only out with loss < gain + overlap help.
      std::int64_t best_delta = 0;
      std::uint32_t best_out = UINT32_MAX;
      for (auto out : touched) {
        const auto d = gain - loss[out] + overlap[out];
        if ((d > best_delta || (d == best_delta && d > 0 && out < best_out)) &&
            quota.can_swap(out, in)) {
          best_delta = d;
          best_out = out;
        }
      }
      for (auto& [l, out] : by_loss) {
        if (gain - l <= best_delta) break;
        if (overlap[out] != 0) continue;  // handled above
        if (quota.can_swap(out, in)) {
          best_delta = gain - l;
          best_out = out;
          break;
        }
      }
      for (auto s : touched) overlap[s] = 0;
      if (best_out == UINT32_MAX) continue;

      // Apply: close best_out, open in, keeping losses in step.
      const auto out = best_out;
      for (auto i : m.covered_by(out)) adjust_sole(i, -1);
      by_loss.erase({loss[out], out});
      is_named[out] = 0;
      loss[out] = 0;
      state.close(out);
      quota.remove(out);
      for (auto i : m.covered_by(out)) adjust_sole(i, +1);

      for (auto i : m.covered_by(in)) adjust_sole(i, -1);
      state.open(in);
      quota.add(in);
      is_named[in] = 1;
      loss[in] = 0;
      by_loss.insert({0, in});
      for (auto i : m.covered_by(in)) adjust_sole(i, +1);

      std::replace(named.begin(), named.end(), out, in);
      ++stats.swaps;
      stats.improvement += best_delta;
      improved = true;
    }
  }
  return stats;
}

}  // namespace sunplan::siting
