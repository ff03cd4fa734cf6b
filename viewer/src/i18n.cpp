#include "i18n.hpp"

#include <array>
#include <cstdlib>
#include <string>
#include <utility>

namespace sunplan::viewer {

namespace {

struct Entry {
  const char* en;
  const char* zh;
};

// Indexed by Key.
constexpr std::array<Entry, static_cast<std::size_t>(Key::count_)> kText{{
    {"Layers", "图层"},
    {"Statistics", "统计"},
    {"Inspector", "要素信息"},
    {"Targets", "目标"},
    {"Jobs", "任务"},
    {"Legend", "图例"},
    {"Visible", "显示"},
    {"Opacity", "不透明度"},
    {"Colour by", "着色字段"},
    {"(none)", "（无）"},
    {"Up", "上移"},
    {"Down", "下移"},
    {"Fit to data", "缩放至全部"},
    {"Reload", "重新加载"},
    {"Cancel", "取消"},
    {"Running", "运行中"},
    {"Done", "完成"},
    {"Failed", "失败"},
    {"Cancelled", "已取消"},
    {"Level", "层级"},
    {"Back", "返回上级"},
    {"Code", "代码"},
    {"Name", "名称"},
    {"Youth", "青少年"},
    {"Served", "已服务"},
    {"Rate", "服务率"},
    {"Units", "单元数"},
    {"Nothing under the cursor", "光标处无要素"},
    {"Overall served rate", "总体服务率"},
    {"Target", "目标"},
    {"Language", "语言"},
    {"Labels", "标注"},
    {"Loading", "加载中"},
    {"No unit layer with division codes", "没有带区划代码的单元图层"},
    {"Run metadata", "运行信息"},
    {"Double-click a row to drill down; click to zoom", "单击行缩放，双击下钻"},
    {"no data", "无数据"},
    {"existing", "现有"},
    {"candidate", "候选"},
    {"planned", "规划"},
    {"Siting", "选址"},
    {"Model", "模型"},
    {"New bases (k)", "新增基地数 (k)"},
    {"Urban first", "城镇优先"},
    {"Run", "运行"},
    {"Objective", "目标值"},
    {"Bound", "界"},
    {"Gap", "差距"},
    {"What-if", "情景推演"},
    {"Selected base", "选中基地"},
    {"Click a base on the map to select it", "在地图上单击基地以选中"},
    {"Remove base", "删除基地"},
    {"Capacity", "容量"},
    {"Set capacity", "设置容量"},
    {"Add a base at the next click", "单击地图新增基地"},
    {"Type", "类型"},
    {"Edits", "修改"},
    {"Undo", "撤销"},
    {"Clear", "清除"},
    {"Click the map where the base goes", "在地图上单击放置基地"},
    {"Country", "全国"},
    {"Province", "省"},
    {"City", "市"},
    {"County", "县"},
    {"Township", "乡镇街道"},
    {"Village", "村"},
    {"Unserved", "未服务"},
    {"Move to next click", "移至下次单击处"},
    {"Click the map where the base moves to", "在地图上单击基地的新位置"},
    {"The position is outside every township", "该位置不在任何乡镇街道内"},
    {"Export", "导出"},
    {"Layer", "图层"},
    {"Format", "格式"},
    {"Path", "路径"},
    {"Export layer", "导出图层"},
    {"Written", "已写入"},
    {"load", "加载"},
    {"siting", "选址"},
    {"what-if", "情景推演"},
    {"export", "导出"},
    {"unlimited", "不限"},
    {"points", "点"},
    {"density", "密度"},
    {"bandwidth (px)", "带宽（像素）"},
    {"Density", "密度图例"},
    {"youth per km²", "青少年/平方千米"},
    {"quartic kernel", "四次核"},
    {"Edits kept for siting", "选址沿用的修改"},
    {"showing 1 in ", "显示 1/"},
    {"radius m (0 = scenario)", "半径 米（0 = 情景设定）"},
    {"minutes (0 = scenario)", "分钟（0 = 情景设定）"},
    {"suppressed", "已隐去"},
}};

constexpr std::pair<const char*, Entry> kFields[] = {
    {"served_rate", {"served rate", "服务率"}},
    {"reach_rate", {"reach rate", "可达率"}},
    {"youth", {"youth", "青少年数"}},
    {"served", {"served", "已服务"}},
    {"unserved", {"unserved", "未服务"}},
    {"in_reach", {"in reach", "服务范围内"}},
    {"gap_rank", {"gap rank", "缺口排名"}},
    {"mean_nearest_m", {"mean distance to nearest base (m)", "到最近基地平均距离（米）"}},
    {"p90_nearest_m", {"90th percentile distance (m)", "90分位距离（米）"}},
    {"accessibility", {"accessibility", "可达性"}},
    {"capacity", {"capacity", "容量"}},
    {"load", {"load", "负荷"}},
    {"name", {"name", "名称"}},
    {"code", {"code", "代码"}},
    {"type", {"type", "类型"}},
    {"status", {"status", "状态"}},
    {"unserved_no_base", {"unserved, no base in reach", "未服务（范围内无基地）"}},
    {"unserved_full", {"unserved, bases full", "未服务（基地已满）"}},
    {"urban_youth", {"urban youth", "城镇青少年"}},
    {"urban_served", {"urban served", "城镇已服务"}},
    {"rural_youth", {"rural youth", "乡村青少年"}},
    {"rural_served", {"rural served", "乡村已服务"}},
    {"bases_existing", {"existing bases", "现有基地数"}},
    {"bases_candidate", {"candidate bases", "候选基地数"}},
    {"mean_nearest_min", {"mean minutes to nearest base", "到最近基地平均时间（分钟）"}},
    {"p90_nearest_min", {"90th percentile minutes", "90分位时间（分钟）"}},
    {"nearest_m", {"distance to nearest base (m)", "到最近基地距离（米）"}},
    {"nearest_min", {"minutes to nearest base", "到最近基地时间（分钟）"}},
    {"type_zh", {"type (Chinese)", "类型（中文）"}},
    {"township", {"township", "乡镇街道"}},
    {"county", {"county", "区县"}},
    {"urban_rural", {"urban/rural", "城乡"}},
    {"radius_m", {"radius (m)", "服务半径（米）"}},
    {"cutoff_min", {"cutoff (min)", "时间阈值（分钟）"}},
    {"base_id", {"base", "基地"}},
    {"count", {"count", "人数"}},
    {"reason", {"reason", "原因"}},
};

constexpr std::pair<const char*, Entry> kLayers[] = {
    {"townships", {"townships", "乡镇街道"}},
    {"counties", {"counties", "区县"}},
    {"cities", {"cities", "地市"}},
    {"provinces", {"provinces", "省份"}},
    {"bases", {"bases", "服务基地"}},
    {"catchments", {"catchments", "服务范围"}},
    {"catchment_union", {"catchment union", "服务范围合并"}},
    {"gaps", {"gaps", "服务缺口"}},
    {"youth", {"youth", "青少年"}},
    {"teams", {"volunteer teams", "志愿团队"}},
    {"assignments", {"assignments", "服务分配"}},
    {"roads", {"roads", "道路"}},
    {"villages", {"villages", "村"}},
    {"problems", {"problems", "数据问题"}},
    {"gap_ranking", {"gap ranking", "缺口排名"}},
    {"run_metadata", {"run metadata", "运行信息"}},
    {"isochrones", {"isochrones", "等时圈"}},
    {"sites", {"chosen sites", "选址结果"}},
    {"candidates", {"candidate sites", "候选点"}},
    {"pairings", {"pairings", "结对"}},
    {"relay", {"relay", "接续"}},
    {"relay_calendar", {"relay calendar", "接续日程"}},
    {"base_teams", {"teams per base", "基地志愿团队"}},
    {"bases_without_team", {"bases without a team", "无结对团队的基地"}},
    {"youth_pairing", {"youth pairing", "青少年结对"}},
    {"site_catchments", {"site catchments", "选址服务范围"}},
    {"site_effect", {"site effect", "选址效果"}},
    {"siting_summary", {"siting summary", "选址汇总"}},
    {"targets", {"targets", "目标"}},
    {"targets_townships", {"township targets", "乡镇街道目标"}},
    {"youth_grid", {"youth grid", "青少年网格"}},
    // `sunplan compare` (a DIFF.gpkg opened in the viewer).
    {"parameter_changes", {"parameter changes", "参数变化"}},
    {"base_changes", {"base changes", "基地变化"}},
    {"unit_changes", {"unit changes", "单元指标变化"}},
    {"township_coverage_changes", {"township coverage changes", "乡镇覆盖变化"}},
    {"assignment_changes", {"assignment changes", "分配与结对变化"}},
};

// Engine progress stages (report_or_cancel in engine/src; a test keeps this list complete).
constexpr std::pair<const char*, const char*> kStages[] = {
    {"load", "加载数据"},
    {"locate points", "定位点位"},
    {"gazetteer", "读取地名库"},
    {"locate", "匹配地址"},
    {"township overlaps", "乡镇重叠检查"},
    {"distance reach", "距离可达计算"},
    {"served assignment", "服务分配"},
    {"spread counts", "分摊人数"},
    {"unit figures", "单元统计"},
    {"catchments", "服务范围"},
    {"gap polygons", "缺口多边形"},
    {"siting: greedy", "选址：贪心"},
    {"siting: local search", "选址：局部搜索"},
    {"siting: iterated search", "选址：变邻域搜索"},
    {"siting: lagrangian bound", "选址：拉格朗日界"},
    {"siting: cbc", "选址：CBC精确求解"},
    {"siting: cmclp greedy", "选址：容量约束贪心"},
    {"siting: cmclp search", "选址：容量约束迭代搜索"},
    {"siting: p-median branch and bound", "选址：p-中位分支定界"},
    {"siting: cmclp lagrangian bound", "选址：容量约束拉格朗日界"},
    {"siting: set cover search", "选址：集合覆盖搜索"},
    {"pairing", "结对"},
    {"pairing reach", "结对可达计算"},
    {"relay", "接续"},
    {"teams to bases", "团队对接基地"},
    {"write GeoPackage", "写入GeoPackage"},
    {"read result", "读取结果"},
    {"atlas pages", "绘制图集页面"},
    {"export", "导出"},
    {"distance GeoTIFF", "写入距离栅格"},
    {"read OSM", "读取OSM"},
    {"road graph", "构建路网"},
    {"snap", "吸附到路网"},
    {"travel times", "出行时间"},
    {"per-source times", "逐点出行时间"},
    {"network reach", "路网可达计算"},
    {"isochrones", "等时圈"},
    {"travel-time grid", "出行时间栅格"},
    {"density", "密度计算"},
    {"scene ready", "场景就绪"},
    {"apply edits", "应用修改"},
    {"what-if ready", "情景推演完成"},
};

// Stages named "<verb> <layer>" (read townships, build gaps, ...): the verb, then the
// layer's Chinese name.
constexpr std::pair<const char*, const char*> kStagePrefixes[] = {
    {"read ", "读取"},
    {"build ", "构建"},
    {"triangulate ", "三角化"},
    {"levels of detail ", "细节层次"},
};

template <std::size_t N>
std::string lookup(const std::pair<const char*, Entry> (&table)[N], std::string_view name,
                   Lang lang) {
  for (const auto& [k, e] : table)
    if (name == k) return lang == Lang::zh ? e.zh : e.en;
  return std::string(name);
}

}  // namespace

const char* I18n::operator()(Key key) const {
  const Entry& e = kText[static_cast<std::size_t>(key)];
  return m_lang == Lang::zh ? e.zh : e.en;
}

std::string I18n::field(std::string_view name) const {
  return lookup(kFields, name, m_lang);
}
std::string I18n::layer(std::string_view name) const {
  return lookup(kLayers, name, m_lang);
}

const char* I18n::level(AdminLevel level) const {
  switch (level) {
    case AdminLevel::country:
      return (*this)(Key::level_country);
    case AdminLevel::province:
      return (*this)(Key::level_province);
    case AdminLevel::city:
      return (*this)(Key::level_city);
    case AdminLevel::county:
      return (*this)(Key::level_county);
    case AdminLevel::township:
      return (*this)(Key::level_township);
    case AdminLevel::village:
      return (*this)(Key::level_village);
  }
  return "";
}

std::string I18n::base_type(std::string_view key) const {
  BaseType t{};
  if (!parse_base_type(std::string(key), t)) return std::string(key);
  if (m_lang == Lang::zh) return chinese_name(t);
  std::string out(key);
  for (char& c : out)
    if (c == '_') c = ' ';
  return out;
}

std::string I18n::stage(std::string_view name) const {
  if (m_lang != Lang::zh) return std::string(name);
  for (const auto& [en, zh] : kStages)
    if (name == en) return zh;
  for (const auto& [en, zh] : kStagePrefixes) {
    const std::string_view prefix(en);
    if (name.size() > prefix.size() && name.substr(0, prefix.size()) == prefix)
      return zh + layer(name.substr(prefix.size()));
  }
  return std::string(name);
}

std::vector<std::string> I18n::all_strings() {
  std::vector<std::string> out;
  for (const Entry& e : kText) {
    out.emplace_back(e.en);
    out.emplace_back(e.zh);
  }
  for (const auto& [k, e] : kFields) {
    out.emplace_back(e.en);
    out.emplace_back(e.zh);
  }
  for (const auto& [k, e] : kLayers) {
    out.emplace_back(e.en);
    out.emplace_back(e.zh);
  }
  for (const auto& [en, zh] : kStages) out.emplace_back(zh);
  for (const auto& [en, zh] : kStagePrefixes) out.emplace_back(zh);
  for (int t = 0; t < kBaseTypeCount; ++t) out.emplace_back(chinese_name(static_cast<BaseType>(t)));
  out.emplace_back("中文 English：，（）");  // full-width punctuation used around the entries
  return out;
}

bool parse_lang(std::string_view text, Lang& out) {
  if (text.rfind("zh", 0) == 0) {
    out = Lang::zh;
    return true;
  }
  if (text.rfind("en", 0) == 0) {
    out = Lang::en;
    return true;
  }
  return false;
}

Lang default_lang() {
  for (const char* var : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* v = std::getenv(var);
    if (v && *v) return std::string_view(v).rfind("zh", 0) == 0 ? Lang::zh : Lang::en;
  }
  return Lang::en;
}

}  // namespace sunplan::viewer
