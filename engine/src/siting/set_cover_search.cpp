#include "set_cover_search.hpp"

#include <algorithm>
#include <chrono>
#include <limits>
#include <random>
#include <set>
#include <tuple>

namespace sunplan::siting::detail {

namespace {

// No row, no site (a list position or a pick that found nothing).
constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();
// Row weights only grow; past this they are halved (and every score recomputed) so that no
// score sum can overflow.
constexpr std::int64_t kWeightCeiling = std::int64_t{1} << 40;

// The plan S, its row counts and every site's score, kept in step with each move.
class CoverState {
 public:
  CoverState(const CoverModel& m, std::int64_t need, const QuotaState& quota)
      : m_m(m), m_quota(quota), m_allowed(total(m) - need) {
    const auto n = m.demand_count(), f = m.facility_count();
    // Full covering: every row counts the same (merged rows are no harder to cover). Partial
    // covering: a row's youth decide how much leaving it out costs.
    const bool full = m_allowed <= 0;
    m_base.resize(n);
    for (std::size_t r = 0; r < n; ++r)
      m_base[r] = full ? 1 : std::max<std::int64_t>(1, m.weight[r]);
    m_pw = m_base;
    m_count.assign(n, 0);
    m_sole.assign(n, 0);
    m_pos.assign(n, kAbsent);
    for (std::uint32_t r = 0; r < n; ++r) uncover(r);
    m_in.assign(f, 0);
    m_conf.assign(f, 1);
    m_stamp.assign(f, 0);
    m_score.assign(f, 0);
    for (std::uint32_t j = 0; j < f; ++j)
      for (auto r : m.covered_by(j)) m_score[j] += m_pw[r];
  }

  // Names j (its rows covered; neighbours' configuration changed). Sites whose score drops to
  // zero (now redundant) are appended to `redundant`.
  void add(std::uint32_t j, std::int64_t step, std::vector<std::uint32_t>* redundant = nullptr) {
    m_in[j] = 1;
    m_stamp[j] = step;
    m_quota.add(j);
    ++m_size;
    for (auto r : m_m.covered_by(j)) {
      if (m_count[r] == 0) {
        cover(r);
        for (auto k : m_m.covering(r))
          if (k != j) m_score[k] -= m_pw[r];
      } else if (m_count[r] == 1) {
        const auto k = m_sole[r];
        bump(k, m_pw[r]);
        if (redundant && m_score[k] == 0) redundant->push_back(k);
      }
      ++m_count[r];
      m_sole[r] ^= j;
      for (auto k : m_m.covering(r)) m_conf[k] = 1;
    }
    // The rows j newly covers are exactly the rows only j covers now.
    m_score[j] = -m_score[j];
    m_chosen.insert(key(j));
  }

  void remove(std::uint32_t j, std::int64_t step) {
    m_chosen.erase(key(j));
    m_in[j] = 0;
    m_stamp[j] = step;
    m_quota.remove(j);
    --m_size;
    for (auto r : m_m.covered_by(j)) {
      --m_count[r];
      m_sole[r] ^= j;
      if (m_count[r] == 0) {
        uncover(r);
        for (auto k : m_m.covering(r))
          if (k != j) m_score[k] += m_pw[r];
      } else if (m_count[r] == 1) {
        bump(m_sole[r], -m_pw[r]);
      }
      for (auto k : m_m.covering(r)) m_conf[k] = 1;
    }
    m_score[j] = -m_score[j];
    m_conf[j] = 0;  // not named again until a neighbour changes
  }

  // The named site whose removal loses least (highest score), oldest first, other than
  // `tabu`, that no quota minimum holds; UINT32_MAX when none.
  std::uint32_t to_remove(std::uint32_t tabu) const {
    for (const auto& k : m_chosen) {
      const auto j = std::get<2>(k);
      if (j != tabu && m_quota.can_remove(j)) return j;
    }
    return kAbsent;
  }

  // The site to name for uncovered row r: configuration-checked first, then highest score,
  // oldest, lowest index; UINT32_MAX when the rules allow none.
  std::uint32_t to_add(std::uint32_t r) const {
    std::uint32_t best = kAbsent;
    for (auto j : m_m.covering(r)) {
      if (!m_quota.can_add(j)) continue;
      if (best == kAbsent || better(j, best)) best = j;
    }
    return best;
  }

  // Every uncovered row weighs more by its base step.
  void raise_uncovered() {
    bool rescale = false;
    for (auto r : m_uncovered) {
      m_pw[r] += m_base[r];
      for (auto k : m_m.covering(r)) m_score[k] += m_base[r];
      rescale = rescale || m_pw[r] > kWeightCeiling;
    }
    if (rescale) halve_weights();
  }

  bool is_cover() const { return m_uncovered_weight <= m_allowed; }
  bool named(std::uint32_t j) const { return m_in[j] != 0; }
  std::int64_t score(std::uint32_t j) const { return m_score[j]; }
  std::size_t size() const { return m_size; }
  const QuotaState& quota() const { return m_quota; }
  std::uint32_t random_uncovered(std::mt19937_64& rng) const {
    return m_uncovered[rng() % m_uncovered.size()];
  }
  std::vector<std::uint32_t> plan() const {
    std::vector<std::uint32_t> out;
    for (std::uint32_t j = 0; j < m_in.size(); ++j)
      if (m_in[j]) out.push_back(j);
    return out;
  }

