#include "sunplan/gazetteer/address_matcher.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <array>
#include <limits>
#include <unordered_map>

#include "sunplan/gazetteer/text.hpp"

namespace sunplan::gazetteer {

const char* to_string(MatchLevel level) {
  switch (level) {
    case MatchLevel::none:
      return "none";
    case MatchLevel::county:
      return "county";
    case MatchLevel::township:
      return "township";
    case MatchLevel::village:
      return "village";
  }
  return "?";
}

float name_weight(AdminLevel level, VariantKind kind) {
  if (kind != VariantKind::stem) return 1.0f;
  switch (level) {
    case AdminLevel::province:
    case AdminLevel::city:
      return 0.8f;
    case AdminLevel::county:
      return 0.75f;
    case AdminLevel::township:
      return 0.6f;
    default:
      return 0.5f;
  }
}

namespace {

// Between the texts of one row (division fields, then the address); no key contains it, so
// no hit spans two texts.
constexpr char32_t kSeparator = 1;
constexpr float kAdjacentBonus = AddressMatcher::kAdjacentBonus;
constexpr float kFieldLevelBonus = AddressMatcher::kFieldLevelBonus;
constexpr float kCoveredPenalty = AddressMatcher::kCoveredPenalty;
constexpr std::int8_t kNoHint = -1;

float weight(AdminLevel level, VariantKind kind, std::int8_t hint, bool covered) {
  float w = name_weight(level, kind);
  if (hint == static_cast<std::int8_t>(level)) w += kFieldLevelBonus;
  if (covered) w -= kCoveredPenalty;
  return w;
}

// A division field may hold its own level or the one next to it (a county-level city in the
// city column, a community in the township column).
bool allowed(AdminLevel level, std::int8_t hint) {
  if (level == AdminLevel::country) return false;
  return hint == kNoHint || std::abs(static_cast<int>(level) - hint) <= 1;
}

struct Hit {
  std::uint32_t begin, end;
  std::span<const Posting> postings;
  std::uint8_t levels;  // bit per level among the postings
  std::int8_t hint;
  bool covered = false;  // a longer name starts at the same place (张村 in 张村集乡)
};

struct Occurrence {
  std::int32_t place;
  std::uint32_t begin, end;
  float score;
  std::int32_t prev;       // the chain's previous occurrence, -1 for a chain's first
  std::int32_t next_same;  // the next occurrence of the same place, -1 at the end
  bool alias;
};

// The latest occurrence of each place, reset for every row in O(1) by a generation stamp
// (a dense table: a hash map lookup per place visited was the matcher's main cost).
class PlaceTable {
 public:
  void start(std::size_t places) {
    if (m_latest.size() != places) {
      m_latest.assign(places, -1);
      m_stamp.assign(places, 0);
      m_generation = 0;
    }
    if (++m_generation == 0) {  // wrapped: clear the stamps once every 2^32 rows
      std::fill(m_stamp.begin(), m_stamp.end(), 0);
      m_generation = 1;
    }
  }
  std::int32_t get(std::int32_t place) const {
    const auto i = static_cast<std::size_t>(place);
    return m_stamp[i] == m_generation ? m_latest[i] : -1;
  }
  void set(std::int32_t place, std::int32_t occ) {
    const auto i = static_cast<std::size_t>(place);
    m_latest[i] = occ;
    m_stamp[i] = m_generation;
  }

 private:
  std::vector<std::int32_t> m_latest;
  std::vector<std::uint32_t> m_stamp;
  std::uint32_t m_generation = 0;
};

struct Workspace {
  std::u32string text;
  std::vector<std::int8_t> hint;  // per position: the level of the field it belongs to
  std::vector<Hit> hits;
  std::vector<Hit> deferred;
  std::vector<Occurrence> occ;
  PlaceTable latest;     // place -> its latest occurrence (older ones linked by next_same)
  PlaceTable made_here;  // place -> its occurrence made by the hit being extended
  std::unordered_map<std::uint64_t, std::int32_t> lazy_roots;

  void clear() {
    text.clear();
    hint.clear();
    hits.clear();
    deferred.clear();
    occ.clear();
    lazy_roots.clear();
  }
};

class Chains {
 public:
  Chains(const Gazetteer& g, Workspace& w) : m_g(g), m_w(w) {}

