#include "sunplan/scene/statistics.hpp"

#include <cmath>
#include <map>

#include "sunplan/scene/admin_layer.hpp"

namespace sunplan::scene {

namespace {

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

// code -> name from a layer with `code` and `name` columns.
void collect_names(const Layer* layer, std::map<std::string, std::string>& out) {
  if (!layer) return;
  const int code = layer->column("code");
  const int name = layer->column("name");
  if (code < 0 || name < 0) return;
  for (std::size_t f = 0; f < layer->size(); ++f)
    out.emplace(layer->value_text(static_cast<std::size_t>(code), f),
                layer->value_text(static_cast<std::size_t>(name), f));
}

}  // namespace

StatTable summarize(const Scene& scene, const Layer& units, AdminLevel level,
                    std::string_view parent_code, const std::vector<std::string>& fields) {
  StatTable table;
  table.level = level;
  table.parent_code = std::string(parent_code);
  std::vector<int> cols;
  for (const std::string& f : fields) {
    const int c = units.column(f);
    if (c >= 0 && units.columns[static_cast<std::size_t>(c)].numeric) {
      table.fields.push_back(f);
      cols.push_back(c);
    }
  }
  const int code_col = units.column("code");
  if (code_col < 0) return table;
  const int name_col = units.column("name");
  const int county_col = units.column("county");
  const std::size_t digits = static_cast<std::size_t>(code_digits(level));

  std::map<std::string, std::string> names;
  // Townships are named by the units themselves (below), not by another layer.
  if (level != AdminLevel::township)
    if (const char* l = layer_for(level); *l) collect_names(scene.find(l), names);

  std::map<std::string, StatRow> groups;
  for (std::size_t f = 0; f < units.size(); ++f) {
    const std::string code = units.value_text(static_cast<std::size_t>(code_col), f);
    if (code.size() < digits || code.compare(0, parent_code.size(), parent_code) != 0) continue;
    const std::string key = code.substr(0, digits);
    auto [it, inserted] = groups.try_emplace(key);
    StatRow& row = it->second;
    if (inserted) {
      row.code = key;
      row.sums.assign(cols.size(), 0.0);
      if (auto n = names.find(key); n != names.end()) {
        row.name = n->second;
      } else if (level == AdminLevel::township && name_col >= 0) {
        row.name = units.value_text(static_cast<std::size_t>(name_col), f);
      } else if (level == AdminLevel::county && county_col >= 0) {
        const std::string county = units.value_text(static_cast<std::size_t>(county_col), f);
        if (!all_digits(county)) row.name = county;
      }
      if (row.name.empty()) row.name = key;
    }
    ++row.features;
    row.bounds.expand(units.feature_bounds[f]);
    for (std::size_t k = 0; k < cols.size(); ++k) {
      const double v = units.columns[static_cast<std::size_t>(cols[k])].numbers[f];
      if (!std::isnan(v)) row.sums[k] += v;
    }
  }
  table.rows.reserve(groups.size());
  for (auto& [code, row] : groups) table.rows.push_back(std::move(row));
  return table;
}

}  // namespace sunplan::scene
