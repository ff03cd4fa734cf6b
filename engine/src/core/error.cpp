#include "sunplan/core/error.hpp"

namespace sunplan {

std::string format_location(const std::string& file, const std::string& layer, std::int64_t row,
                            const std::string& field) {
  std::string out;
  auto add = [&out](const std::string& part) {
    if (!out.empty()) out += ", ";
    out += part;
  };
  if (!file.empty()) add("file '" + file + "'");
  if (!layer.empty()) add("layer '" + layer + "'");
  if (row >= 0) add("row " + std::to_string(row));
  if (!field.empty()) add("field '" + field + "'");
  return out;
}

InputError::InputError(std::string file, std::string layer, std::int64_t row, std::string field,
                       const std::string& reason)
    : Error(ExitCode::input,
            [&] {
              std::string where = format_location(file, layer, row, field);
              return where.empty() ? reason : where + ": " + reason;
            }()),
      m_file(std::move(file)),
      m_layer(std::move(layer)),
      m_row(row),
      m_field(std::move(field)) {}

}  // namespace sunplan
