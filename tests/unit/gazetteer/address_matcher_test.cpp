#include "sunplan/gazetteer/address_matcher.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

#include "shipped_gazetteer.hpp"
#include "small_gazetteer.hpp"
#include "sunplan/gazetteer/text.hpp"

namespace sunplan::gazetteer {

namespace {

class SmallMatcher : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    g = new Gazetteer(parse_gazetteer(test::kSmallGazetteer, "small"));
    m = new AddressMatcher(*g);
  }
  static void TearDownTestSuite() {
    delete m;
    delete g;
  }
  static PlaceMatch at(std::string_view address) { return m->match({.address = address}); }
  static std::string code(std::int32_t p) { return p == kNone ? "-" : g->code(p); }
  static std::vector<std::string> candidates(const PlaceMatch& r) {
    std::vector<std::string> out;
    for (std::int32_t c : r.candidates) out.push_back(g->code(c));
    return out;
  }
  static inline Gazetteer* g = nullptr;
  static inline AddressMatcher* m = nullptr;
};

}  // namespace

// Each verdict below was worked out by hand from small_gazetteer.hpp.

TEST_F(SmallMatcher, FullPathWithHouseNumber) {
  const PlaceMatch r = at("四川省成都市武侯区玉林街道办事处玉林北路社区居民委员会12号3栋");
  EXPECT_EQ(r.level, MatchLevel::village);
  EXPECT_EQ(code(r.village), "510107012003");
  EXPECT_EQ(code(r.township), "510107012");
  EXPECT_EQ(code(r.county), "510107");
  EXPECT_FALSE(r.ambiguous);
  EXPECT_EQ(describe(r, *g), "village 四川省/成都市/武侯区/玉林街道办事处/玉林北路社区居民委员会");
}

TEST_F(SmallMatcher, NamesWithoutTheirSuffixes) {
  EXPECT_EQ(code(at("成都武侯玉林北路社区2单元301").village), "510107012003");
  EXPECT_EQ(code(at("成都市武侯区玉林街道芳草社区").village), "510107012004");
  EXPECT_EQ(code(at("武侯玉林北路社区居委会").village), "510107012003");
  const PlaceMatch t = at("武侯区玉林街道");
  EXPECT_EQ(t.level, MatchLevel::township);
  EXPECT_EQ(code(t.township), "510107012");
  EXPECT_FALSE(t.via_alias);  // 玉林街道 is also the official name written short
}

TEST_F(SmallMatcher, MissingLevels) {
  // No province, no city, no township: the village under the county is enough.
  EXPECT_EQ(code(at("武侯区七里村5组").village), "510107020005");
  // No county: the township under the city.
  EXPECT_EQ(code(at("成都市玉林街道芳草社区").village), "510107012004");
}

TEST_F(SmallMatcher, SameVillageNameInTwoTownsOfOneCounty) {
  // With the town: one place.
  const PlaceMatch a = at("都江堰市灌口镇张庄村5组12号");
  EXPECT_EQ(a.level, MatchLevel::village);
  EXPECT_EQ(code(a.village), "510181100201");
  // Without it: the county is certain, the township is not; both are listed, none is chosen.
  const PlaceMatch b = at("都江堰市张庄村5组12号");
  EXPECT_EQ(b.level, MatchLevel::county);
  EXPECT_EQ(code(b.county), "510181");
  EXPECT_EQ(b.township, kNone);
  EXPECT_TRUE(b.ambiguous);
  EXPECT_EQ(candidates(b), (std::vector<std::string>{"510181100", "510181101"}));
  EXPECT_EQ(describe(b, *g),
            "county 四川省/成都市/都江堰市; ambiguous, 2 townships fit: 510181100 灌口镇, "
            "510181101 聚源镇");
}

TEST_F(SmallMatcher, CountyLevelCityWithOrWithoutShi) {
  EXPECT_EQ(code(at("四川省都江堰市灌口镇").township), "510181100");
  EXPECT_EQ(code(at("四川都江堰灌口镇").township), "510181100");
  EXPECT_EQ(code(at("都江堰灌口").township), "510181100");
}

