#include "id_index.hpp"

#include <algorithm>
#include <functional>

#include "sunplan/io/id_key.hpp"

namespace sunplan::io {

IdIndex::Probe IdIndex::probe(std::string_view id) {
  Probe p{id_key(id), id_fold(id), 0, 0};
  p.key_hash = std::hash<std::string>{}(p.key);
  p.fold_hash = std::hash<std::string>{}(p.fold);
  return p;
}

template <class Same>
const IdIndex::Kept* IdIndex::find(const Table& t, std::uint64_t hash, bool by_key,
                                   Same&& same) const {
  if (t.slots.empty()) return nullptr;
  const std::size_t mask = t.slots.size() - 1;
  const std::uint64_t tag = hash >> 32;
  for (std::size_t i = hash & mask;; i = (i + 1) & mask) {
    const std::uint64_t slot = t.slots[i];
    if (slot == kEmpty) return nullptr;
    if (slot >> 32 != tag) continue;
    const Kept& k = kept_[slot & 0xFFFFFFFFu];
    // The key or fold of a kept id is computed again only when the hashes agree.
    if ((by_key ? k.key_hash : k.fold_hash) == hash && same(k)) return &k;
  }
}

const IdIndex::Kept* IdIndex::with_id(const std::string& id, const Probe& p) const {
  return with_id(id, with_key(p));
}

const IdIndex::Kept* IdIndex::with_id(const std::string& id, const Kept* k) const {
  if (k && k->id == id) return k;
  if (shadowed_.empty()) return nullptr;
  const auto it = shadowed_.find(id);
  return it == shadowed_.end() ? nullptr : &it->second;
}

const IdIndex::Kept* IdIndex::with_key(const Probe& p) const {
  return find(keys_, p.key_hash, true, [&](const Kept& k) { return id_key(k.id) == p.key; });
}

const IdIndex::Kept* IdIndex::with_fold(const Probe& p) const {
  return find(folds_, p.fold_hash, false, [&](const Kept& k) { return id_fold(k.id) == p.fold; });
}

void IdIndex::insert(Table& t, bool by_key, std::uint32_t entry) {
  if (2 * (t.used + 1) > t.slots.size()) {
    // Grow to twice the size (at least 1,024 slots) and place every entry again.
    std::vector<std::uint64_t> old = std::move(t.slots);
    t.slots.assign(std::max<std::size_t>(1024, 2 * old.size()), kEmpty);
    t.used = 0;
    for (const std::uint64_t slot : old)
      if (slot != kEmpty) insert(t, by_key, static_cast<std::uint32_t>(slot & 0xFFFFFFFFu));
  }
  const std::size_t mask = t.slots.size() - 1;
  const Kept& k = kept_[entry];
  const std::uint64_t hash = by_key ? k.key_hash : k.fold_hash;
  std::size_t i = hash & mask;
  while (t.slots[i] != kEmpty) i = (i + 1) & mask;
  t.slots[i] = (hash >> 32) << 32 | entry;
  ++t.used;
}

void IdIndex::reserve(std::size_t n) {
  for (Table* t : {&keys_, &folds_}) {
    std::size_t size = 1024;
    while (size < 2 * n + 2) size *= 2;
    if (t->used == 0 && size > t->slots.size()) t->slots.assign(size, kEmpty);
  }
}

void IdIndex::keep_new(std::string id, const Probe& p, const void* origin, std::int64_t row,
                       bool fold_taken) {
  kept_.push_back(Kept{std::move(id), origin, row, p.key_hash, p.fold_hash});
  const auto entry = static_cast<std::uint32_t>(kept_.size() - 1);
  insert(keys_, true, entry);
  if (!fold_taken) insert(folds_, false, entry);
}

void IdIndex::keep(std::string id, const Probe& p, const void* origin, std::int64_t row) {
  const Kept* same_key = with_key(p);
  // The first row with this very id stays the one named.
  if ((same_key && same_key->id == id) || (!shadowed_.empty() && shadowed_.count(id))) return;
  const bool new_key = !same_key, new_fold = !with_fold(p);
  if (!new_key) {
    shadowed_.emplace(id, Kept{id, origin, row, p.key_hash, p.fold_hash});
    if (!new_fold) return;
  }
  kept_.push_back(Kept{std::move(id), origin, row, p.key_hash, p.fold_hash});
  const auto entry = static_cast<std::uint32_t>(kept_.size() - 1);
  if (new_key) insert(keys_, true, entry);
  if (new_fold) insert(folds_, false, entry);
}

}  // namespace sunplan::io
