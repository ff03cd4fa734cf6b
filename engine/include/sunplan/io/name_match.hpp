// Names compared loosely, one way for every reader: column headers as office software and
// people write them ("Village_Name", "village name", "村（社区）") match the names sunplan
// knows ("villagename", "村社区").
//
//   if (loose(header) == loose("村（社区）")) ...          // "村(社区)", "村 社区" match too
//   if (loose_list(header) == loose_list("乡镇街道")) ...  // "乡镇、街道" matches too
//   const std::string ext = ascii_lower(".SHP");           // ".shp"
//
// Only ASCII letters change case: Chinese names have none, and a locale-dependent fold
// could make the same file read differently on two machines.
#pragma once

#include <string>
#include <string_view>

namespace sunplan::io {

// ASCII letters lower-cased; every other byte as it is.
std::string ascii_lower(std::string s);

// ASCII case, spaces, '_', '-' and brackets (ASCII or full-width （）) do not matter.
std::string loose(std::string_view name);

// loose, and the enumeration comma '、' does not matter either: for headers that list
// alternatives ("乡镇、街道", "村、社区").
std::string loose_list(std::string_view name);

}  // namespace sunplan::io