TEST_F(SmallMatcher, RenamedDistrict) {
  // 郫都区 is the 2023 name of 2016's 郫县.
  const PlaceMatch r = at("成都市郫都区郫筒镇红光村3组");
  EXPECT_EQ(r.level, MatchLevel::village);
  EXPECT_EQ(code(r.village), "510124100201");
  EXPECT_TRUE(r.via_alias);
  EXPECT_NE(describe(r, *g).find("through a newer name"), std::string::npos);
  EXPECT_EQ(code(at("成都市郫县郫筒镇红光村").village), "510124100201");
  // 信都区 is the 2023 name under 桥西区's code.
  EXPECT_EQ(code(at("河北省邢台市信都区钢铁路街道").township), "130503001");
}

TEST_F(SmallMatcher, NamesRepeatedElsewhereResolvedByParents) {
  // 张庄村委会 exists under 邢台县 城关镇 and twice under 都江堰市.
  EXPECT_EQ(code(at("邢台县城关镇张庄村").village), "130521100201");
  EXPECT_EQ(code(at("河北省邢台市张庄村").village), "130521100201");
  // 朝阳区 is in Beijing and in Changchun.
  EXPECT_EQ(code(at("北京市朝阳区建外街道永安里社区").village), "110105001001");
  EXPECT_EQ(code(at("长春市朝阳区前进街道").township), "220104001");
  const PlaceMatch r = at("朝阳区");
  EXPECT_EQ(r.level, MatchLevel::none);
  EXPECT_TRUE(r.ambiguous);
  EXPECT_EQ(candidates(r), (std::vector<std::string>{"110105", "220104"}));
}

TEST_F(SmallMatcher, LongerNameAtTheSamePlaceWins) {
  // 张村 (a village of 聚源镇) is the beginning of 张村集乡 (a township): the township.
  const PlaceMatch r = at("都江堰市张村集乡王家村");
  EXPECT_EQ(code(r.village), "510181102201");
}

TEST_F(SmallMatcher, DivisionFields) {
  const PlaceMatch r =
      m->match({.county = "武侯区", .township = "玉林", .village = "芳草社区", .address = "12号"});
  EXPECT_EQ(code(r.village), "510107012004");
  // A county-level city in the city column still counts (one level off is allowed).
  EXPECT_EQ(code(m->match({.city = "都江堰市", .township = "灌口镇"}).township), "510181100");
  // A field does not take a name two levels off: 玉林 given as the province finds nothing.
  EXPECT_EQ(m->match({.province = "玉林街道"}).level, MatchLevel::none);
}

TEST_F(SmallMatcher, FullWidthAndPunctuation) {
  EXPECT_EQ(code(at("户籍地址：成都市，武侯区　玉林街道１２号").township), "510107012");
}

TEST_F(SmallMatcher, WeakOrAbsentNamesPlaceNothing) {
  const PlaceMatch lone_stem = at("玉林");  // a township stem alone: 0.6 + 0.15 < 1
  EXPECT_EQ(lone_stem.level, MatchLevel::none);
  EXPECT_FALSE(lone_stem.ambiguous);
  EXPECT_EQ(describe(lone_stem, *g), "only a shortened name found, too weak to place");
  EXPECT_EQ(describe(at("幸福小区3栋"), *g), "no division name found");
  EXPECT_EQ(describe(at(""), *g), "the address and division columns are empty");
  EXPECT_EQ(describe(at("，。 "), *g), "the address and division columns are empty");
  const PlaceMatch city = at("成都市人民路1号");
  EXPECT_EQ(city.level, MatchLevel::none);
  EXPECT_EQ(describe(city, *g), "only the city found: 四川省/成都市");
}

TEST_F(SmallMatcher, NotesNeverQuoteTheInput) {
  const std::string secret = "幸福里17号张三家";
  for (const char* prefix : {"", "武侯区", "都江堰市张庄村", "朝阳区", "玉林"}) {
    const std::string text = std::string(prefix) + secret;
    EXPECT_EQ(describe(at(text), *g).find("幸福"), std::string::npos) << text;
  }
}