  void run() {
    for (const Hit& h : m_w.hits) {
      // A name of few places: each place looks for its ancestors among what was matched. A
      // name of many places (a common stem): only the places under an earlier match count,
      // found by range search from those matches.
      if (h.postings.size() <= AddressMatcher::kMaxRoots)
        walk_places(h);
      else
        extend_matched(h);
      if (h.postings.size() > AddressMatcher::kMaxRoots) {
        m_w.deferred.push_back(h);
        m_deferred_levels |= h.levels;
      }
    }
  }

 private:
  bool at_text_start(std::uint32_t pos) const {
    return pos == 0 || m_w.text[pos - 1] == kSeparator;
  }
  bool adjacent(std::uint32_t end, std::uint32_t begin) const {
    while (end < begin && m_w.text[end] == kSeparator) ++end;
    return end == begin;
  }

  std::int32_t add(std::int32_t place, const Hit& h, float score, std::int32_t prev, bool alias) {
    const auto id = static_cast<std::int32_t>(m_w.occ.size());
    m_w.occ.push_back({place, h.begin, h.end, score, prev, m_w.latest.get(place), alias});
    m_occ_levels |= static_cast<std::uint8_t>(1u << static_cast<unsigned>(m_g.level(place)));
    m_w.latest.set(place, id);
    return id;
  }

  // The best predecessor among occurrences of `a` ending before `begin`.
  void best_of_place(std::int32_t a, std::uint32_t begin, float& best, std::int32_t& best_prev) {
    for (std::int32_t o = m_w.latest.get(a); o >= 0;
         o = m_w.occ[static_cast<std::size_t>(o)].next_same) {
      const Occurrence& x = m_w.occ[static_cast<std::size_t>(o)];
      if (x.end > begin) continue;
      const float s = x.score + (adjacent(x.end, begin) ? kAdjacentBonus : 0.0f);
      if (s > best) {
        best = s;
        best_prev = o;
      }
    }
  }

  // A chain may start at a name too common to start one alone, once a later name fits under
  // one of its places: that place's occurrence is made on demand.
  void best_of_deferred(std::int32_t a, std::uint32_t begin, float& best, std::int32_t& best_prev) {
    const auto bit = static_cast<std::uint8_t>(1u << static_cast<unsigned>(m_g.level(a)));
    for (std::size_t d = 0; d < m_w.deferred.size(); ++d) {
      const Hit& h = m_w.deferred[d];
      if (h.end > begin || !(h.levels & bit)) continue;
      auto it = std::lower_bound(h.postings.begin(), h.postings.end(), a,
                                 [](const Posting& p, std::int32_t v) { return p.place < v; });
      if (it == h.postings.end() || it->place != a) continue;
      const AdminLevel lv = m_g.level(a);
      if (!allowed(lv, h.hint)) continue;
      const std::uint64_t key =
          (static_cast<std::uint64_t>(d) << 32) | static_cast<std::uint32_t>(a);
      auto [slot, fresh] = m_w.lazy_roots.try_emplace(key, -1);
      if (fresh)
        slot->second = add(a, h,
                           weight(lv, it->kind, h.hint, h.covered) +
                               (at_text_start(h.begin) ? kAdjacentBonus : 0.0f),
                           -1, it->alias);
      const Occurrence& x = m_w.occ[static_cast<std::size_t>(slot->second)];
      const float s = x.score + (adjacent(x.end, begin) ? kAdjacentBonus : 0.0f);
      if (s > best) {
        best = s;
        best_prev = slot->second;
      }
    }
  }

