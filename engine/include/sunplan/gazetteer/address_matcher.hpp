// Places a row of a registry from its address and/or division names, offline.
//
//   Gazetteer g = read_gazetteer(default_gazetteer_path());
//   AddressMatcher matcher(g);
//   PlaceMatch m = matcher.match({.county = "武侯区", .address = "玉林街道北路社区12号3栋"});
//   if (m.level == MatchLevel::village) use(g.lonlat(m.village));
//   std::string note = describe(m, g);   // never quotes the input
//
// How (docs/registries.md has the details and the measured accuracy):
//  1. Each text is folded (match_text) and every gazetteer name variant occurring in it is
//     found with the NameIndex trie: a "hit" is (span, places with that written form).
//  2. A chain is a sequence of hits, left to right and not overlapping, whose places go down
//     the hierarchy (each place under the previous one; levels may be skipped). Its score adds
//     one weight per hit: 1 for a full or typed name, less for a bare stem (province and city
//     0.8, county 0.75, township 0.6, village 0.5), +0.15 when the hit follows the previous
//     one (or its text's start) with nothing in between, +0.1 when a division field holds a
//     name of its own level, -0.2 when a longer name starts at the same character. The best chain
//     per place is found by dynamic programming over the hits; a place given in a division field
//     must sit at that field's level or one next to it.
//  3. Every place whose best chain scores within kTieMargin of the overall best is a
//     candidate. The row is placed at the deepest level on which all candidates agree
//     (village, township, county). When they differ below that level the row is ambiguous:
//     its candidates are listed and nothing is guessed. A best score under kMinScore (a lone
//     stem, say) places nothing.
//  4. Names too common to start a chain by themselves (more than kMaxRoots places, e.g.
//     城关镇 or 新村) only start one when a later name fits under one of their places.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sunplan/core/progress.hpp"
#include "sunplan/gazetteer/gazetteer.hpp"
#include "sunplan/gazetteer/name_index.hpp"

namespace sunplan::gazetteer {

enum class MatchLevel : std::uint8_t { none, county, township, village };
const char* to_string(MatchLevel level);

// The texts of one row; any may be empty. The division fields hold one name each.
struct AddressParts {
  std::string_view province{}, city{}, county{}, township{}, village{};
  std::string_view address{};
};

struct PlaceMatch {
  MatchLevel level = MatchLevel::none;
  std::int32_t county = kNone, township = kNone, village = kNone;  // as far as known
  float score = 0;                   // the best chain's score (about 1 per level found)
  bool ambiguous = false;            // several places fit equally below `level`
  bool via_alias = false;            // the chain used another name (e.g. a 2023 name) of a place
  bool village_uncertain = false;    // township certain, the village not
  bool names_too_common = false;     // a name found in more than kMaxRoots places led nowhere
  bool empty = false;                // every text of the row was empty
  std::int32_t candidate_total = 0;  // places that fit (ambiguous rows)
  std::vector<std::int32_t> candidates;  // the first kMaxListed of them, by code order
  std::int32_t deepest_found = kNone;    // unmatched rows: the deepest place seen (a city, say)
};

// The evidence one name gives: 1 for a full or typed name; a bare stem less (province and city
// 0.8, county 0.75, township 0.6, village 0.5).
float name_weight(AdminLevel level, VariantKind kind);

class AddressMatcher {
 public:
  static constexpr float kMinScore = 1.0f;
  static constexpr float kTieMargin = 0.12f;
  static constexpr float kAdjacentBonus = 0.15f;   // nothing between a name and the previous
  static constexpr float kFieldLevelBonus = 0.1f;  // a division field holding its own level
  // Longest match first: a name that is the beginning of a longer name found at the same
  // place is weaker evidence (张村 in "张村集乡" is more likely part of the township's name).
  static constexpr float kCoveredPenalty = 0.2f;
  static constexpr std::size_t kMaxRoots = 64;
  static constexpr std::size_t kMaxListed = 8;

  explicit AddressMatcher(const Gazetteer& gazetteer);
  const Gazetteer& gazetteer() const { return m_gazetteer; }
  const NameIndex& index() const { return m_index; }

  // Thread-safe; each thread keeps its own scratch space.
  PlaceMatch match(const AddressParts& row) const;

 private:
  const Gazetteer& m_gazetteer;
  NameIndex m_index;
};

// Matches every row on all cores; the result is in row order. Reports progress as "locate".
std::vector<PlaceMatch> match_all(const AddressMatcher& matcher, std::span<const AddressParts> rows,
                                  Progress& progress);

// A one-line note for the match: which place, through which name, or why none. It names
// gazetteer places and codes only, never the row's own text.
std::string describe(const PlaceMatch& m, const Gazetteer& g);

}  // namespace sunplan::gazetteer
