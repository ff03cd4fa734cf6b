#include <chrono>
#include <ctime>

#include "sunplan/io/load.hpp"
#include "sunplan/io/output_layer.hpp"
#include "sunplan/io/output_transaction.hpp"
#include "sunplan/version.hpp"

namespace sunplan {

void write_problems_layer(const ProblemLog& problems, const std::string& path,
                          OutputTransaction& out) {
  // Points where the location is known; the rest as rows without geometry would need a
  // second layer, so they sit at NULL geometry in the same layer.
  OutputLayer layer("problems", GeometryKind::point);
  layer.fields = {{"severity", FieldType::text}, {"file", FieldType::text},
                  {"layer", FieldType::text},    {"row", FieldType::integer},
                  {"field", FieldType::text},    {"feature_id", FieldType::text},
                  {"reason", FieldType::text}};
  OutputLayer table("problems_without_location", GeometryKind::none);
  table.fields = layer.fields;
  for (const Problem& p : problems.all()) {
    std::vector<FieldValue> row{std::string(to_string(p.severity)),
                                p.file,
                                p.layer,
                                std::int64_t{p.row},
                                p.field,
                                p.feature_id,
                                p.reason};
    if (p.lonlat)
      layer.add_point(*p.lonlat, std::move(row));
    else
      table.add_row(std::move(row));
  }
  // run_metadata marks the file as sunplan's, so a later `check --problems` may replace it.
  OutputLayer meta("run_metadata", GeometryKind::none);
  meta.fields = {{"key", FieldType::text}, {"value", FieldType::text}};
  meta.add_row({std::string("software"), std::string("sunplan ") + kVersion});
  meta.add_row({std::string("kind"), std::string("problems of sunplan check")});
  ResultWriter writer(out, path, "EPSG:4326", "EPSG:4326");
  writer.write(layer);
  writer.write(table);
  writer.write(meta);
  writer.commit();
}

}  // namespace sunplan
