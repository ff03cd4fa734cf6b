// Small builders for Youth and Teams, and a row shuffle, shared by the pairing tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "sunplan/core/dataset.hpp"

namespace sunplan::pairing::test {

inline void add_youth(Youth& y, double x_m, double y_m, std::string id, std::int32_t count = 1,
                      std::string paired_team = {}, std::int32_t township = kNone) {
  y.pos.push_back({x_m, y_m});
  y.id.push_back(std::move(id));
  y.count.push_back(count);
  y.age.push_back(-1);
  y.category.push_back(0);
  y.paired_team.push_back(std::move(paired_team));
  y.township.push_back(township);
  y.source_row.push_back(static_cast<std::int64_t>(y.id.size()));
}

inline void add_team(Teams& t, double x_m, double y_m, std::string id, std::int32_t capacity,
                     std::int32_t term_end = kNoDate, std::string specialist = {},
                     std::int32_t township = kNone) {
  t.pos.push_back({x_m, y_m});
  t.id.push_back(std::move(id));
  t.name.push_back(t.id.back());
  t.capacity.push_back(capacity);
  // Two volunteers per place, in 64 bits: an unlimited team (kUnlimited) would overflow.
  t.volunteers.push_back(static_cast<std::int32_t>(
      std::min<std::int64_t>(2 * std::int64_t{std::max(capacity, 0)}, kUnlimited)));
  t.has_specialist.push_back(specialist.empty() ? 0 : 1);
  t.specialist.push_back(std::move(specialist));
  t.term_end.push_back(term_end);
  t.township.push_back(township);
  t.source_row.push_back(static_cast<std::int64_t>(t.id.size()));
}

template <class T>
std::vector<T> permuted(const std::vector<T>& v, const std::vector<std::size_t>& perm) {
  std::vector<T> out;
  out.reserve(v.size());
  for (std::size_t p : perm) out.push_back(v[p]);
  return out;
}

inline PointSet permuted(const PointSet& v, const std::vector<std::size_t>& perm) {
  PointSet out;
  for (std::size_t p : perm) out.push_back(v[p]);
  return out;
}

inline std::vector<std::size_t> random_perm(std::size_t n, std::mt19937& rng) {
  std::vector<std::size_t> p(n);
  std::iota(p.begin(), p.end(), std::size_t{0});
  std::shuffle(p.begin(), p.end(), rng);
  return p;
}

// Row perm[k] of the input becomes row k.
inline Youth shuffled(const Youth& y, const std::vector<std::size_t>& perm) {
  Youth o;
  o.pos = permuted(y.pos, perm);
  o.id = permuted(y.id, perm);
  o.count = permuted(y.count, perm);
  o.age = permuted(y.age, perm);
  o.category = permuted(y.category, perm);
  o.paired_team = permuted(y.paired_team, perm);
  o.township = permuted(y.township, perm);
  o.source_row = permuted(y.source_row, perm);
  return o;
}

inline Teams shuffled(const Teams& t, const std::vector<std::size_t>& perm) {
  Teams o;
  o.pos = permuted(t.pos, perm);
  o.id = permuted(t.id, perm);
  o.name = permuted(t.name, perm);
  o.capacity = permuted(t.capacity, perm);
  o.volunteers = permuted(t.volunteers, perm);
  o.has_specialist = permuted(t.has_specialist, perm);
  o.specialist = permuted(t.specialist, perm);
  o.term_end = permuted(t.term_end, perm);
  o.township = permuted(t.township, perm);
  o.source_row = permuted(t.source_row, perm);
  return o;
}

}  // namespace sunplan::pairing::test
