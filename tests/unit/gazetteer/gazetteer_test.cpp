#include "sunplan/gazetteer/gazetteer.hpp"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <set>

#include "small_gazetteer.hpp"
#include "sunplan/core/error.hpp"
#include "sunplan/gazetteer/name_index.hpp"
#include "sunplan/gazetteer/text.hpp"
#include "sunplan/io/gazetteer_file.hpp"

namespace sunplan::gazetteer {

TEST(Gazetteer, ParsesUnitsInDepthFirstOrder) {
  const Gazetteer g = parse_gazetteer(test::kSmallGazetteer, "small");
  ASSERT_EQ(g.size(), 35u);
  // Parents before children, each subtree contiguous: every place lies inside its parent's range.
  for (std::int32_t p = 0; p < static_cast<std::int32_t>(g.size()); ++p)
    if (g.parent(p) != kNone) {
      EXPECT_LT(g.parent(p), p);
      EXPECT_TRUE(g.contains(g.parent(p), p));
      EXPECT_LE(g.subtree_end(p), g.subtree_end(g.parent(p)));
    }
  const std::int32_t wuhou = g.find("510107");
  const std::int32_t yulin = g.find("510107012");
  const std::int32_t beilu = g.find("510107012004");
  ASSERT_NE(wuhou, kNone);
  EXPECT_EQ(g.name(yulin), "玉林街道办事处");
  EXPECT_EQ(g.level(beilu), AdminLevel::village);
  EXPECT_EQ(g.parent(beilu), yulin);
  EXPECT_EQ(g.ancestor(beilu, AdminLevel::county), wuhou);
  EXPECT_EQ(g.ancestor(beilu, AdminLevel::city), g.find("5101"));
  EXPECT_EQ(g.ancestor(yulin, AdminLevel::village), kNone);
  EXPECT_EQ(g.subtree_end(wuhou) - wuhou, 6);  // 武侯区, 2 townships, 3 villages
  EXPECT_EQ(g.path(g.find("110105001")), "北京市/朝阳区/建外街道办事处");  // 市辖区 left out
  EXPECT_EQ(g.code(beilu), "510107012004");
  EXPECT_EQ(g.find("999999"), kNone);
  EXPECT_EQ(g.find("51x"), kNone);
}

TEST(Gazetteer, PointsAliasesAndCodes) {
  const Gazetteer g = parse_gazetteer(test::kSmallGazetteer, "small");
  const std::int32_t village = g.find("510107012003");
  EXPECT_EQ(g.point_source(village), PointSource::village);
  EXPECT_DOUBLE_EQ(g.lonlat(village).x, 104.06);
  EXPECT_EQ(g.urban_rural_code(village), 111);
  EXPECT_EQ(g.point_source(g.find("510107012")), PointSource::seat);
  EXPECT_EQ(g.point_source(g.find("510107020")), PointSource::none);
  EXPECT_TRUE(std::isnan(g.lonlat(g.find("510107020")).x));
  const auto [a, b] = g.alias_range(g.find("510124"));
  ASSERT_EQ(b - a, 1u);
  EXPECT_EQ(g.alias_name(a), "郫都区");
  EXPECT_EQ(g.header, "hand-made for tests\n");
}

TEST(Gazetteer, ExplicitParentAndNewerUnits) {
  const Gazetteer g = parse_gazetteer(
      "#sunplan-gazetteer\t1\ncode\tname\tparent\tlon\tlat\tpoint\tur\tvintage\n"
      "44\t广东省\n4419\t东莞市\t\t\t\t\t\t2023\n441900\t东莞市\t\t\t\t\t\t2023\n"
      "441900003\t东城街道\t\t\t\t\t\t2023\n13\t河北省\n1301\t石家庄市\n130181\t辛集市\n"
      "130181999\t新街道\t1301\t\t\t\t\t2023\n",
      "t");
  const std::int32_t t = g.find("441900003");
  EXPECT_TRUE(g.newer_only(t));
  EXPECT_EQ(g.ancestor(t, AdminLevel::province), g.find("44"));
  EXPECT_EQ(g.parent(g.find("130181999")), g.find("1301"));  // the explicit parent wins
  EXPECT_FALSE(g.newer_only(g.find("130181")));
}

TEST(Gazetteer, BadFilesNameTheLine) {
  auto error_of = [](const std::string& text) {
    try {
      parse_gazetteer(text, "g.tsv");
    } catch (const InputError& e) {
      return std::to_string(e.row()) + " " + e.field() + ": " + e.what();
    }
    return std::string("no error");
  };
  const std::string head = "#sunplan-gazetteer\t1\ncode\tname\n";
  EXPECT_NE(error_of("code\tname\n11\tx\n").find("not a sunplan gazetteer"), std::string::npos);
  EXPECT_NE(error_of("#sunplan-gazetteer\t2\n").find("version '2'"), std::string::npos);
  EXPECT_EQ(error_of(head + "11\t北京市\n1101x\t市辖区\n").rfind("4 code", 0), 0u);
  EXPECT_NE(error_of(head + "11\t北京市\n11\t北京\n").find("appears twice"), std::string::npos);
  EXPECT_NE(error_of(head + "11\t北京市\n@12\t天津\n").find("unknown unit '12'"),
            std::string::npos);
  EXPECT_NE(error_of(head + "11\t\n").find("has no name"), std::string::npos);
  EXPECT_NE(error_of("#sunplan-gazetteer\t1\ncode\tname\tlon\tlat\tpoint\n11\tx\t200\t1\tseat\n")
                .find("not a longitude"),
            std::string::npos);
}

TEST(Gazetteer, ReadsTheShippedFile) {
  const auto path = default_gazetteer_path();
  ASSERT_FALSE(path.empty()) << "the gazetteer shipped in data/gazetteer is missing";
  EXPECT_THROW(read_gazetteer(path.parent_path() / "no-such.tsv.gz"), InputError);
}

// The trie against brute force: every substring of random texts looked up in a plain map of
// every variant of every name.
TEST(NameIndex, FindsExactlyTheSubstringsThatAreNames) {
  const Gazetteer g = parse_gazetteer(test::kSmallGazetteer, "small");
  const NameIndex index(g);
  std::map<std::u32string, std::set<std::int32_t>> all;
  std::vector<std::u32string> keys;
  for (std::int32_t p = 0; p < static_cast<std::int32_t>(g.size()); ++p) {
    std::vector<std::u32string> parents;
    if (g.level(p) >= AdminLevel::township) {
      parents.push_back(match_text(g.name(g.parent(p))));
      const auto [a, b] = g.alias_range(g.parent(p));
      for (auto k = a; k < b; ++k) parents.push_back(match_text(g.alias_name(k)));
    }
    std::vector<std::string_view> names{g.name(p)};
    const auto [a, b] = g.alias_range(p);
    for (auto k = a; k < b; ++k) names.push_back(g.alias_name(k));
    for (auto n : names)
      for (const NameVariant& v : name_variants(n, g.level(p), parents)) {
        all[v.key].insert(p);
        keys.push_back(v.key);
      }
  }
  EXPECT_EQ(index.key_count(), all.size());
  std::mt19937 rng(14);
  for (int trial = 0; trial < 300; ++trial) {
    std::u32string text;
    const int parts = 1 + static_cast<int>(rng() % 5);
    for (int k = 0; k < parts; ++k) {
      text += keys[rng() % keys.size()];
      if (rng() % 2) text += U"12号"[rng() % 3];
    }
    std::map<std::pair<std::size_t, std::size_t>, std::set<std::int32_t>> found;
    index.for_each_hit(
        text, [&](std::size_t b, std::size_t e, std::span<const Posting> ps, std::uint8_t levels) {
          std::uint8_t want = 0;
          for (std::size_t k = 1; k < ps.size(); ++k) EXPECT_LT(ps[k - 1].place, ps[k].place);
          for (const Posting& p : ps) {
            found[{b, e}].insert(p.place);
            want |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(g.level(p.place)));
          }
          EXPECT_EQ(levels, want);
        });
    std::map<std::pair<std::size_t, std::size_t>, std::set<std::int32_t>> expected;
    for (std::size_t b = 0; b < text.size(); ++b)
      for (std::size_t e = b + 1; e <= text.size(); ++e)
        if (auto it = all.find(text.substr(b, e - b)); it != all.end())
          expected[{b, e}] = it->second;
    EXPECT_EQ(found, expected) << encode_utf8(text);
  }
}

}  // namespace sunplan::gazetteer
