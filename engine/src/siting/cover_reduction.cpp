#include "cover_reduction.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <numeric>
#include <span>

#include "sparse.hpp"

namespace sunplan::siting::detail {

namespace {

std::span<const std::uint32_t> row_of(const Rows& r, std::size_t i) {
  return {r.facility.data() + r.offsets[i], r.facility.data() + r.offsets[i + 1]};
}

std::uint64_t hash_row(std::span<const std::uint32_t> row) {
  std::uint64_t h = 1469598103934665603ull ^ row.size();
  for (auto j : row) {
    h ^= j + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 1099511628211ull;
  }
  return h;
}

bool same_groups(const Instance& in, std::uint32_t a, std::uint32_t b) {
  for (const auto& q : in.quotas)
    if (q.group[a] != q.group[b]) return false;
  return true;
}

// a's sorted list inside b's sorted list.
bool subset(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) {
  if (a.size() > b.size()) return false;
  std::size_t p = 0;
  for (auto x : a) {
    while (p < b.size() && b[p] < x) ++p;
    if (p == b.size() || b[p] != x) return false;
    ++p;
  }
  return true;
}

}  // namespace

Rows merge_identical(const Rows& rows) {
  const std::size_t n = rows.size();
  std::vector<std::uint64_t> hash(n);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n), [&](auto r) {
    for (auto i = r.begin(); i < r.end(); ++i) hash[i] = hash_row(row_of(rows, i));
  });
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (hash[a] != hash[b]) return hash[a] < hash[b];
    const auto ra = row_of(rows, a), rb = row_of(rows, b);
    if (!std::equal(ra.begin(), ra.end(), rb.begin(), rb.end()))
      return std::lexicographical_compare(ra.begin(), ra.end(), rb.begin(), rb.end());
    return a < b;
  });
  // head[i]: the first row (lowest index) with i's set.
  std::vector<std::uint32_t> head(n);
  for (std::size_t t = 0; t < n; ++t) {
    const auto i = order[t];
    const bool same = t > 0 && hash[order[t - 1]] == hash[i] &&
                      std::ranges::equal(row_of(rows, order[t - 1]), row_of(rows, i));
    head[i] = same ? head[order[t - 1]] : i;
  }
  Rows out;
  std::vector<std::uint32_t> slot(n, UINT32_MAX);
  for (std::size_t i = 0; i < n; ++i) {
    if (head[i] == i) {
      slot[i] = static_cast<std::uint32_t>(out.size());
      const auto r = row_of(rows, i);
      out.facility.insert(out.facility.end(), r.begin(), r.end());
      out.offsets.push_back(out.facility.size());
      out.weight.push_back(0);
    }
    out.weight[slot[head[i]]] += rows.weight[i];
  }
  return out;
}

std::vector<std::uint8_t> dominated_candidates(const Rows& rows, const Instance& in,
                                               const std::vector<std::uint8_t>& candidate) {
  const std::size_t f = candidate.size();
  const auto cols = transpose(rows.offsets, rows.facility, f);
  auto col = [&](std::size_t j) {
    return std::span<const std::uint32_t>(cols.row.data() + cols.offsets[j],
                                          cols.row.data() + cols.offsets[j + 1]);
  };
  std::vector<std::uint8_t> dominated(f, 0);
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, f), [&](auto range) {
    for (auto j = range.begin(); j < range.end(); ++j) {
      if (!candidate[j]) continue;
      const auto cj = col(j);
      if (cj.empty()) {
        dominated[j] = 1;  // covers nothing left to cover
        continue;
      }
      // Any dominator covers every row of j, so it is in j's shortest row.
      std::uint32_t pivot = cj[0];
      for (auto r : cj)
        if (rows.offsets[r + 1] - rows.offsets[r] < rows.offsets[pivot + 1] - rows.offsets[pivot])
          pivot = r;
      const double cost = in.facility_cost(j);
      for (auto k : row_of(rows, pivot)) {
        if (k == j || !candidate[k] || in.facility_cost(k) > cost || !same_groups(in, j, k))
          continue;
        const auto ck = col(k);
        const bool equal_set = ck.size() == cj.size();
        if (equal_set && in.facility_cost(k) == cost && k > j) continue;  // tie: lower index
        if (subset(cj, ck)) {
          dominated[j] = 1;
          break;
        }
      }
    }
  });
  return dominated;
}

Rows without(const Rows& rows, const std::vector<std::uint8_t>& drop) {
  Rows out;
  out.weight = rows.weight;
  out.facility.reserve(rows.facility.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    for (auto j : row_of(rows, i))
      if (!drop[j]) out.facility.push_back(j);
    out.offsets.push_back(out.facility.size());
  }
  return out;
}

}  // namespace sunplan::siting::detail
