#include "sunplan/gazetteer/name_index.hpp"

#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <numeric>
#include <stdexcept>

#include "sunplan/gazetteer/text.hpp"

namespace sunplan::gazetteer {

namespace {

// Keys live back to back in UTF-8 pools, one per thread (byte order = code point order, so
// sorting compares bytes); an entry points into one, and carries the key's first 8 bytes as a
// big-endian number so most comparisons never touch the pool.
struct Entry {
  std::uint64_t prefix;
  const char* key;
  std::uint32_t length;
  Posting posting;
};

std::uint64_t big_endian_prefix(std::string_view key) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8; ++i)
    v = (v << 8) | (i < key.size() ? static_cast<unsigned char>(key[i]) : 0u);
  return v;
}

struct Chunk {
  std::string pool;
  std::vector<Entry> entries;  // key == nullptr and length = offset into pool until merged
  std::vector<std::uint32_t> lengths;
  std::int32_t parent = kNone;  // whose names parent_names holds (siblings come together)
  std::vector<std::u32string> parent_names;
};

void add_variants(const Gazetteer& g, std::int32_t p, Chunk& out) {
  const AdminLevel level = g.level(p);
  // Township and village names sometimes repeat their parent's name in front.
  const std::int32_t parent = level >= AdminLevel::township ? g.parent(p) : kNone;
  if (parent != out.parent) {
    out.parent = parent;
    out.parent_names.clear();
    if (parent != kNone) {
      out.parent_names.push_back(match_text(g.name(parent)));
      const auto [a, b] = g.alias_range(parent);
      for (std::uint32_t k = a; k < b; ++k) out.parent_names.push_back(match_text(g.alias_name(k)));
    }
  }
  auto add = [&](std::string_view name, bool alias) {
    for (const NameVariant& v : name_variants(name, level, out.parent_names)) {
      const std::string key = encode_utf8(v.key);
      out.entries.push_back({big_endian_prefix(key),
                             nullptr,
                             static_cast<std::uint32_t>(out.pool.size()),
                             {p, v.kind, alias}});
      out.pool += key;
      out.lengths.push_back(static_cast<std::uint32_t>(key.size()));
    }
  };
  add(g.name(p), false);
  const auto [a, b] = g.alias_range(p);
  for (std::uint32_t k = a; k < b; ++k) add(g.alias_name(k), true);
}

// 1. Every variant of every name, built in parallel chunks. The pools stay in the chunks;
// the entries returned point into them.
std::vector<Entry> name_index_entries(const Gazetteer& g,
                                      tbb::enumerable_thread_specific<Chunk>& chunks) {
  tbb::parallel_for(tbb::blocked_range<std::int32_t>(0, static_cast<std::int32_t>(g.size()), 4096),
                    [&](const tbb::blocked_range<std::int32_t>& r) {
                      Chunk& c = chunks.local();
                      for (std::int32_t p = r.begin(); p != r.end(); ++p) add_variants(g, p, c);
                    });
  std::size_t entry_count = 0;
  for (const Chunk& c : chunks) entry_count += c.entries.size();
  std::vector<Entry> entries;
  entries.reserve(entry_count);
  for (Chunk& c : chunks) {
    for (std::size_t i = 0; i < c.entries.size(); ++i) {
      Entry e = c.entries[i];
      e.key = c.pool.data() + e.length;
      e.length = c.lengths[i];
      entries.push_back(e);
    }
    c.entries = std::vector<Entry>();
    c.lengths = std::vector<std::uint32_t>();
  }
  return entries;
}

std::string_view name_index_key(const Entry& e) {
  return std::string_view(e.key, e.length);
}

// The distinct keys, decoded, back to back; each key's start and first posting, with one
// more entry than there are keys.
struct NameIndexKeys {
  std::u32string keys;
  std::vector<std::uint32_t> key_start;
  std::vector<std::uint32_t> key_postings;
};