// The chain search against brute force: every hit found by plain substring search, every
// chain of them enumerated, the best score and the verdict derived by the rule in
// address_matcher.hpp. (The small gazetteer has no name with more than kMaxRoots places, so
// no pruning applies and both must agree exactly.)
TEST_F(SmallMatcher, ChainSearchEqualsBruteForce) {
  struct Hit {
    std::size_t begin, end;
    std::int32_t place;
    VariantKind kind;
  };
  std::vector<std::pair<std::u32string, std::pair<std::int32_t, VariantKind>>> variants;
  for (std::int32_t p = 0; p < static_cast<std::int32_t>(g->size()); ++p) {
    std::vector<std::u32string> parents;
    if (g->level(p) >= AdminLevel::township) {
      parents.push_back(match_text(g->name(g->parent(p))));
      const auto [a, b] = g->alias_range(g->parent(p));
      for (auto k = a; k < b; ++k) parents.push_back(match_text(g->alias_name(k)));
    }
    std::vector<std::string_view> names{g->name(p)};
    const auto [a, b] = g->alias_range(p);
    for (auto k = a; k < b; ++k) names.push_back(g->alias_name(k));
    for (auto n : names)
      for (const NameVariant& v : name_variants(n, g->level(p), parents))
        variants.push_back({v.key, {p, v.kind}});
  }
  std::vector<std::string> pieces;
  for (const auto& v : variants) pieces.push_back(encode_utf8(v.first));
  for (const char* noise : {"12号", "3栋", "人民路", "幸福里", "村", "镇"}) pieces.push_back(noise);

  std::mt19937 rng(2024);
  int placed = 0;
  for (int trial = 0; trial < 1500; ++trial) {
    std::string address;
    for (int k = 0, n = 1 + static_cast<int>(rng() % 5); k < n; ++k)
      address += pieces[rng() % pieces.size()];
    const std::u32string text = match_text(address);
    // Hits: strongest kind per (span, place), as the index keeps one posting per key and place.
    std::map<std::tuple<std::size_t, std::size_t, std::int32_t>, VariantKind> kinds;
    for (const auto& [key, pk] : variants)
      for (std::size_t pos = text.find(key); pos != std::u32string::npos;
           pos = text.find(key, pos + 1)) {
        auto& k = kinds.try_emplace({pos, pos + key.size(), pk.first}, pk.second).first->second;
        k = std::max(k, pk.second);
      }
    std::vector<Hit> hits;
    std::set<std::pair<std::size_t, std::size_t>> spans;
    for (const auto& [span, kind] : kinds) {
      hits.push_back({std::get<0>(span), std::get<1>(span), std::get<2>(span), kind});
      spans.insert({std::get<0>(span), std::get<1>(span)});
    }
    auto covered = [&](const Hit& h) {
      auto it = spans.upper_bound({h.begin, h.end});
      return it != spans.end() && it->first == h.begin;
    };
    auto weight = [&](const Hit& h) {
      return name_weight(g->level(h.place), h.kind) -
             (covered(h) ? AddressMatcher::kCoveredPenalty : 0.0f);
    };
    // Best chain ending in each hit, by exhaustive recursion over its predecessors.
    std::vector<float> best(hits.size(), -1);
    std::function<float(std::size_t)> chain = [&](std::size_t i) -> float {
      if (best[i] >= 0) return best[i];
      float s = weight(hits[i]) + (hits[i].begin == 0 ? AddressMatcher::kAdjacentBonus : 0.0f);
      for (std::size_t j = 0; j < hits.size(); ++j)
        if (hits[j].end <= hits[i].begin && hits[j].place != hits[i].place &&
            g->contains(hits[j].place, hits[i].place))
          s = std::max(s,
                       chain(j) + weight(hits[i]) +
                           (hits[j].end == hits[i].begin ? AddressMatcher::kAdjacentBonus : 0.0f));
      return best[i] = s;
    };
    float top = -1;
    for (std::size_t i = 0; i < hits.size(); ++i) top = std::max(top, chain(i));
    const PlaceMatch r = m->match({.address = address});
    if (hits.empty()) {
      EXPECT_EQ(r.deepest_found, kNone) << address;
      continue;
    }
    EXPECT_NEAR(r.score, top, 1e-4) << address;
    if (top < AddressMatcher::kMinScore) {
      EXPECT_EQ(r.level, MatchLevel::none) << address;
      continue;
    }
    std::set<std::int32_t> cands;
    for (std::size_t i = 0; i < hits.size(); ++i)
      if (best[i] >= top - AddressMatcher::kTieMargin) cands.insert(hits[i].place);
    MatchLevel level = MatchLevel::none;
    std::int32_t agreed = kNone;
    for (auto [admin, ml] : {std::pair{AdminLevel::village, MatchLevel::village},
                             std::pair{AdminLevel::township, MatchLevel::township},
                             std::pair{AdminLevel::county, MatchLevel::county}}) {
      std::set<std::int32_t> at;
      for (std::int32_t c : cands) at.insert(g->ancestor(c, admin));
      if (at.size() == 1 && *at.begin() != kNone) {
        level = ml;
        agreed = *at.begin();
        break;
      }
    }
    EXPECT_EQ(r.level, level) << address;
    const std::int32_t got = level == MatchLevel::village    ? r.village
                             : level == MatchLevel::township ? r.township
                                                             : r.county;
    if (level != MatchLevel::none) {
      EXPECT_EQ(got, agreed) << address;
    }
    placed += level == MatchLevel::village || level == MatchLevel::township;
  }
  EXPECT_GT(placed, 100);  // the random texts do exercise placed rows
}

