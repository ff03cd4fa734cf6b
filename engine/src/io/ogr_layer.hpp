// Opening one scenario layer with GDAL/OGR and turning its features into core types.
// Internal to the io module: nothing outside io/ sees a GDAL type.
#pragma once

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "office_table.hpp"
#include "sunplan/core/geometry.hpp"
#include "sunplan/io/load.hpp"
#include "sunplan/io/scenario.hpp"
#include "text_encoding.hpp"

namespace sunplan::io {

struct OpenedLayer {
  // An office table's decoded copy (office_table.hpp); declared first so it outlives the
  // dataset reading it.
  std::shared_ptr<MemoryFile> memory;
  GDALDatasetUniquePtr dataset;
  OGRLayer* layer = nullptr;
  std::string crs;         // definition PROJ accepts: "EPSG:4326", WKT, "GCJ-02", ...
  std::string crs_note;    // e.g. "CSV has no CRS; assumed EPSG:4326"
  std::string names_note;  // column names not in the declared encoding, and the likely one
  std::string driver;
  std::string recode_from;  // re-encode strings from this encoding to UTF-8 ("" = none)
  std::string table_note;   // what was done to read an office table (encoding, title rows)
  // Text values already decoded and checked (values repeat: categories, types, codes).
  mutable std::unordered_map<std::string, std::pair<std::string, TextVerdict>> decoded;
  // The layer's column names in UTF-8 (decoded from `recode_from`: a GBK Shapefile's or CSV's
  // header is GBK too), and the column of a UTF-8 name (-1 when there is none).
  std::vector<std::string> field_names;
  std::unordered_map<std::string, int> field_at;  // the first column of each name
  int field_index(const std::string& utf8_name) const;
};

// Throws InputError (file, layer) when the source or layer cannot be opened, or when the
// layer has no CRS and the scenario names none.
OpenedLayer open_layer(const LayerSpec& spec);

// Mapping a field to "@fid" reads the feature id GDAL gives each row (e.g. a GeoPackage's
// primary key); mapping it to "" means the source has no such field.
inline constexpr const char* kFidField = "@fid";

// Throws InputError naming the field when a required source field is missing.
void require_fields(const OpenedLayer& opened, const LayerSpec& spec,
                    const std::vector<std::string>& required_keys);
bool has_field(const OpenedLayer& opened, const std::string& source_field);

// A field value as UTF-8 text; nullopt when unset/NULL. `verdict` says when the text does not
// decode under the layer's encoding (undecodable bytes are then replaced) or looks garbled,
// and which encoding it is likely in.
std::optional<std::string> field_text(const OpenedLayer& opened, const OGRFeature& f,
                                      const std::string& source_field, TextVerdict& verdict);
// The same, `bad_text` set when the text is not right.
std::optional<std::string> field_text(const OpenedLayer& opened, const OGRFeature& f,
                                      const std::string& source_field, bool& bad_text);

// Geometry conversion in the layer's own CRS. Curves are linearised. Returns false with a
// reason when the geometry is NULL, empty or of the wrong kind; to_multipolygon returns true
// with a non-empty reason when it dropped a degenerate ring (the caller reports it).
bool to_point(const OGRGeometry* g, Vec2& out, std::string& reason);
// A coordinate written in a cell: a finite decimal number, spaces around it allowed, into
// `out`. Returns "" when it is one, else why not ("empty", "not a number", "not a finite
// number (NaN or infinity)", "a number followed by other text"), without quoting the cell: a
// youth's coordinates are personal.
std::string read_coordinate(const std::string& text, double& out);
// The geometry with curves linearised (kept alive by `holder`), or nullptr with the reason
// ("no geometry", "empty geometry"): the first step of every conversion below.
const OGRGeometry* linearised(const OGRGeometry* g, std::unique_ptr<OGRGeometry>& holder,
                              std::string& reason);
bool to_multipolygon(const OGRGeometry* g, MultiPolygon& out, std::string& reason);
std::string geometry_type_name(const OGRGeometry* g);

// The problems of one opened input layer: each is logged under the layer's file and name and
// counted in its LayerReport (started from the spec and the opened layer, with the CRS note).
struct LayerProblems {
  LayerReport report;
  ProblemLog& log;
  bool personal = false;  // the youth layer: reasons quote no value of a row (ids, ages, places)

  LayerProblems(const LayerSpec& spec, const OpenedLayer& opened, ProblemLog& problems);
  void add(Severity s, std::int64_t row, const std::string& field, const std::string& reason,
           const std::string& id, std::optional<Vec2> lonlat = std::nullopt);
};

}  // namespace sunplan::io
