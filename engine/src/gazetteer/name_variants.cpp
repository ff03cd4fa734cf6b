#include "sunplan/gazetteer/name_variants.hpp"

#include <algorithm>
#include <array>

#include "sunplan/gazetteer/text.hpp"

namespace sunplan::gazetteer {

const char* to_string(VariantKind kind) {
  switch (kind) {
    case VariantKind::stem:
      return "stem";
    case VariantKind::typed:
      return "typed";
    case VariantKind::full:
      return "full";
  }
  return "?";
}

namespace {

// One suffix rule: a name ending in `suffix` has the stem name[0, size - suffix), written
// with the `typed` endings as well (at most three). `ethnic` strips the names of ethnic
// groups from the end of the stem (峨边彝族 -> 峨边). `stem_is_typed`: the stem itself reads
// as a complete name (a 村 or 社区 name ending in 村).
struct SuffixRule {
  std::u32string_view suffix;
  std::array<std::u32string_view, 3> typed{};
  bool ethnic = false;
};

// Longest suffix first within each level. This is the table documented in docs/registries.md.
constexpr SuffixRule kProvince[] = {
    {U"特别行政区"}, {U"维吾尔自治区"}, {U"壮族自治区"}, {U"回族自治区"},
    {U"自治区"},     {U"省"},           {U"市"},
};
constexpr SuffixRule kCity[] = {
    {U"自治州", {U"州"}, true},
    {U"地区"},
    {U"盟"},
    {U"市"},
};
constexpr SuffixRule kCounty[] = {
    {U"自治县", {U"县"}, true},
    {U"自治旗", {U"旗"}, true},
    {U"林区"},
    {U"特区"},
    {U"新区"},
    {U"区"},
    {U"县"},
    {U"市"},
    {U"旗"},
};
constexpr SuffixRule kTownship[] = {
    {U"街道办事处", {U"街道", U"街办", U"办事处"}},
    {U"地区办事处", {U"地区", U"地区办"}},
    {U"街办事处", {U"街", U"街街道", U"街办"}},
    {U"管理委员会", {U"管委会"}},
    {U"民族乡", {U"乡"}, true},
    {U"街道办", {U"街道", U"街办"}},
    {U"办事处", {U"街道"}},
    {U"管委会", {U"管理委员会"}},
    {U"街道"},
    {U"地区"},
    {U"苏木"},
    {U"镇"},
    {U"乡", {U"乡"}, true},
};
constexpr SuffixRule kVillage[] = {
    {U"社区居民委员会", {U"社区", U"社区居委会"}},
    {U"嘎查村民委员会", {U"嘎查", U"嘎查村"}},
    {U"社区居委会", {U"社区"}},
    {U"嘎查委员会", {U"嘎查"}},
    {U"嘎查村委会", {U"嘎查", U"嘎查村"}},
    {U"村民委员会", {U"村", U"村委会"}},
    {U"居民委员会", {U"居委会", U"社区"}},
    {U"家属委员会", {U"家委会"}},
    {U"社区居委", {U"社区"}},
    {U"村委会", {U"村", U"村民委员会"}},
    {U"居委会", {U"社区", U"居民委员会"}},
    {U"家委会", {U"家属委员会"}},
    {U"村委", {U"村"}},
    {U"居委", {U"社区", U"居委会"}},
    {U"嘎查", {}},
    {U"社区", {}},
    {U"村", {}},
};

// The 56 groups (and 各族), longest first so 蒙古族 is tried before shorter endings.
constexpr std::u32string_view kEthnic[] = {
    U"柯尔克孜族", U"维吾尔族", U"哈萨克族", U"乌孜别克族", U"俄罗斯族", U"塔吉克族", U"塔塔尔族",
    U"达斡尔族",   U"鄂温克族", U"鄂伦春族", U"蒙古族",     U"布依族",   U"朝鲜族",   U"土家族",
    U"哈尼族",     U"傈僳族",   U"高山族",   U"拉祜族",     U"东乡族",   U"纳西族",   U"景颇族",
    U"仫佬族",     U"布朗族",   U"撒拉族",   U"毛南族",     U"仡佬族",   U"锡伯族",   U"阿昌族",
    U"普米族",     U"德昂族",   U"保安族",   U"裕固族",     U"独龙族",   U"赫哲族",   U"门巴族",
    U"珞巴族",     U"基诺族",   U"汉族",     U"回族",       U"藏族",     U"苗族",     U"彝族",
    U"壮族",       U"满族",     U"侗族",     U"瑶族",       U"白族",     U"黎族",     U"佤族",
    U"畲族",       U"水族",     U"土族",     U"羌族",       U"怒族",     U"京族",     U"各族",
};

std::span<const SuffixRule> rules_for(AdminLevel level) {
  switch (level) {
    case AdminLevel::province:
      return kProvince;
    case AdminLevel::city:
      return kCity;
    case AdminLevel::county:
      return kCounty;
    case AdminLevel::township:
      return kTownship;
    case AdminLevel::village:
      return kVillage;
    default:
      return {};
  }
}

constexpr std::size_t kMinLength = 2;

bool ends_with(std::u32string_view s, std::u32string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::u32string strip_ethnic(std::u32string s) {
  for (bool again = true; again;) {
    again = false;
    for (std::u32string_view e : kEthnic)
      if (ends_with(s, e) && s.size() >= e.size() + kMinLength) {
        s.resize(s.size() - e.size());
        again = true;
        break;
      }
  }
  return s;
}

class VariantSet {
 public:
  void add(std::u32string key, VariantKind kind) {
    if (key.size() < kMinLength) return;
    for (NameVariant& v : m_out)
      if (v.key == key) {
        v.kind = std::max(v.kind, kind);
        return;
      }
    m_out.push_back({std::move(key), kind});
  }
  std::vector<NameVariant> take() { return std::move(m_out); }

 private:
  std::vector<NameVariant> m_out;
};

// Variants of one written form of the name (already in match_text form).
void add_forms(std::u32string_view name, AdminLevel level, VariantSet& out) {
  out.add(std::u32string(name), VariantKind::full);
  for (const SuffixRule& rule : rules_for(level)) {
    if (!ends_with(name, rule.suffix) || name.size() < rule.suffix.size() + kMinLength) continue;
    std::u32string stem(name.substr(0, name.size() - rule.suffix.size()));
    if (rule.ethnic) stem = strip_ethnic(stem);
    for (std::u32string_view t : rule.typed)
      if (!t.empty()) out.add(stem + std::u32string(t), VariantKind::typed);
    // A village stem ending in 村 (新村 of 新村村委会) is a complete name by itself.
    const bool complete = level == AdminLevel::village && ends_with(stem, U"村");
    // A rule's own suffix without an institution word is the typed form (张庄村 of
    // 张庄村民委员会 is produced by the typed list; 北路社区 is the name itself).
    out.add(stem, complete ? VariantKind::typed : VariantKind::stem);
    break;
  }
}

// The name with every part in parentheses removed (half- or full-width).
std::string without_parentheses(std::string_view name) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < name.size();) {
    if (name[i] == '(' || name.substr(i, 3) == "（") {
      ++depth;
      i += name[i] == '(' ? 1 : 3;
    } else if (name[i] == ')' || name.substr(i, 3) == "）") {
      depth = std::max(0, depth - 1);
      i += name[i] == ')' ? 1 : 3;
    } else {
      if (depth == 0) out.push_back(name[i]);
      ++i;
    }
  }
  return out;
}

// False when the name is only a type word, or a type word after a too short stem (the 村委会
// left of 东海镇村委会 once its township's name is cut off).
bool has_stem(std::u32string_view name, AdminLevel level) {
  for (const SuffixRule& rule : rules_for(level))
    if (ends_with(name, rule.suffix)) return name.size() >= rule.suffix.size() + kMinLength;
  return name.size() >= kMinLength;
}

}  // namespace