 private:
  using Key = std::tuple<std::int64_t, std::int64_t, std::uint32_t>;  // -score, stamp, j
  Key key(std::uint32_t j) const { return {-m_score[j], m_stamp[j], j}; }

  static std::int64_t total(const CoverModel& m) {
    std::int64_t s = 0;
    for (auto w : m.weight) s += w;
    return s;
  }

  bool better(std::uint32_t a, std::uint32_t b) const {
    if (m_conf[a] != m_conf[b]) return m_conf[a] > m_conf[b];
    if (m_score[a] != m_score[b]) return m_score[a] > m_score[b];
    if (m_stamp[a] != m_stamp[b]) return m_stamp[a] < m_stamp[b];
    return a < b;
  }

  // Score change of site k (kept in the removal order when named).
  void bump(std::uint32_t k, std::int64_t delta) {
    if (m_in[k]) m_chosen.erase(key(k));
    m_score[k] += delta;
    if (m_in[k]) m_chosen.insert(key(k));
  }

  void uncover(std::uint32_t r) {
    m_pos[r] = static_cast<std::uint32_t>(m_uncovered.size());
    m_uncovered.push_back(r);
    m_uncovered_weight += m_m.weight[r];
  }
  void cover(std::uint32_t r) {
    const auto last = m_uncovered.back();
    m_uncovered[m_pos[r]] = last;
    m_pos[last] = m_pos[r];
    m_uncovered.pop_back();
    m_pos[r] = kAbsent;
    m_uncovered_weight -= m_m.weight[r];
  }

  void halve_weights() {
    for (std::size_t r = 0; r < m_pw.size(); ++r) m_pw[r] = std::max(m_base[r], m_pw[r] / 2);
    m_chosen.clear();
    for (std::uint32_t j = 0; j < m_score.size(); ++j) {
      std::int64_t s = 0;
      for (auto r : m_m.covered_by(j)) {
        if (m_in[j] && m_count[r] == 1) s -= m_pw[r];
        if (!m_in[j] && m_count[r] == 0) s += m_pw[r];
      }
      m_score[j] = s;
      if (m_in[j]) m_chosen.insert(key(j));
    }
  }

  const CoverModel& m_m;
  QuotaState m_quota;
  std::int64_t m_allowed;                  // uncovered reduced weight a cover may leave
  std::vector<std::int64_t> m_base, m_pw;  // per row: weight step and current weight
  std::vector<std::uint32_t> m_count;      // per row: named sites covering it
  std::vector<std::uint32_t> m_sole;       // per row: XOR of them (the one, when count is 1)
  std::vector<std::uint32_t> m_uncovered;  // rows no named site covers
  std::vector<std::uint32_t> m_pos;        // per row: index in m_uncovered
  std::int64_t m_uncovered_weight = 0;
  std::vector<std::uint8_t> m_in, m_conf;  // per site: named; configuration changed
  std::vector<std::int64_t> m_stamp;       // per site: step of its last change
  std::vector<std::int64_t> m_score;
  std::set<Key> m_chosen;  // named sites, best to remove first
  std::size_t m_size = 0;
};

}  // namespace

CoverSearchResult set_cover_search(const CoverModel& m, std::int64_t need, const QuotaState& quota,
                                   std::span<const std::uint32_t> start,
                                   const CoverSearchOptions& options, Progress& progress) {
  const auto started = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  };
  QuotaState empty = quota;  // the state adds the start plan back itself
  for (auto j : start) empty.remove(j);
  CoverState s(m, need, empty);
  for (auto j : start) s.add(j, 0);
  CoverSearchResult out;
  out.plan.assign(start.begin(), start.end());
  std::sort(out.plan.begin(), out.plan.end());
  if (!s.is_cover()) return out;  // nothing to improve on: the caller's plan stands
  std::mt19937_64 rng(options.seed);
  std::int64_t last_better = 0;
  std::uint32_t tabu = kAbsent;
  std::vector<std::uint32_t> redundant;
  for (std::int64_t step = 1;; ++step) {
    while (s.is_cover()) {
      if (s.size() < out.plan.size()) {
        out.plan = s.plan();
        ++out.improvements;
        last_better = step;
      }
      if (out.plan.size() <= options.stop_at) return out;
      const auto j = s.to_remove(kAbsent);
      if (j == kAbsent) {
        out.pinned = true;
        return out;
      }
      s.remove(j, step);
    }
    if (step > options.max_steps || step - last_better > options.stall_steps) break;
    if ((step & 1023) == 0) {
      report_or_cancel(progress, double(step) / double(options.max_steps),
                       "siting: set cover search");
      if (elapsed() > options.time_limit_seconds) {
        out.hit_time_limit = true;
        break;
      }
    }
    out.steps = step;
    // Keep one site fewer than the best cover while repairing (fewer after a failed repair).
    if (s.size() + 1 >= out.plan.size()) {
      const auto j = s.to_remove(tabu);
      if (j != kAbsent) s.remove(j, step);
    }
    std::uint32_t add = kAbsent;
    for (int tries = 0; tries < 8 && add == kAbsent && !s.is_cover(); ++tries)
      add = s.to_add(s.random_uncovered(rng));
    redundant.clear();
    if (add != kAbsent) {
      s.add(add, step, &redundant);
      tabu = add;
    }
    s.raise_uncovered();
    for (auto k : redundant)
      if (k != add && s.named(k) && s.score(k) == 0 && s.quota().can_remove(k)) s.remove(k, step);
  }
  return out;
}

}  // namespace sunplan::siting::detail