  // Few places: each looks up its ancestors among the places already matched.
  void walk_places(const Hit& h) {
    for (const Posting& p : h.postings) {
      const AdminLevel lv = m_g.level(p.place);
      if (!allowed(lv, h.hint)) continue;
      float best = -std::numeric_limits<float>::infinity();
      std::int32_t best_prev = -1;
      // Ancestors only at the levels where something was matched (most places have none).
      const auto lineage = static_cast<std::size_t>(lv) - 1;
      for (std::size_t up = 0; up < lineage; ++up) {
        const std::uint8_t bit = static_cast<std::uint8_t>(2u << up);  // 1 << (up + 1)
        if (!((m_occ_levels | m_deferred_levels) & bit)) continue;
        const std::int32_t a = m_g.ancestor(p.place, static_cast<AdminLevel>(up + 1));
        if (a == kNone) continue;
        if (m_occ_levels & bit) best_of_place(a, h.begin, best, best_prev);
        if (m_deferred_levels & bit) best_of_deferred(a, h.begin, best, best_prev);
      }
      const float w = weight(lv, p.kind, h.hint, h.covered);
      if (best_prev >= 0)
        add(p.place, h, best + w, best_prev, p.alias);
      else
        add(p.place, h, w + (at_text_start(h.begin) ? kAdjacentBonus : 0.0f), -1, p.alias);
    }
  }

  // Many places: only those under a place already matched can continue a chain.
  void extend_matched(const Hit& h) {
    m_w.made_here.start(m_g.size());
    const std::size_t before = m_w.occ.size();
    for (std::size_t o = 0; o < before; ++o) {
      const Occurrence parent = m_w.occ[o];
      // Only a parent that ends before the hit and has a level above some of its places.
      const auto deeper =
          static_cast<std::uint8_t>(0xFFu << (static_cast<unsigned>(m_g.level(parent.place)) + 1));
      if (parent.end > h.begin || !(h.levels & deeper)) continue;
      const std::int32_t end = m_g.subtree_end(parent.place);
      auto it = std::lower_bound(h.postings.begin(), h.postings.end(), parent.place + 1,
                                 [](const Posting& p, std::int32_t v) { return p.place < v; });
      const float bonus = adjacent(parent.end, h.begin) ? kAdjacentBonus : 0.0f;
      for (; it != h.postings.end() && it->place < end; ++it) {
        const AdminLevel lv = m_g.level(it->place);
        if (!allowed(lv, h.hint)) continue;
        const float s = parent.score + bonus + weight(lv, it->kind, h.hint, h.covered);
        const std::int32_t made = m_w.made_here.get(it->place);
        if (made < 0) {
          m_w.made_here.set(it->place,
                            add(it->place, h, s, static_cast<std::int32_t>(o), it->alias));
        } else if (s > m_w.occ[static_cast<std::size_t>(made)].score) {
          Occurrence& x = m_w.occ[static_cast<std::size_t>(made)];
          x.score = s;
          x.prev = static_cast<std::int32_t>(o);
          x.alias = it->alias;
        }
      }
    }
  }