bool is_virtual_name(std::string_view name) {
  return name == "市辖区" || name == "县" || name == "省直辖县级行政区划" ||
         name == "自治区直辖县级行政区划" || name == "直辖县级行政区划" || name.empty();
}

std::vector<NameVariant> name_variants(std::string_view name, AdminLevel level,
                                       std::span<const std::u32string> parent_names) {
  VariantSet out;
  if (is_virtual_name(name)) return out.take();
  std::vector<std::u32string> forms{match_text(name)};
  if (name.find('(') != std::string_view::npos || name.find("（") != std::string_view::npos)
    forms.push_back(match_text(without_parentheses(name)));
  for (std::size_t f = 0, n = forms.size(); f < n; ++f)
    for (const std::u32string& parent : parent_names)
      if (parent.size() >= kMinLength && forms[f].size() >= parent.size() + kMinLength &&
          forms[f].compare(0, parent.size(), parent) == 0 &&
          has_stem(std::u32string_view(forms[f]).substr(parent.size()), level))
        forms.push_back(forms[f].substr(parent.size()));
  for (const std::u32string& form : forms) add_forms(form, level, out);
  return out.take();
}

std::u32string name_stem(std::string_view name, AdminLevel level) {
  auto variants = name_variants(name, level, {});
  std::u32string best = match_text(name);
  for (const NameVariant& v : variants)
    if (v.key.size() < best.size()) best = v.key;
  return best;
}

}  // namespace sunplan::gazetteer
