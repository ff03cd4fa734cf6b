#include "sunplan/siting/local_search.hpp"

#include <algorithm>
#include <chrono>
#include <deque>
#include <random>

namespace sunplan::siting {

namespace {

class Deadline {
 public:
  explicit Deadline(double seconds) : m_seconds(seconds) {}
  double elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - m_start).count();
  }
  bool passed() const { return elapsed() > m_seconds; }
  double fraction() const { return std::min(1.0, elapsed() / std::max(m_seconds, 1e-9)); }

 private:
  std::chrono::steady_clock::time_point m_start = std::chrono::steady_clock::now();
  double m_seconds;
};

class Queue {
 public:
  explicit Queue(std::size_t facilities) : m_queued(facilities, 0) {}
  void push(std::uint32_t j) {
    if (!m_queued[j]) {
      m_queued[j] = 1;
      m_items.push_back(j);
    }
  }
  bool pop(std::uint32_t& j) {
    if (m_items.empty()) return false;
    j = m_items.front();
    m_items.pop_front();
    m_queued[j] = 0;
    return true;
  }

 private:
  std::deque<std::uint32_t> m_items;
  std::vector<std::uint8_t> m_queued;
};

constexpr std::uint32_t kAdd = UINT32_MAX;  // a move that names `in` without closing anything

struct Move {
  std::uint32_t in = kAdd, out = kAdd;
  double profit = 0;
};
using Log = std::vector<Move>;

Move best_move(const Interchange& s, const QuotaState& q, std::uint32_t in,
               const SearchOptions& o) {
  Move best;
  best.in = in;
  // Every move with `in` lowers the objective by at most gain(in).
  if (s.is_open(in) || !s.model().is_candidate[in] || s.gain(in) <= o.min_profit) return best;
  const Swap sw = s.best_swap(in, q);
  if (sw.found()) {
    best.out = sw.out;
    best.profit = sw.profit;
  }
  if (o.allow_add && q.can_add(in) && s.gain(in) > best.profit) {
    best.out = kAdd;
    best.profit = s.gain(in);
  }
  return best;
}

void apply(Interchange& s, QuotaState& q, const Move& mv) {
  s.open(mv.in);
  q.add(mv.in);
  if (mv.out != kAdd) {
    s.close(mv.out);
    q.remove(mv.out);
  }
}

void undo(Interchange& s, QuotaState& q, const Move& mv) {
  if (mv.out != kAdd) {
    s.open(mv.out);
    q.add(mv.out);
  }
  s.close(mv.in);
  q.remove(mv.in);
}

void queue_touched(Interchange& s, Queue& queue) {
  for (auto j : s.take_touched()) queue.push(j);
}

// Applies improving moves from the queue until none is left; true when stopped by time.
bool drain(Interchange& s, QuotaState& q, Queue& queue, const SearchOptions& o,
           const Deadline& deadline, SearchStats& stats, Log* log, Progress& progress) {
  std::uint32_t in = 0;
  std::size_t popped = 0;
  while (queue.pop(in)) {
    if ((++popped & 1023) == 0) {
      report_or_cancel(progress, deadline.fraction(), "siting: local search");
      if (deadline.passed()) return true;
    }
    const Move mv = best_move(s, q, in, o);
    if (mv.profit <= o.min_profit) continue;
    apply(s, q, mv);
    ++(mv.out == kAdd ? stats.adds : stats.swaps);
    if (log) log->push_back(mv);
    queue_touched(s, queue);
  }
  return false;
}

// Local search to a proven 1-swap (and add) local optimum, or until time runs out.
void local_optimum(Interchange& s, QuotaState& q, const SearchOptions& o, const Deadline& deadline,
                   SearchStats& stats, Progress& progress) {
  const auto& m = s.model();
  Queue queue(m.facility_count());
  s.take_touched();
  for (std::uint32_t j = 0; j < m.facility_count(); ++j)
    if (m.is_candidate[j]) queue.push(j);
  while (true) {
    if (drain(s, q, queue, o, deadline, stats, nullptr, progress)) {
      stats.hit_time_limit = true;
      return;
    }
    // Losses changed everywhere; one full pass confirms (or refutes) the local optimum.
    bool any = false;
    for (std::uint32_t j = 0; j < m.facility_count(); ++j)
      if (best_move(s, q, j, o).profit > o.min_profit) {
        queue.push(j);
        any = true;
      }
    if (!any) return;
  }
}

