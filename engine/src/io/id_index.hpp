// The ids already kept in one id space, found by their io::id_key (a duplicate) and their
// io::id_fold (a look-alike that differs only in letter case). One open-addressing table of
// entry numbers per look-up, the hashes kept with each entry: a national youth layer's 5 M
// ids took ~1.5 GB in three std::unordered_map of strings (exact id, key, fold), ~75 bytes
// an id here. Internal to the io module.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace sunplan::io {

class IdIndex {
 public:
  struct Kept {
    std::string id;
    const void* origin;  // whatever the caller says the id came from (its layer)
    std::int64_t row;
    std::uint64_t key_hash, fold_hash;
  };
  // An id's key and fold, computed once for the look-ups and keep().
  struct Probe {
    std::string key, fold;
    std::uint64_t key_hash, fold_hash;
  };
  static Probe probe(std::string_view id);

  // The kept id equal to `id` (whose probe `p` is), or nullptr.
  const Kept* with_id(const std::string& id, const Probe& p) const;
  // The same, given what with_key(p) found.
  const Kept* with_id(const std::string& id, const Kept* by_key) const;
  // The kept id with the probe's key (the first kept under it), or nullptr.
  const Kept* with_key(const Probe& p) const;
  // The first id kept with the probe's fold, or nullptr.
  const Kept* with_fold(const Probe& p) const;
  // Keeps `id`: found under its key and its fold from now on, unless an id kept before
  // already has that key (or fold), which stays the one found. Callers keep only ids that no
  // look-up found, except rows numbered "#row" for want of an id, which may share a key.
  void keep(std::string id, const Probe& p, const void* origin, std::int64_t row);
  // keep() for an id the caller has just looked up: with_key found nothing, with_fold found
  // `fold_taken`. Saves keep()'s two look-ups (cache misses in tables of millions).
  void keep_new(std::string id, const Probe& p, const void* origin, std::int64_t row,
                bool fold_taken);
  // Room for `n` ids without growing the tables (growing places every entry again).
  void reserve(std::size_t n);

 private:
  // Entry numbers by hash, linear probing, at most half full; kEmpty marks a free slot. A
  // slot holds the high 32 bits of its entry's hash above the entry number, so a probe reads
  // an entry (a cache miss in a table of millions) only when those bits agree.
  struct Table {
    std::vector<std::uint64_t> slots;
    std::size_t used = 0;
  };
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{0};
  template <class Same>
  const Kept* find(const Table& t, std::uint64_t hash, bool by_key, Same&& same) const;
  void insert(Table& t, bool by_key, std::uint32_t entry);

  std::deque<Kept> kept_;  // a deque: growing it copies no id
  Table keys_, folds_;
  // Ids kept under a key another id already had ("#7" for row 7 after "＃7"): found only by
  // with_id. Empty but for such rows.
  std::unordered_map<std::string, Kept> shadowed_;
};

}  // namespace sunplan::io