// The same hard cases on the gazetteer shipped with sunplan (real 2016 units, 2023 names).
class ShippedMatcher : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    m = &test::shipped_matcher();
    g = &m->gazetteer();
  }
  static std::string township(std::string_view a) {
    const PlaceMatch r = m->match({.address = a});
    return r.township == kNone ? to_string(r.level) : g->code(r.township);
  }
  static inline const Gazetteer* g = nullptr;
  static inline const AddressMatcher* m = nullptr;
};

TEST_F(ShippedMatcher, RealHardCases) {
  // Codes looked up by hand in cn_villages_2016_urcode.csv.gz (510107005 玉林街道办事处,
  // 510181004 灌口街道办事处, 130428100 肥乡镇) and the NBS 2023 tables (130407 肥乡区,
  // 130503 信都区, 441900003 东城街道).
  EXPECT_EQ(township("四川省成都市武侯区玉林街道玉林北路社区12号"), "510107005");
  EXPECT_EQ(township("成都武侯玉林街道"), "510107005");
  // 肥乡区 (2023, code 130407) is 2016's 肥乡县 (130428).
  const PlaceMatch r = m->match({.address = "河北省邯郸市肥乡区肥乡镇"});
  EXPECT_EQ(g->code(r.township), "130428100");
  EXPECT_TRUE(r.via_alias);
  // 信都区 took 桥西区's code 130503 in 2023.
  EXPECT_EQ(g->code(m->match({.address = "河北邢台信都区"}).county), "130503");
  // County-level city written with and without 市.
  EXPECT_EQ(township("四川省都江堰市灌口街道"), "510181004");
  EXPECT_EQ(township("四川都江堰灌口街道"), "510181004");
  // The same district name in two provinces, resolved by the city.
  EXPECT_EQ(g->code(m->match({.address = "北京市朝阳区"}).county), "110105");
  EXPECT_EQ(g->code(m->match({.address = "吉林省长春市朝阳区"}).county), "220104");
  // 东莞 has no counties and is missing from the 2016 list: a 2023 unit.
  const PlaceMatch dg = m->match({.address = "广东省东莞市东城街道"});
  EXPECT_EQ(g->code(dg.township), "441900003");
  EXPECT_TRUE(g->newer_only(dg.township));
  // Too common alone.
  const PlaceMatch common = m->match({.address = "城关镇"});
  EXPECT_EQ(common.level, MatchLevel::none);
  EXPECT_TRUE(common.names_too_common);
}

}  // namespace sunplan::gazetteer