  const Gazetteer& m_g;
  Workspace& m_w;
  std::uint8_t m_occ_levels = 0;       // bit per level with an occurrence
  std::uint8_t m_deferred_levels = 0;  // bit per level among the deferred hits' places
};

void append_text(Workspace& w, std::string_view utf8, std::int8_t hint) {
  const std::u32string t = match_text(utf8);
  if (t.empty()) return;
  if (!w.text.empty()) {
    w.text.push_back(kSeparator);
    w.hint.push_back(kNoHint);
  }
  w.text += t;
  w.hint.insert(w.hint.end(), t.size(), hint);
}

// The row's fields in one text, each marked with the level it names (the address: none).
void append_row_text(Workspace& w, const AddressParts& row) {
  append_text(w, row.province, static_cast<std::int8_t>(AdminLevel::province));
  append_text(w, row.city, static_cast<std::int8_t>(AdminLevel::city));
  append_text(w, row.county, static_cast<std::int8_t>(AdminLevel::county));
  append_text(w, row.township, static_cast<std::int8_t>(AdminLevel::township));
  append_text(w, row.village, static_cast<std::int8_t>(AdminLevel::village));
  append_text(w, row.address, kNoHint);
}

// Every name of the index found in the text; a hit is covered when a longer one starts at
// the same place.
void find_name_hits(const NameIndex& index, Workspace& w) {
  index.for_each_hit(
      w.text, [&](std::size_t b, std::size_t e, std::span<const Posting> p, std::uint8_t levels) {
        w.hits.push_back({static_cast<std::uint32_t>(b), static_cast<std::uint32_t>(e), p, levels,
                          w.hint[b], false});
      });
  for (std::size_t k = 0; k + 1 < w.hits.size(); ++k)
    w.hits[k].covered = w.hits[k + 1].begin == w.hits[k].begin;  // hits come by begin, then end
}

// The best chain's score (-1 without any): m gets it, its place and whether an alias led there.
float best_chain(const Workspace& w, PlaceMatch& m) {
  float best = -1;
  std::int32_t best_occ = -1;
  for (std::size_t o = 0; o < w.occ.size(); ++o)
    if (w.occ[o].score > best) {
      best = w.occ[o].score;
      best_occ = static_cast<std::int32_t>(o);
    }
  if (best_occ >= 0) {
    m.score = best;
    m.deepest_found = w.occ[static_cast<std::size_t>(best_occ)].place;
    for (std::int32_t o = best_occ; o >= 0; o = w.occ[static_cast<std::size_t>(o)].prev)
      m.via_alias |= w.occ[static_cast<std::size_t>(o)].alias;
  }
  return best;
}

// Every place whose best chain is within the margin of the best, ascending.
std::vector<std::int32_t> near_best_places(const Workspace& w, float best) {
  std::vector<std::int32_t> cands;
  for (const Occurrence& x : w.occ)
    if (x.score >= best - AddressMatcher::kTieMargin) cands.push_back(x.place);
  std::sort(cands.begin(), cands.end());
  cands.erase(std::unique(cands.begin(), cands.end()), cands.end());
  return cands;
}

// The deepest level on which all candidates agree: m gets the level and the codes down to it.
void agree_on_level(const Gazetteer& g, const std::vector<std::int32_t>& cands, PlaceMatch& m) {
  static constexpr std::array<std::pair<AdminLevel, MatchLevel>, 3> kLevels{{
      {AdminLevel::village, MatchLevel::village},
      {AdminLevel::township, MatchLevel::township},
      {AdminLevel::county, MatchLevel::county},
  }};
  std::int32_t agreed = kNone;
  for (const auto& [admin, level] : kLevels) {
    const std::int32_t first = g.ancestor(cands.front(), admin);
    if (first == kNone) continue;
    bool same = true;
    for (std::int32_t c : cands) same &= g.ancestor(c, admin) == first;
    if (same) {
      agreed = first;
      m.level = level;
      break;
    }
  }
  if (agreed != kNone) {
    m.county = g.ancestor(agreed, AdminLevel::county);
    m.township = g.ancestor(agreed, AdminLevel::township);
    m.village = g.ancestor(agreed, AdminLevel::village);
  }
}

// The places that fit, one level below the agreement (villages of a certain township;
// otherwise townships, or the candidates themselves when they end higher up). Two or more
// make the match ambiguous (or its village uncertain) and are listed, by code.
void list_fitting_places(const Gazetteer& g, const std::vector<std::int32_t>& cands,
                         PlaceMatch& m) {
  const AdminLevel list_level =
      m.level == MatchLevel::township ? AdminLevel::village : AdminLevel::township;
  std::vector<std::int32_t> listed;
  for (std::int32_t c : cands) {
    const std::int32_t a = g.ancestor(c, list_level);
    if (m.level == MatchLevel::township && a == kNone) continue;  // the township itself
    listed.push_back(a == kNone ? c : a);
  }
  std::sort(listed.begin(), listed.end());
  listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
  if (listed.size() < 2 || m.level == MatchLevel::village) return;
  if (m.level == MatchLevel::township)
    m.village_uncertain = true;
  else
    m.ambiguous = true;
  m.candidate_total = static_cast<std::int32_t>(listed.size());
  std::sort(listed.begin(), listed.end(), [&](std::int32_t a, std::int32_t b) {
    return std::make_pair(g.code(a).size(), g.code(a)) <
           std::make_pair(g.code(b).size(), g.code(b));
  });
  if (listed.size() > AddressMatcher::kMaxListed) listed.resize(AddressMatcher::kMaxListed);
  m.candidates = std::move(listed);
}

}  // namespace

AddressMatcher::AddressMatcher(const Gazetteer& gazetteer)
    : m_gazetteer(gazetteer), m_index(gazetteer) {}

PlaceMatch AddressMatcher::match(const AddressParts& row) const {
  thread_local Workspace w;
  w.clear();
  w.latest.start(m_gazetteer.size());
  const Gazetteer& g = m_gazetteer;
  append_row_text(w, row);
  if (w.text.empty()) {
    PlaceMatch m;
    m.empty = true;
    return m;
  }
  find_name_hits(m_index, w);
  Chains(g, w).run();

  PlaceMatch m;
  const float best = best_chain(w, m);
  if (best < kMinScore) {
    m.names_too_common = !w.deferred.empty();
    return m;
  }
  const std::vector<std::int32_t> cands = near_best_places(w, best);
  agree_on_level(g, cands, m);
  list_fitting_places(g, cands, m);
  if (m.level == MatchLevel::none && !m.ambiguous) m.names_too_common = !w.deferred.empty();
  return m;
}

std::vector<PlaceMatch> match_all(const AddressMatcher& matcher, std::span<const AddressParts> rows,
                                  Progress& progress) {
  std::vector<PlaceMatch> out(rows.size());
  constexpr std::size_t kBatch = 1 << 15;
  for (std::size_t start = 0; start < rows.size(); start += kBatch) {
    const std::size_t stop = std::min(rows.size(), start + kBatch);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(start, stop, 256),
                      [&](const tbb::blocked_range<std::size_t>& r) {
                        for (std::size_t i = r.begin(); i != r.end(); ++i)
                          out[i] = matcher.match(rows[i]);
                      });
    report_or_cancel(progress, static_cast<double>(stop) / static_cast<double>(rows.size()),
                     "locate");
  }
  return out;
}