// 2. Sorted by key, then place; one posting per (key, place) into postings.
NameIndexKeys name_index_postings(std::vector<Entry>& entries, std::vector<Posting>& postings) {
  tbb::parallel_sort(entries.begin(), entries.end(), [&](const Entry& a, const Entry& b) {
    if (a.prefix != b.prefix) return a.prefix < b.prefix;
    const int c = name_index_key(a).compare(name_index_key(b));
    return c != 0 ? c < 0 : a.posting.place < b.posting.place;
  });
  NameIndexKeys out;
  postings.reserve(entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    const bool new_key = i == 0 || entries[i].prefix != entries[i - 1].prefix ||
                         name_index_key(entries[i]) != name_index_key(entries[i - 1]);
    if (!new_key && entries[i].posting.place == postings.back().place) {
      // The same written form from several names of one place: the strongest kind, and an
      // alias only when no official name gives it.
      Posting& p = postings.back();
      p.kind = std::max(p.kind, entries[i].posting.kind);
      p.alias = p.alias && entries[i].posting.alias;
      continue;
    }
    if (new_key) {
      out.key_start.push_back(static_cast<std::uint32_t>(out.keys.size()));
      out.key_postings.push_back(static_cast<std::uint32_t>(postings.size()));
      out.keys += decode_utf8(name_index_key(entries[i]));
    }
    postings.push_back(entries[i].posting);
  }
  out.key_start.push_back(static_cast<std::uint32_t>(out.keys.size()));
  out.key_postings.push_back(static_cast<std::uint32_t>(postings.size()));
  postings.shrink_to_fit();
  return out;
}

}  // namespace

NameIndex::NameIndex(const Gazetteer& g) {
  tbb::enumerable_thread_specific<Chunk> chunks;
  std::vector<Entry> entries = name_index_entries(g, chunks);
  const NameIndexKeys k = name_index_postings(entries, m_postings);
  const std::u32string& keys = k.keys;
  const std::vector<std::uint32_t>& key_start = k.key_start;
  const std::vector<std::uint32_t>& key_postings = k.key_postings;
  entries = std::vector<Entry>();
  chunks.clear();
  m_key_count = key_start.size() - 1;

  // 3. The trie, breadth first: the children of a node are the distinct next code points of
  // its range of keys, allocated together so they stay contiguous and sorted.
  struct Pending {
    std::uint32_t node;
    std::size_t lo, hi;  // range of distinct keys
  };
  auto length = [&](std::size_t k) { return key_start[k + 1] - key_start[k]; };
  auto at = [&](std::size_t k, std::size_t depth) { return keys[key_start[k] + depth]; };
  m_nodes.reserve(keys.size() / 2 + 1);
  m_nodes.push_back(Node{});
  std::vector<Pending> level{{0, 0, m_key_count}}, next;
  for (std::size_t depth = 0; !level.empty(); ++depth, level.swap(next)) {
    next.clear();
    for (Pending item : level) {
      if (item.lo < item.hi && length(item.lo) == depth) {
        Node& n = m_nodes[item.node];
        n.post_begin = key_postings[item.lo];
        n.post_count = key_postings[item.lo + 1] - key_postings[item.lo];
        for (std::uint32_t k = n.post_begin; k < n.post_begin + n.post_count; ++k)
          n.levels |=
              static_cast<std::uint8_t>(1u << static_cast<unsigned>(g.level(m_postings[k].place)));
        ++item.lo;
      }
      if (item.lo == item.hi) continue;
      const auto first_child = static_cast<std::uint32_t>(m_nodes.size());
      std::uint32_t count = 0;
      for (std::size_t k = item.lo; k < item.hi;) {
        const char32_t cp = at(k, depth);
        std::size_t e = k + 1;
        while (e < item.hi && at(e, depth) == cp) ++e;
        Node child;
        child.cp = cp;
        m_nodes.push_back(child);
        next.push_back({static_cast<std::uint32_t>(m_nodes.size() - 1), k, e});
        ++count;
        k = e;
      }
      if (count > UINT16_MAX) throw std::length_error("gazetteer name index: too many characters");
      m_nodes[item.node].child_begin = first_child;
      m_nodes[item.node].child_count = static_cast<std::uint16_t>(count);
    }
  }
  m_nodes.shrink_to_fit();
}

std::span<const Posting> NameIndex::find(std::u32string_view key) const {
  std::uint32_t node = 0;
  for (char32_t c : key) {
    node = child(node, c);
    if (node == kNoNode) return {};
  }
  const Node& n = m_nodes[node];
  return {m_postings.data() + n.post_begin, n.post_count};
}

}  // namespace sunplan::gazetteer
