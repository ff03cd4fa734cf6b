// The national gazetteer: every division from province to village with its code, official
// name, other names (2023 names, recoded units) and a point where one is known.
//
//   Gazetteer g = parse_gazetteer(text, "name");   // files: io/gazetteer_file.hpp
//   std::int32_t p = g.find("510107005");          // 玉林街道 of 武侯区
//   g.name(p); g.level(p); g.parent(p); g.lonlat(p); g.point_source(p);
//   for (std::int32_t c = p + 1; c < g.subtree_end(p); ++c) ...  // every unit under p
//
// Places are stored in depth-first order (parents before children, each subtree one
// contiguous range), so "is a under b" is a range test. The file format (a gzip'd UTF-8 TSV
// made by scripts/make-gazetteer) is described in data/gazetteer/README.md.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sunplan/core/dataset.hpp"
#include "sunplan/core/geometry.hpp"

namespace sunplan::gazetteer {

enum class PointSource : std::uint8_t {
  none,
  village,        // the village's own point
  seat,           // the township government's seat (乡镇政府驻地)
  villages_mean,  // a township without a seat: the mean of its village points
};
const char* to_string(PointSource s);

class Gazetteer {
 public:
  std::size_t size() const { return m_code.size(); }
  std::string code(std::int32_t p) const;
  std::string_view name(std::int32_t p) const;
  AdminLevel level(std::int32_t p) const { return m_level[idx(p)]; }
  std::int32_t parent(std::int32_t p) const { return m_parent[idx(p)]; }
  std::int32_t subtree_end(std::int32_t p) const { return m_subtree_end[idx(p)]; }
  bool contains(std::int32_t ancestor, std::int32_t p) const {
    return p >= ancestor && p < subtree_end(ancestor);
  }
  // The ancestor of p at `level` (p itself when it is at that level), or kNone.
  std::int32_t ancestor(std::int32_t p, AdminLevel level) const {
    return level >= AdminLevel::province && level <= AdminLevel::village
               ? m_lineage[idx(p)][static_cast<std::size_t>(level) - 1]
               : kNone;
  }
  PointSource point_source(std::int32_t p) const { return m_point[idx(p)]; }
  Vec2 lonlat(std::int32_t p) const { return m_lonlat[idx(p)]; }                 // NaN when none
  std::uint16_t urban_rural_code(std::int32_t p) const { return m_ur[idx(p)]; }  // 0: unknown
  // True for units only in the newer code tables (no 2016 counterpart, hence no point).
  bool newer_only(std::int32_t p) const { return m_newer_only[idx(p)] != 0; }
  // The other names of p (2023 names, names of recoded units) are the alias ids
  // [first, second) of alias_range(p).
  std::pair<std::uint32_t, std::uint32_t> alias_range(std::int32_t p) const {
    return {m_alias_first[idx(p)], m_alias_first[idx(p) + 1]};
  }
  std::string_view alias_name(std::uint32_t alias) const;
  std::size_t alias_count() const { return m_alias_begin.size(); }

  // The place with this code (2, 4, 6, 9 or 12 digits), or kNone.
  std::int32_t find(std::string_view code) const;
  // "四川省/成都市/武侯区/玉林街道办事处" (virtual levels such as 市辖区 left out).
  std::string path(std::int32_t p) const;

  std::string source;  // the file it was read from, for messages and reports
  std::string header;  // its '#' comment lines (origin and licence)

 private:
  friend Gazetteer parse_gazetteer(std::string_view, const std::string&);
  static std::size_t idx(std::int32_t p) { return static_cast<std::size_t>(p); }

  std::vector<std::uint64_t> m_code;
  std::vector<AdminLevel> m_level;
  std::vector<std::int32_t> m_parent;
  // Each place's ancestors at province .. village (itself at its own level), kNone where the
  // chain skips a level: one cache line instead of a walk up the parents.
  std::vector<std::array<std::int32_t, 5>> m_lineage;
  std::vector<std::int32_t> m_subtree_end;
  std::vector<PointSource> m_point;
  std::vector<Vec2> m_lonlat;
  std::vector<std::uint16_t> m_ur;
  std::vector<std::uint8_t> m_newer_only;
  std::string m_text;                        // every name and alias, back to back
  std::vector<std::uint32_t> m_name_begin;   // size() + 1 offsets into m_text
  std::vector<std::uint32_t> m_alias_first;  // size() + 1 offsets into m_alias_*
  std::vector<std::uint32_t> m_alias_begin, m_alias_end;
  std::vector<std::int32_t> m_by_code;  // places sorted by code
};

// Parses a gazetteer's TSV text; source_name names it in errors. Reading the file (gzip'd or
// plain) is io's job: io/gazetteer_file.hpp.
Gazetteer parse_gazetteer(std::string_view text, const std::string& source_name);

}  // namespace sunplan::gazetteer
