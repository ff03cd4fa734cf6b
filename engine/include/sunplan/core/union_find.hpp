// Disjoint sets over 0..n-1 with path halving; a set's representative is its smallest member,
// so the parts found do not depend on the order in which pairs are united.
//
//   UnionFind uf(n);
//   uf.unite(a, b);
//   if (uf.find(a) == uf.find(c)) { ... }
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace sunplan {

struct UnionFind {
  std::vector<std::uint32_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0u); }
  std::uint32_t find(std::uint32_t a) {
    while (parent[a] != a) a = parent[a] = parent[parent[a]];
    return a;
  }
  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace sunplan