// A random named site and a random candidate near it that may replace it.
bool shake_once(Interchange& s, QuotaState& q, std::mt19937_64& rng, Log& log) {
  const auto& m = s.model();
  const auto& named = s.named();
  if (named.empty()) return false;
  const auto out = named[rng() % named.size()];
  for (int attempt = 0; attempt < 16; ++attempt) {
    std::uint32_t in = 0;
    const auto col = m.col_offsets[out + 1] - m.col_offsets[out];
    if (col > 0 && attempt < 12) {
      const auto i = m.col_demand[m.col_offsets[out] + rng() % col];
      const auto row = m.row_offsets[i + 1] - m.row_offsets[i];
      in = m.row_facility[m.row_offsets[i] + rng() % row];
    } else {
      in = static_cast<std::uint32_t>(rng() % m.facility_count());
    }
    if (!m.is_candidate[in] || s.is_open(in) || !q.can_swap(out, in)) continue;
    const Move mv{in, out, 0};
    apply(s, q, mv);
    log.push_back(mv);
    return true;
  }
  return false;
}

}  // namespace

void set_plan(Interchange& s, QuotaState& q, const std::vector<std::uint32_t>& best) {
  std::vector<std::uint8_t> keep(s.model().facility_count(), 0);
  for (auto j : best) keep[j] = 1;
  for (auto j : best)
    if (!s.is_open(j)) {
      s.open(j);
      q.add(j);
    }
  const auto now = s.named();
  for (auto j : now)
    if (!keep[j]) {
      s.close(j);
      q.remove(j);
    }
  s.take_touched();
}

SearchStats local_search(Interchange& state, QuotaState& quota, const SearchOptions& options,
                         Progress& progress) {
  SearchStats stats;
  const Deadline deadline(options.time_limit_seconds);
  local_optimum(state, quota, options, deadline, stats, progress);
  state.resync_objective();
  return stats;
}

SearchStats iterated_search(Interchange& state, QuotaState& quota, const SearchOptions& options,
                            Progress& progress) {
  SearchStats stats;
  const Deadline deadline(options.time_limit_seconds);
  local_optimum(state, quota, options, deadline, stats, progress);
  std::mt19937_64 rng(options.seed);
  double best = state.objective();
  std::vector<std::uint32_t> best_set = state.named();
  Queue queue(state.model().facility_count());
  Log log;
  int r = 1, since_best = 0;
  for (; stats.rounds < options.iterations && !stats.hit_time_limit; ++stats.rounds) {
    if (best <= options.target || since_best >= options.stall_rounds) break;
    ++since_best;
    if (deadline.passed()) {
      stats.hit_time_limit = true;
      break;
    }
    if ((stats.rounds & 63) == 0)
      report_or_cancel(progress, double(stats.rounds) / options.iterations,
                       "siting: iterated search");
    const double before = state.objective();
    log.clear();
    for (int t = 0; t < r; ++t) shake_once(state, quota, rng, log);
    if (log.empty()) break;  // nothing can move
    queue_touched(state, queue);
    stats.hit_time_limit = drain(state, quota, queue, options, deadline, stats, &log, progress);
    const double now = state.objective();
    if (now < best - options.min_profit) {
      best = now;
      best_set = state.named();
      ++stats.improvements;
      since_best = 0;
      r = 1;
    } else if (now <= before + options.min_profit) {
      r = r % std::max(1, options.max_shake) + 1;  // no worse: keep it, but shake harder
    } else {
      for (auto it = log.rbegin(); it != log.rend(); ++it) undo(state, quota, *it);
      state.take_touched();
      r = r % std::max(1, options.max_shake) + 1;
    }
  }
  if (state.objective() > best + options.min_profit) set_plan(state, quota, best_set);
  if (!stats.hit_time_limit) local_optimum(state, quota, options, deadline, stats, progress);
  state.resync_objective();
  return stats;
}

}  // namespace sunplan::siting
