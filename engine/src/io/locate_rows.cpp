#include "locate_rows.hpp"

#include <array>

#include "sunplan/core/error.hpp"

namespace sunplan::io {

namespace {

// The columns in AddressParts order: province, city, county, township, village, address.
std::array<std::string, 6> columns_of(const LayerSpec& spec) {
  std::array<std::string, 6> c;
  const char* levels[] = {"province", "city", "county", "township", "village"};
  for (std::size_t k = 0; k < 5; ++k)
    if (auto it = spec.division_fields.find(levels[k]); it != spec.division_fields.end())
      c[k] = it->second;
  c[5] = spec.address_field;
  return c;
}

}  // namespace

void require_locate_columns(const OpenedLayer& opened, const LayerSpec& spec) {
  for (const auto& [level, column] : spec.division_fields)
    if (level != "province" && level != "city" && level != "county" && level != "township" &&
        level != "village")
      throw UsageError("layers." + spec.role + ".divisions." + level +
                       ": the levels are province, city, county, township and village");
  for (const std::string& column : columns_of(spec)) {
    if (column.empty() || has_field(opened, column)) continue;
    std::string names;
    const OGRFeatureDefn* defn = opened.layer->GetLayerDefn();
    for (int i = 0; i < defn->GetFieldCount(); ++i)
      names += (i ? ", " : "") + std::string(defn->GetFieldDefn(i)->GetNameRef());
    throw InputError(spec.display_source(), opened.layer->GetName(), -1, column,
                     "the column to locate rows by is missing (the layer has: " + names + ")");
  }
}

std::vector<gazetteer::PlaceMatch> match_layer_rows(const OpenedLayer& opened,
                                                    const LayerSpec& spec,
                                                    const gazetteer::AddressMatcher& matcher,
                                                    Progress& progress) {
  const auto columns = columns_of(spec);
  std::array<int, 6> index{};
  for (std::size_t k = 0; k < 6; ++k)
    index[k] =
        columns[k].empty() ? -1 : opened.layer->GetLayerDefn()->GetFieldIndex(columns[k].c_str());
  // Texts back to back in one pool, six offsets per row: a million rows stay compact.
  std::string pool;
  std::vector<std::size_t> offsets{0};
  opened.layer->ResetReading();
  for (auto& f : *opened.layer) {
    for (std::size_t k = 0; k < 6; ++k) {
      if (index[k] >= 0) {
        TextVerdict verdict;
        if (auto t = field_text(opened, *f, columns[k], verdict)) pool += *t;
      }
      offsets.push_back(pool.size());
    }
  }
  opened.layer->ResetReading();
  const std::size_t rows = (offsets.size() - 1) / 6;
  std::vector<gazetteer::AddressParts> parts(rows);
  auto text = [&](std::size_t row, std::size_t k) {
    const std::size_t i = row * 6 + k;
    return std::string_view(pool).substr(offsets[i], offsets[i + 1] - offsets[i]);
  };
  for (std::size_t r = 0; r < rows; ++r)
    parts[r] = {text(r, 0), text(r, 1), text(r, 2), text(r, 3), text(r, 4), text(r, 5)};
  auto matches = gazetteer::match_all(matcher, parts, progress);
  // The texts are personal data: cleared before they go out of scope, not left in freed memory.
  std::fill(pool.begin(), pool.end(), '\0');
  return matches;
}

}  // namespace sunplan::io
