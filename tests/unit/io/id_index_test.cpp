// io::IdIndex (engine/src/io/id_index.hpp): the duplicate and look-alike look-ups of the
// loader. Oracles: hand-worked ids (a full-width letter, letter case, a row numbered for want
// of an id), and a brute-force std::map of keys and folds over many ids.
#include "id_index.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

#include "sunplan/io/id_key.hpp"

namespace sunplan::io {
namespace {

TEST(IdIndex, FindsTheSameIdTheSameKeyAndTheSameFold) {
  IdIndex index;
  int layer = 0;
  index.keep("b1", IdIndex::probe("b1"), &layer, 1);

  const auto same = IdIndex::probe("b1");
  ASSERT_NE(index.with_id("b1", same), nullptr);
  EXPECT_EQ(index.with_id("b1", same)->row, 1);
  EXPECT_EQ(index.with_id("b1", same)->origin, &layer);

  // Full-width b (U+FF42): another id, the same key.
  const std::string wide =
      "\xEF\xBD\x82"
      "1";
  const auto w = IdIndex::probe(wide);
  EXPECT_EQ(index.with_id(wide, w), nullptr);
  ASSERT_NE(index.with_key(w), nullptr);
  EXPECT_EQ(index.with_key(w)->id, "b1");

  // Upper case: another key, the same fold.
  const auto upper = IdIndex::probe("B1");
  EXPECT_EQ(index.with_id("B1", upper), nullptr);
  EXPECT_EQ(index.with_key(upper), nullptr);
  ASSERT_NE(index.with_fold(upper), nullptr);
  EXPECT_EQ(index.with_fold(upper)->id, "b1");

  // Kept as another id, B1 is found by its own key; its fold still names the first, b1.
  index.keep("B1", upper, &layer, 5);
  EXPECT_EQ(index.with_id("B1", upper)->row, 5);
  EXPECT_EQ(index.with_key(upper)->id, "B1");
  EXPECT_EQ(index.with_fold(upper)->id, "b1");
  EXPECT_EQ(index.with_fold(IdIndex::probe("b2")), nullptr);
}

TEST(IdIndex, ARowNumberedUnderATakenKeyIsFoundOnlyAsItself) {
  // "＃7" (full-width number sign) kept at row 3; row 7 has no id and is kept as "#7", whose
  // key "#7" is taken: "#7" is then the row-7 id, while its key still names row 3's id.
  IdIndex index;
  int layer = 0;
  const std::string wide =
      "\xEF\xBC\x83"
      "7";
  index.keep(wide, IdIndex::probe(wide), &layer, 3);
  const auto numbered = IdIndex::probe("#7");
  ASSERT_EQ(index.with_id("#7", numbered), nullptr);
  index.keep("#7", numbered, &layer, 7);
  ASSERT_NE(index.with_id("#7", numbered), nullptr);
  EXPECT_EQ(index.with_id("#7", numbered)->row, 7);
  EXPECT_EQ(index.with_key(numbered)->row, 3);
  EXPECT_EQ(index.with_fold(numbered)->row, 3);
  // Keeping an id a second time changes nothing: the first row stays the one named.
  index.keep("#7", numbered, &layer, 9);
  EXPECT_EQ(index.with_id("#7", numbered)->row, 7);
}

// 60,000 random ids over a small alphabet (many share a fold), kept when their key was not
// seen (a look-alike fold is kept after a warning, as the loader does); the map is the oracle.
// With `as_loader`, the index is reserved first and ids are kept by keep_new with what the
// look-ups found, as read_point_rows does.
void many_ids_agree_with_a_map(bool as_loader) {
  std::mt19937 rng(17);
  const std::string alphabet = "aAbB01";
  IdIndex index;
  if (as_loader) index.reserve(60000);
  std::map<std::string, std::int64_t> first_key, first_fold;
  int layer = 0;
  for (std::int64_t row = 1; row <= 60000; ++row) {
    std::string id;
    const int len = 1 + static_cast<int>(rng() % 9);
    for (int i = 0; i < len; ++i) id += alphabet[rng() % alphabet.size()];
    const auto p = IdIndex::probe(id);
    const auto key = first_key.find(id_key(id));
    const auto fold = first_fold.find(id_fold(id));
    const IdIndex::Kept* by_key = index.with_key(p);
    const IdIndex::Kept* by_fold = index.with_fold(p);
    ASSERT_EQ(by_key != nullptr, key != first_key.end()) << id;
    ASSERT_EQ(by_fold != nullptr, fold != first_fold.end()) << id;
    if (by_key) {
      ASSERT_EQ(by_key->row, key->second) << id;
    }
    if (by_fold) {
      ASSERT_EQ(by_fold->row, fold->second) << id;
    }
    if (by_key) continue;  // a duplicate: rejected, not kept
    if (as_loader)
      index.keep_new(id, p, &layer, row, by_fold != nullptr);
    else
      index.keep(id, p, &layer, row);
    first_key.emplace(id_key(id), row);
    first_fold.emplace(id_fold(id), row);
  }
  EXPECT_GT(first_key.size(), 1000u);
}

TEST(IdIndex, ManyIdsAgreeWithAMapOfKeysAndFolds) {
  many_ids_agree_with_a_map(false);
}

TEST(IdIndex, TheLoadersReservedLookedUpKeepAgreesToo) {
  many_ids_agree_with_a_map(true);
}

}  // namespace
}  // namespace sunplan::io
