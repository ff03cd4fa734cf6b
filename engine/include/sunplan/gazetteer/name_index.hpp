// Every written form of every gazetteer name, in a trie over code points, so all the names
// that occur anywhere in an address are found in one pass per start position.
//
//   NameIndex index(gazetteer);
//   index.for_each_hit(match_text(address), [&](std::size_t begin, std::size_t end,
//                                               std::span<const Posting> places,
//                                               std::uint8_t levels) { ... });
//
// A hit is a key (a NameVariant of some place) equal to text[begin, end); its postings list the
// places with that written form and how strong the form is (full, typed, stem), sorted by
// place, i.e. in the gazetteer's depth-first order, so the places under one unit form one run
// found by binary search; `levels` has bit (1 << AdminLevel) set for each level among them. The
// trie stores each node's children contiguously, sorted by code point; a walk from one start
// position stops at the first character no key continues with.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/gazetteer/gazetteer.hpp"
#include "sunplan/gazetteer/name_variants.hpp"

namespace sunplan::gazetteer {

struct Posting {
  std::int32_t place;
  VariantKind kind;
  bool alias;  // the written form comes from another name of the place (a 2023 name)
};

class NameIndex {
 public:
  explicit NameIndex(const Gazetteer& gazetteer);

  template <class OnHit>
  void for_each_hit(std::u32string_view text, OnHit&& on_hit) const {
    for (std::size_t begin = 0; begin < text.size(); ++begin) {
      std::uint32_t node = 0;
      for (std::size_t end = begin; end < text.size(); ++end) {
        node = child(node, text[end]);
        if (node == kNoNode) break;
        const Node& n = m_nodes[node];
        if (n.post_count)
          on_hit(begin, end + 1,
                 std::span<const Posting>(m_postings.data() + n.post_begin, n.post_count),
                 n.levels);
      }
    }
  }

  // The postings of exactly this key (empty when it is not a key).
  std::span<const Posting> find(std::u32string_view key) const;

  std::size_t key_count() const { return m_key_count; }
  std::size_t node_count() const { return m_nodes.size(); }
  std::size_t posting_count() const { return m_postings.size(); }
  std::size_t memory_bytes() const {
    return m_nodes.capacity() * sizeof(Node) + m_postings.capacity() * sizeof(Posting);
  }

 private:
  static constexpr std::uint32_t kNoNode = 0xFFFFFFFFu;
  struct Node {
    char32_t cp = 0;
    std::uint32_t child_begin = 0;
    std::uint16_t child_count = 0;
    std::uint8_t levels = 0;  // bit (1 << AdminLevel) per level among the postings
    std::uint32_t post_begin = 0, post_count = 0;
  };

  std::uint32_t child(std::uint32_t node, char32_t cp) const {
    const Node& n = m_nodes[node];
    const Node* first = m_nodes.data() + n.child_begin;
    const Node* last = first + n.child_count;
    const Node* it =
        std::lower_bound(first, last, cp, [](const Node& x, char32_t c) { return x.cp < c; });
    return it != last && it->cp == cp ? static_cast<std::uint32_t>(it - m_nodes.data()) : kNoNode;
  }

  std::vector<Node> m_nodes;  // m_nodes[0] is the root
  std::vector<Posting> m_postings;
  std::size_t m_key_count = 0;
};

}  // namespace sunplan::gazetteer