namespace {

std::string listed_places(const PlaceMatch& m, const Gazetteer& g) {
  std::string out;
  for (std::int32_t c : m.candidates) {
    if (!out.empty()) out += ", ";
    out += g.code(c) + " " + std::string(g.name(c));
    const std::int32_t county = g.ancestor(c, AdminLevel::county);
    if (county != kNone && county != m.county && county != c)
      out += " (" + std::string(g.name(county)) + ")";
  }
  if (m.candidate_total > static_cast<std::int32_t>(m.candidates.size())) out += ", ...";
  return out;
}

const char* level_word(AdminLevel level) {
  switch (level) {
    case AdminLevel::province:
      return "province";
    case AdminLevel::city:
      return "city";
    case AdminLevel::county:
      return "county";
    case AdminLevel::township:
      return "township";
    case AdminLevel::village:
      return "village";
    default:
      return "place";
  }
}

}  // namespace

std::string describe(const PlaceMatch& m, const Gazetteer& g) {
  std::string note;
  switch (m.level) {
    case MatchLevel::village:
      note = "village " + g.path(m.village);
      break;
    case MatchLevel::township:
      note = "township " + g.path(m.township);
      if (m.village_uncertain)
        note += "; village not certain, " + std::to_string(m.candidate_total) +
                " fit: " + listed_places(m, g);
      break;
    case MatchLevel::county:
      note = "county " + g.path(m.county);
      if (m.ambiguous)
        note += "; ambiguous, " + std::to_string(m.candidate_total) +
                " townships fit: " + listed_places(m, g);
      else
        note += "; no township found";
      break;
    case MatchLevel::none:
      if (m.ambiguous)
        note = "ambiguous, " + std::to_string(m.candidate_total) +
               " places fit: " + listed_places(m, g);
      else if (m.score >= AddressMatcher::kMinScore && m.deepest_found != kNone)
        note = std::string("only the ") + level_word(g.level(m.deepest_found)) +
               " found: " + g.path(m.deepest_found);
      else if (m.names_too_common)
        note = "a name was found in too many places to choose; give the county or township";
      else if (m.deepest_found != kNone)
        note = "only a shortened name found, too weak to place";
      else if (m.empty)
        note = "the address and division columns are empty";
      else
        note = "no division name found";
      break;
  }
  if (m.via_alias && m.level != MatchLevel::none) note += "; through a newer name (2023 codes)";
  return note;
}

}  // namespace sunplan::gazetteer
