// What a layer is for, and which of its columns hold sunplan's fields, judged from its geometry,
// its column names (Chinese and English) and, above all, its values: a column is mapped only
// when most of its sampled values are what the field needs (9-digit township codes, disability
// categories, base types, dates, ...). Used by `sunplan init --from`. Internal to io.
//
//   RoleGuess g = guess_role(summary);   // {"townships", 100, "polygons with township codes in
//   '乡镇代码'"} LayerChoice c{&summary, g.role, g.why}; map_fields(c);                       //
//   c.fields = {code: 乡镇代码, name: 乡镇名称, ...}
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "locate_columns.hpp"
#include "sunplan/core/dataset.hpp"
#include "sunplan/io/draft_scenario.hpp"
#include "sunplan/io/inspect.hpp"

namespace sunplan::io {

// The roles a layer can take, in the order the scenario lists them.
const std::vector<std::string>& layer_roles();

// The level of a statistical division code by its length and trailing zeros ("321102001" and
// "321102001000" township, "321102" and "321102000000" county, "321100" city, "320000"
// province, "321102001001" village); nullopt when the text is not such a code.
std::optional<AdminLevel> division_level(const std::string& text);
// A township code in its 9-digit form ("" when the text is not a township code).
std::string township_code9(const std::string& text);

struct RoleGuess {
  std::string role;  // "" when the layer fits no role
  int score = 0;     // higher is surer; the best layer of each role takes it
  std::string why;   // the evidence, for a comment
};
// `located`: the table's address/division columns (tables without coordinates), which let its
// rows be placed and so let it take the roles of point layers.
RoleGuess guess_role(const LayerSummary& layer, const LocateColumns* located = nullptr);

// Maps the fields of c.role to c.layer's columns (c.fields, with the evidence in c.field_notes);
// for youth also sets c.mode ("points" or "counts"). Columns in c.address and c.divisions
// are not mapped to fields.
void map_fields(LayerChoice& c);

}  // namespace sunplan::io
