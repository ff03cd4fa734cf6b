#include "sunplan/io/admin_hierarchy.hpp"

#include <algorithm>
#include <cstdio>

namespace sunplan {

std::string normalize_division_code(const std::string& text) {
  std::string digits;
  for (std::size_t k = 0; k < text.size(); ++k) {
    const char c = text[k];
    if (c >= '0' && c <= '9')
      digits.push_back(c);
    else if (c == ' ' || c == '\t')
      continue;
    else if (c == '.' && !digits.empty()) {
      // "310101002.0" from a real-valued field: only zeros may follow the point.
      const std::string rest = text.substr(k + 1);
      if (rest.find_first_not_of("0 \t") != std::string::npos) return "";
      break;
    } else
      return "";
  }
  switch (digits.size()) {
    case 2:
    case 4:
    case 6:
    case 9:
      return digits;
    case 12:
      return digits.ends_with("000") ? digits.substr(0, 9) : digits;
    default:
      return "";
  }
}

std::optional<AdminLevel> level_of_code(const std::string& digits) {
  switch (digits.size()) {
    case 2:
      return AdminLevel::province;
    case 4:
      return AdminLevel::city;
    case 6:
      return AdminLevel::county;
    case 9:
      return AdminLevel::township;
    case 12:
      return AdminLevel::village;
    default:
      return std::nullopt;
  }
}

std::string code_prefix(const std::string& code, AdminLevel level) {
  const auto n = static_cast<std::size_t>(code_digits(level));
  return code.size() >= n ? code.substr(0, n) : std::string();
}

AdminUnits build_hierarchy(std::vector<TownshipInput>& townships,
                           const std::map<std::string, UpperUnitInput>& upper) {
  AdminUnits out;
  std::map<std::string, std::int32_t> index_of;  // code -> unit index, for upper levels

  auto ensure_unit = [&](const std::string& code, AdminLevel level, std::int32_t parent) {
    auto it = index_of.find(code);
    if (it != index_of.end()) return it->second;
    AdminUnit u;
    u.code = code;
    u.level = level;
    u.parent = parent;
    auto known = upper.find(code);
    if (known != upper.end()) {
      u.name = known->second.name;
      u.geometry = known->second.geometry;
      u.source_row = known->second.source_row;
    } else {
      u.name = code;
    }
    const auto idx = static_cast<std::int32_t>(out.units.size());
    out.units.push_back(std::move(u));
    index_of[code] = idx;
    return idx;
  };

  // Upper units first, in code order, so parents precede children and the order is
  // independent of the input order.
  std::vector<std::string> counties;
  for (const auto& t : townships) counties.push_back(code_prefix(t.unit.code, AdminLevel::county));
  std::sort(counties.begin(), counties.end());
  counties.erase(std::unique(counties.begin(), counties.end()), counties.end());
  for (const std::string& county : counties) {
    const auto p = ensure_unit(county.substr(0, 2), AdminLevel::province, kNone);
    const auto c = ensure_unit(county.substr(0, 4), AdminLevel::city, p);
    ensure_unit(county, AdminLevel::county, c);
  }
  for (auto& t : townships) {
    AdminUnit u = t.unit;
    u.level = AdminLevel::township;
    u.parent = index_of.at(code_prefix(u.code, AdminLevel::county));
    out.townships.push_back(static_cast<std::int32_t>(out.units.size()));
    out.units.push_back(std::move(u));
  }
  return out;
}

std::optional<UrbanRural> parse_urban_rural(const std::string& text) {
  static const char* urban[] = {"urban", "Urban", "URBAN", "城镇", "城市", "城区", "1", "u", "U"};
  static const char* rural[] = {"rural", "Rural", "RURAL", "乡村", "农村", "2", "r", "R"};
  for (const char* u : urban)
    if (text == u) return UrbanRural::urban;
  for (const char* r : rural)
    if (text == r) return UrbanRural::rural;
  return std::nullopt;
}

void classify_urban_rural(AdminUnits& units, const std::vector<TownshipInput>& inputs,
                          const std::map<std::string, VillageCounts>& villages,
                          const UrbanRuralOptions& options) {
  const bool any = options.rule == UrbanRuralRule::automatic;
  char buf[160];
  for (std::size_t k = 0; k < units.townships.size(); ++k) {
    AdminUnit& u = units.units[static_cast<std::size_t>(units.townships[k])];
    const TownshipInput& in = inputs[k];
    u.urban_rural = UrbanRural::unknown;
    u.urban_rule.clear();

    if ((any || options.rule == UrbanRuralRule::explicit_field) && in.explicit_class) {
      u.urban_rural = *in.explicit_class;
      u.urban_rule = "explicit field";
      continue;
    }
    if (any || options.rule == UrbanRuralRule::villages) {
      auto it = villages.find(u.code);
      if (it != villages.end() && it->second.urban + it->second.rural > 0) {
        const int n = it->second.urban + it->second.rural;
        const double share = static_cast<double>(it->second.urban) / n;
        u.urban_rural = share >= options.share_threshold ? UrbanRural::urban : UrbanRural::rural;
        std::snprintf(buf, sizeof buf, "villages: %d of %d urban (share %.2f %s %.2f)",
                      it->second.urban, n, share, share >= options.share_threshold ? ">=" : "<",
                      options.share_threshold);
        u.urban_rule = buf;
        continue;
      }
      if (in.urban_share) {
        const double share = *in.urban_share;
        u.urban_rural = share >= options.share_threshold ? UrbanRural::urban : UrbanRural::rural;
        std::snprintf(buf, sizeof buf, "urban_share %.2f %s %.2f", share,
                      share >= options.share_threshold ? ">=" : "<", options.share_threshold);
        u.urban_rule = buf;
        continue;
      }
    }
    if (any || options.rule == UrbanRuralRule::name) {
      const std::string& n = u.name;
      if (n.ends_with("街道") || n.ends_with("街道办事处")) {
        u.urban_rural = UrbanRural::urban;
        u.urban_rule = "name suffix 街道";
      } else if (n.ends_with("乡") || n.ends_with("苏木") || n.ends_with("民族乡")) {
        u.urban_rural = UrbanRural::rural;
        u.urban_rule = n.ends_with("苏木") ? "name suffix 苏木" : "name suffix 乡";
      } else if (n.ends_with("镇")) {
        u.urban_rural = options.town_is_urban_by_name ? UrbanRural::urban : UrbanRural::rural;
        u.urban_rule = std::string("name suffix 镇 (town_by_name = ") +
                       (options.town_is_urban_by_name ? "urban)" : "rural)");
      }
    }
    if (u.urban_rural == UrbanRural::unknown) u.urban_rule = "no rule applies";
  }
}

}  // namespace sunplan
