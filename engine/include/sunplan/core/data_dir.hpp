// Where the installed programs find their read-only data (the vendored map library, ...).
//
//   std::filesystem::path js = sunplan::find_data_file("leaflet/leaflet.js");
//   // /usr/share/sunplan/leaflet/leaflet.js for /usr/bin/sunplan
//
// Folders tried, first hit wins: $SUNPLAN_DATA_DIR; <folder of the executable>/../share/sunplan
// (any install prefix, so a package unpacked anywhere works); the build tree's staged copy
// (the build-tree programs and tests). The executable's own prefix comes before the build tree,
// so an installed program never reads the source or build tree by accident.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace sunplan {

// The folders searched, in order (existing or not).
std::vector<std::filesystem::path> data_dirs();

// The first data folder holding `relative`; throws ResourceError naming every folder tried
// when none does.
std::filesystem::path find_data_file(const std::string& relative);

}  // namespace sunplan
