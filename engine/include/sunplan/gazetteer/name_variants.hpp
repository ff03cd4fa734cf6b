// The ways people write one division name: the official name, the name with its type written
// shorter (玉林街道 for 玉林街道办事处, 北路社区 for 北路社区居民委员会, 张庄村 for
// 张庄村民委员会), and the bare stem (玉林, 北路, 张庄, 成都, 武侯).
//
//   for (const NameVariant& v : name_variants("峨边彝族自治县", AdminLevel::county, {}))
//     index.add(v.key, place, v.kind);   // 峨边彝族自治县 (full), 峨边县 (typed), 峨边 (stem)
//
// The suffix table (one rule per level, longest suffix first) is in docs/registries.md and in
// name_variants.cpp. Stems and typed forms shorter than 2 characters are never produced (沛县
// gives no stem 沛). Names in parentheses give variants with and without the part in
// parentheses. Names that repeat their parent's name in front (红寺堡区柳泉乡 under 红寺堡区)
// also give the variants of the rest. Virtual units (市辖区, 县, 省直辖县级行政区划, ...) give
// no variant: nobody writes them in an address.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sunplan/core/dataset.hpp"

namespace sunplan::gazetteer {

// Ordered by strength: a full name is the most specific evidence, a stem the weakest.
enum class VariantKind : std::uint8_t { stem = 0, typed = 1, full = 2 };
const char* to_string(VariantKind kind);

struct NameVariant {
  std::u32string key;  // in match_text form
  VariantKind kind;
};

// Variants of `name` (UTF-8) at `level`; `parent_names` are the match_text forms of the
// parent's names (official and aliases), stripped when the name starts with one of them.
// Each key appears once, with its strongest kind.
std::vector<NameVariant> name_variants(std::string_view name, AdminLevel level,
                                       std::span<const std::u32string> parent_names);

// 市辖区, 县, 省直辖县级行政区划, 自治区直辖县级行政区划: placeholders, not names.
bool is_virtual_name(std::string_view name);

// The stem of a name at its level (the last entry name_variants gives, or the name itself).
std::u32string name_stem(std::string_view name, AdminLevel level);

}  // namespace sunplan::gazetteer
